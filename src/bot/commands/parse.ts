import type { FlowQuery, ParseOutcome, PeriodSpec } from '../../queries/query.ts';
import { canonicalTimeZone } from '../../queries/period.ts';
import { takeConnector } from './connector-words.ts';
import { suggestQuestions } from './suggest.ts';
import { takeOperations } from './operation-words.ts';
import { takePeriod } from './period-words.ts';
import { Scan } from './scan.ts';
import { takeShape } from './shape-words.ts';

/**
 * The period of a question that names none. "Last 7 days" rather than "today": a question
 * like "who shared flows" asks about recent activity, "today" is nearly empty early in the
 * morning, and 7 days is what the Management Activity API keeps (audit-apis.md §3.5). Every
 * answer states its period, so the default is never hidden.
 */
export const DEFAULT_PERIOD: PeriodSpec = { kind: 'lastDays', days: 7 };

/**
 * The longest text read as a question. Real questions are well under 200 characters (the
 * longest example in test/commands/parse.test.ts is about 120); a longer text is a pasted mail
 * or log, and is refused whole rather than cut, since a cut question could read as another one.
 * Parsing is linear anyway (scan.ts); the bound keeps each answer's cost small.
 */
export const MAX_QUESTION_CHARS = 500;

const HELP =
  /^(?:help|commands|examples|usage|what can you (?:do|answer)|how does (?:this|it) work)(?:\s+(?:me|please))?$/i;
const ZONE = /\b(?:in|at)\s+(?:the\s+)?(?:time\s*zone\s+)?([A-Za-z][\w+-]*(?:\/[\w+-]+)+|utc|gmt)(?:\s+time)?(?=\s|$)/i;
const ENVIRONMENT = /\b(?:(?:in|from|on)\s+)?(?:the\s+)?(?:environment|env)\s+(\S+)/i;
// (?<!\S): an address starts a word, so a long word without "@" is scanned once, not from each letter.
const MAKER = /(?:\b(by|from|for|of|maker|with|to)\s+)?(?<!\S)([^\s@]+@[^\s@]+\.[^\s@]+)/i;
/** "shared with x@…" names a recipient; there is no recipient filter, so it is not understood. */
const RECIPIENT_WORDS = new Set(['with', 'to']);
/** "top makers", "which creators": about flows even without the word "flows". */
const MAKERS_WORD = /\b(?:makers?|creators?)\b/i;
const FLOW_WORD = /\bflows?\b/i;

/** Words that carry no meaning of their own in a question about flows. */
const FILLER = new Set(
  (
    "what what's whats which show me list give get tell find see display the a an any all flows flow cloud power automate " +
    'were was is are been be have has had did do does there in on at during over for of to from and or with that these those ' +
    'please pls hi hello hey so far i we my our tenant it they them their some got about ones one use used using can you could ' +
    'would will recently recent by someone somebody anyone anybody'
  ).split(' '),
);

/**
 * Understands a question about flows ("who edited flows this week", "flows using HTTP by
 * avery@contoso.com last 30 days"). Pure. Operations, period, filters and shape are each taken
 * out of the text; if any word is left that means nothing here, the answer is `unknown` with
 * example questions close to the text, never a guess.
 */
export function parseQuestion(text: string): ParseOutcome {
  if (text.length > MAX_QUESTION_CHARS) return { kind: 'tooLong', length: text.length, limit: MAX_QUESTION_CHARS };
  return readQuestion(text, new Scan(normalizeQuestion(text)));
}

/** What the bot and the CLI say to a text over MAX_QUESTION_CHARS. */
export function tooLongText(outcome: { length: number; limit: number }): string {
  return (
    `That text is ${outcome.length.toLocaleString('en-US')} characters long; I read questions of up to ` +
    `${outcome.limit} characters, so I did not read it. Ask one short question, for example "who edited flows this week".`
  );
}

/** The parse itself, on any length of text: parseQuestion bounds it; the cost test measures `scan.steps`. */
export function readQuestion(text: string, scan: Scan): ParseOutcome {
  const cleaned = scan.rest;
  if (HELP.test(cleaned) || text.trim() === '?') return { kind: 'help' };
  const unknown = (): ParseOutcome => ({ kind: 'unknown', text, suggestions: suggestQuestions(text) });
  if (cleaned === '') return unknown();

  const zoneMatch = scan.take(ZONE);
  const timeZone = zoneMatch ? canonicalTimeZone(zoneMatch[1]) : null;
  if (zoneMatch && !timeZone) return unknown();
  const environment = scan.take(ENVIRONMENT)?.[1] ?? null;
  const makerMatch = scan.take(MAKER);
  if (makerMatch && RECIPIENT_WORDS.has(makerMatch[1]?.toLowerCase() ?? '')) return unknown();
  const maker = makerMatch?.[2]?.toLowerCase() ?? null;
  const mentionsMakers = MAKERS_WORD.test(scan.rest);
  const period = takePeriod(scan);
  if (period && 'error' in period) return unknown();
  const shape = takeShape(scan);
  const connector = takeConnector(scan);
  const mentionsFlows = FLOW_WORD.test(scan.rest);
  const operations = takeOperations(scan);

  const leftover = scan.words().filter((w) => !FILLER.has(w.toLowerCase()));
  const aboutFlows =
    operations.said ||
    mentionsFlows ||
    connector ||
    maker ||
    environment ||
    shape === 'byConnector' ||
    (shape === 'byMaker' && mentionsMakers);
  if (leftover.length > 0 || !aboutFlows) return unknown();

  const query: FlowQuery = {
    operations: operations.operations,
    period: period?.period ?? DEFAULT_PERIOD,
    shape: shape ?? 'list',
  };
  if (timeZone) query.timeZone = timeZone;
  if (connector) query.connector = connector;
  if (maker) query.maker = maker;
  if (environment) query.environment = environment;
  return { kind: 'query', query };
}

/** One line, single spaces, no sentence punctuation; a leading "@Flowwatch" mention dropped. */
export function normalizeQuestion(text: string): string {
  return text
    .replace(/<at>[^<]*<\/at>/gi, ' ')
    .replace(/[\u2018\u2019]/g, "'")
    .replace(/[\u201c\u201d"`]/g, ' ')
    .replace(/[,;!?]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/^@\S+\s*/, '')
    .replace(TRAILING_STOPS, '')
    .trim();
}

// The lookbehind anchors the run at its start: without it, each "." of a long run of them would
// start a scan to the run's end (quadratic).
const TRAILING_STOPS = /(?<![.:])[.:]+$/;
