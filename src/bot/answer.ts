/**
 * From a question (typed text or a card's action data) to the Adaptive Card that answers it.
 * No Teams or HTTP here: the handler in flowwatch-bot.ts decides who may ask and how to send.
 */
import { MAX_QUESTION_CHARS, parseQuestion, readingText, tooLongText } from './commands/parse.ts';
import { parseGovernanceQuestion } from './commands/governance-question.ts';
import { renderGovernanceCard } from '../cards/governance-card.ts';
import { runGovernanceQuery, type GovernanceQuery } from '../queries/governance.ts';
import { renderNoticeCard } from '../cards/notice-card.ts';
import { runQuery } from '../queries/run.ts';
import { renderHelpCard } from '../cards/help-card.ts';
import { renderResultCard } from '../cards/result-card.ts';
import type { FlowQuery, ResolvedPeriod } from '../queries/query.ts';
import { resolvePeriod } from '../queries/period.ts';
import { PAGE_SIZE } from '../queries/page-size.ts';
import type { Store } from '../store/store.ts';
import type { InventoryState } from '../model/flow-identity.ts';
import type { KnownNames } from './known-names.ts';
import { answerEstate } from './estate-answer.ts';

export interface AnswerDeps {
  store: Store;
  now: () => Date;
  riskyConnectors: string[];
  /** The digest card of `period`, its totals compared with `against` (default: the period just before). */
  summarize?: (period: ResolvedPeriod, against?: ResolvedPeriod) => Promise<Record<string, unknown>>;
  /** The tenant's own names (connectors) for typo correction; absent: the parser's vocabulary only. */
  knownNames?: KnownNames;
  /** How the flow inventory stands (cards say why flows have no names); 'ok' when absent. */
  inventoryState?: () => InventoryState;
}

/** The asker's zone, used when the question names none; how the typed question was read, if not as typed. */
export interface AnswerContext {
  timeZone: string;
  readAs?: string;
}

/**
 * Runs a query and renders its card (one page, starting at `offset`) here, inside the turn, so a
 * card that fails to render fails the turn and gets onTurnError's answer.
 */
export async function answerQuery(
  query: FlowQuery,
  offset: number,
  ctx: AnswerContext,
  deps: AnswerDeps,
): Promise<Record<string, unknown>> {
  const now = deps.now();
  const inventory = deps.inventoryState?.() ?? 'ok';
  const result = await runQuery(deps.store, query, {
    now,
    timeZone: ctx.timeZone,
    offset,
    limit: PAGE_SIZE,
    inventory,
  });
  const cardContext = {
    timeZone: result.period.timeZone,
    riskyConnectors: deps.riskyConnectors,
    pageSize: PAGE_SIZE,
    ...(ctx.readAs ? { readAs: ctx.readAs } : {}),
    now,
  };
  return renderResultCard(result, cardContext);
}

/** A connection or data-policy question's card (one page from `offset`), for typed text, Refresh and Show more. */
export async function answerGovernance(
  query: GovernanceQuery,
  offset: number,
  ctx: AnswerContext,
  deps: AnswerDeps,
): Promise<Record<string, unknown>> {
  const result = await runGovernanceQuery(deps.store, query, {
    now: deps.now(),
    timeZone: ctx.timeZone,
    offset,
    limit: PAGE_SIZE,
  });
  return renderGovernanceCard(result, ctx.readAs ? { readAs: ctx.readAs } : {});
}

/** Answers typed text: a result card, or the help card (with suggestions when the text was not understood). */
export async function answerText(text: string, ctx: AnswerContext, deps: AnswerDeps): Promise<object> {
  if (text === '') return renderHelpCard({});
  // A text over the limit is refused unread: not even the tenant's names are fetched for it.
  // Connections and data policies first: their words mean nothing to the flow parser.
  const governance = parseGovernanceQuestion(text);
  if (governance) return answerGovernance(governance.query, 0, { ...ctx, ...pick(governance.readAs) }, deps);
  const corrector = text.length > MAX_QUESTION_CHARS ? undefined : await deps.knownNames?.typoCorrector();
  const outcome = parseQuestion(text, corrector);
  if (outcome.kind === 'help') return renderHelpCard({});
  if (outcome.kind === 'unknown') return renderHelpCard({ suggestions: outcome.suggestions, text: outcome.text });
  if (outcome.kind === 'tooLong') return renderNoticeCard('That is too long for a question', tooLongText(outcome));
  if (outcome.kind === 'summary') {
    if (!deps.summarize)
      return renderNoticeCard('No summaries here', 'Summaries are digest cards, and the digest is off.');
    const zone = outcome.timeZone ?? ctx.timeZone;
    const against = outcome.against ? resolvePeriod(outcome.against, zone, deps.now()) : undefined;
    return deps.summarize(resolvePeriod(outcome.period, zone, deps.now()), against);
  }
  const readAs = outcome.reading ? readingText(outcome.reading) : undefined;
  if (outcome.kind === 'estate') return answerEstate(outcome.query, 0, { ...ctx, ...(readAs ? { readAs } : {}) }, deps);
  return answerQuery(outcome.query, 0, { ...ctx, ...(readAs ? { readAs } : {}) }, deps);
}

function pick(readAs: string | undefined): { readAs?: string } {
  return readAs ? { readAs } : {};
}
