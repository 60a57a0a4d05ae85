/**
 * `flowwatch ask "who edited flows this week" [--tz ZONE] [--json] [--no-sync] [--limit N] [--offset N]`:
 * answers a question from the store, syncing first when the period is not covered yet.
 */
import { runEstate } from '../../queries/estate.ts';
import { formatEstateQuestion } from '../../bot/commands/estate-words.ts';
import { renderEstateText } from '../estate-text.ts';
import { parseArgs } from 'node:util';
import { loadConfig, type Config } from '../../config/load-config.ts';
import { parseQuestion, readingText, tooLongText } from '../../bot/commands/parse.ts';
import { parseGovernanceQuestion } from '../../bot/commands/governance-question.ts';
import { runGovernanceQuery } from '../../queries/governance.ts';
import { renderGovernanceText } from '../governance-text.ts';
import { EXAMPLE_QUESTIONS } from '../../bot/commands/examples.ts';
import { formatQuestion } from '../../bot/commands/format-question.ts';
import { canonicalTimeZone } from '../../queries/period.ts';
import { runQuery, type RunContext } from '../../queries/run.ts';
import { PAGE_SIZE } from '../../queries/page-size.ts';
import type { ParseOutcome, QueryResult } from '../../queries/query.ts';
import type { Store } from '../../store/store.ts';
import { renderResultText } from '../table.ts';

export const summary = 'answer a question, e.g. flowwatch ask "who edited flows this week"';

const HELP = `usage: flowwatch ask "QUESTION" [--tz ZONE] [--json] [--no-sync] [--limit N] [--offset N]

Answers a question about Power Automate flows from the audit events Flowwatch has stored.
When the period is not fully synced yet, syncs once first (unless --no-sync).

  --tz ZONE     IANA time zone for the period and the times shown (default DEFAULT_TIMEZONE);
                a zone in the question ("… in Europe/Berlin") wins
  --json        print the answer as JSON (the QueryResult)
  --no-sync     answer from what is stored, without syncing first
  --limit N     rows per page (default ${PAGE_SIZE})
  --offset N    skip the first N rows

Questions you can ask:
${EXAMPLE_QUESTIONS.map((q) => `  ${q}`).join('\n')}

Exit code: 0 answered, 2 question or options not understood, 1 anything else.`;

/** What `ask` needs from the running system: the store and one sync pass. */
export interface AskRuntime {
  store: Store;
  /** Why this runtime must not sync (a demo runtime over imported files), if so. */
  syncBlocked?: string | null;
  syncOnce(): Promise<unknown>;
  close(): Promise<void>;
}

export interface AskDeps {
  loadConfig: () => Config;
  /** With `sync: false` (--no-sync) only the store: no emulator, no audit client. */
  openRuntime: (config: Config, options: { sync: boolean }) => Promise<AskRuntime>;
  now: () => Date;
  out: (text: string) => void;
  err: (text: string) => void;
}

export async function run(args: string[]): Promise<number> {
  return ask(args, {
    loadConfig: () => loadConfig(),
    // Loaded only when a question is answered, so --help and unknown text start fast.
    openRuntime: async (config, { sync }) =>
      sync ? (await import('../../runtime/runtime.ts')).openRuntime(config) : storeOnly(config),
    now: () => new Date(),
    out: (text) => console.log(text),
    err: (text) => console.error(text),
  });
}

/** The command with its surroundings passed in, so tests can run it against any store. */
export async function ask(args: string[], deps: AskDeps): Promise<number> {
  const options = readOptions(args);
  if ('error' in options) {
    deps.err(`flowwatch ask: ${options.error}\n\n${HELP}`);
    return 2;
  }
  if (options.help) {
    deps.out(HELP);
    return 0;
  }
  const governance = parseGovernanceQuestion(options.question);
  if (governance)
    return answerCovered(
      options,
      deps,
      (store, context) => runGovernanceQuery(store, governance.query, context),
      (result) => {
        const { readAs } = governance;
        if (options.json) deps.out(JSON.stringify({ ...(readAs ? { readAs } : {}), ...result }, null, 2));
        else deps.out([...(readAs ? [readAs] : []), renderGovernanceText(result)].join('\n'));
      },
    );
  const outcome = parseQuestion(options.question);
  if (outcome.kind === 'estate') return askEstate(outcome, options, deps);
  if (outcome.kind !== 'query') return answerUnread(outcome, options.json, deps);
  return answerCovered(
    options,
    deps,
    (store, context) => runQuery(store, outcome.query, context),
    (result, config) => printAnswer(result, outcome, config, deps, options.json),
  );
}

/**
 * Opens the runtime, answers, and when the period is not covered yet syncs once and answers again
 * (unless --no-sync); the same steps for flow questions and connection or data-policy questions.
 */
async function answerCovered<R extends { coverage: { complete: boolean } }>(
  options: AskOptions,
  deps: AskDeps,
  answer: (store: Store, context: RunContext) => Promise<R>,
  print: (result: R, config: Config) => void,
): Promise<number> {
  const config = deps.loadConfig();
  const timeZone = canonicalTimeZone(options.tz ?? config.defaultTimeZone);
  if (!timeZone) {
    deps.err(`flowwatch ask: --tz "${options.tz}" is not an IANA time zone; use a name like Europe/Berlin`);
    return 2;
  }
  const runtime = await deps.openRuntime(config, { sync: options.sync });
  try {
    const context = (): RunContext => ({
      now: deps.now(),
      timeZone,
      offset: options.offset,
      limit: options.limit,
      staleAfterMs: 3 * config.sync.intervalMs,
    });
    let result = await answer(runtime.store, context());
    if (!result.coverage.complete && options.sync && (await syncedOnce(runtime, deps)))
      result = await answer(runtime.store, context());
    print(result, config);
    return 0;
  } finally {
    await runtime.close();
  }
}

/** "which flows use HTTP": answered from the stored flow inventory (the serving runtime keeps it current). */
async function askEstate(
  outcome: Extract<ParseOutcome, { kind: 'estate' }>,
  options: AskOptions,
  deps: AskDeps,
): Promise<number> {
  const config = deps.loadConfig();
  const runtime = await deps.openRuntime(config, { sync: false });
  try {
    const result = await runEstate(runtime.store, outcome.query, { offset: options.offset, limit: options.limit });
    if (options.json) {
      const question = formatEstateQuestion(outcome.query);
      deps.out(
        JSON.stringify({ question, ...(outcome.reading ? { reading: outcome.reading } : {}), ...result }, null, 2),
      );
      return 0;
    }
    if (outcome.reading) deps.out(readingText(outcome.reading));
    deps.out(renderEstateText(result));
    return 0;
  } finally {
    await runtime.close();
  }
}

/** Help, text not understood, or text too long: what ask prints, and its exit code. */
function answerUnread(
  outcome: Exclude<ParseOutcome, { kind: 'query' | 'estate' }>,
  json: boolean,
  deps: AskDeps,
): number {
  switch (outcome.kind) {
    case 'help':
      deps.out(HELP);
      return 0;
    case 'unknown':
      if (json) deps.out(JSON.stringify(outcome, null, 2));
      else
        deps.err(
          `Sorry, I did not understand "${outcome.text}". Try:\n${outcome.suggestions.map((s) => `  flowwatch ask "${s}"`).join('\n')}`,
        );
      return 2;
    case 'tooLong':
      deps.err(`flowwatch ask: ${tooLongText(outcome)}`);
      return 2;
    case 'summary':
      deps.err(
        'flowwatch ask: a summary is the digest card; ask it in Teams, or run flowwatch digest --preview --date YYYY-MM-DD for one day',
      );
      return 2;
  }
}

/** One sync before answering again; false (and why on stderr) when it cannot or did not happen. */
async function syncedOnce(runtime: AskRuntime, deps: AskDeps): Promise<boolean> {
  if (runtime.syncBlocked) {
    deps.err(`flowwatch ask: not syncing: ${runtime.syncBlocked}`);
    return false;
  }
  try {
    await runtime.syncOnce();
    return true;
  } catch (error) {
    // The stored answer is still worth showing; its coverage line says what may be missing.
    deps.err(`flowwatch ask: sync failed (${(error as Error).message}); answering from what is stored`);
    return false;
  }
}

/** --no-sync: the configured store alone, so nothing starts that could sync (no emulator, no token). */
async function storeOnly(config: Config): Promise<AskRuntime> {
  const { openStore } = await import('../../store/open.ts');
  const store = await openStore(config);
  return {
    store,
    syncOnce: () => Promise.reject(new Error('--no-sync: not syncing')),
    close: () => store.close(),
  };
}

/** The answer, as JSON or as text, with how the question was read when not as typed. */
function printAnswer(
  result: QueryResult,
  outcome: Extract<ParseOutcome, { kind: 'query' }>,
  config: Config,
  deps: AskDeps,
  json: boolean,
): void {
  const { reading } = outcome;
  if (json) {
    const question = formatQuestion(outcome.query);
    deps.out(JSON.stringify({ question, ...(reading ? { reading } : {}), ...result }, null, 2));
    return;
  }
  if (reading) deps.out(readingText(reading));
  deps.out(renderResultText(result, { now: deps.now(), riskyConnectors: config.riskyConnectors }));
}

interface AskOptions {
  question: string;
  tz: string | undefined;
  json: boolean;
  sync: boolean;
  help: boolean;
  limit: number;
  offset: number;
}

function readOptions(args: string[]): AskOptions | { error: string } {
  let parsed;
  try {
    parsed = parseArgs({
      args,
      allowPositionals: true,
      options: {
        tz: { type: 'string' },
        json: { type: 'boolean', default: false },
        'no-sync': { type: 'boolean', default: false },
        limit: { type: 'string' },
        offset: { type: 'string' },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
  } catch (error) {
    return { error: (error as Error).message };
  }
  const { values, positionals } = parsed;
  const limit = wholeNumber(values.limit, PAGE_SIZE, 1, 1000);
  const offset = wholeNumber(values.offset, 0, 0, 1_000_000);
  if (limit === null) return { error: `--limit "${values.limit}" is not a whole number from 1 to 1000` };
  if (offset === null) return { error: `--offset "${values.offset}" is not a whole number from 0` };
  const question = positionals.join(' ').trim();
  if (!question && !values.help) return { error: 'no question given' };
  return { question, tz: values.tz, json: values.json, sync: !values['no-sync'], help: values.help, limit, offset };
}

function wholeNumber(text: string | undefined, fallback: number, min: number, max: number): number | null {
  if (text === undefined) return fallback;
  const n = Number(text);
  return Number.isInteger(n) && n >= min && n <= max ? n : null;
}
