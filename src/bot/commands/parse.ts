import {
  MAX_TOP,
  type EstateQuery,
  type FlowQuery,
  type ParseOutcome,
  type PeriodSpec,
  type QuestionReading,
} from '../../queries/query.ts';
import { canonicalTimeZone } from '../../queries/period.ts';
import { CONNECTOR_OPERATIONS, CONNECTOR_VOCABULARY, takeConnector } from './connector-words.ts';
import { suggestQuestions } from './suggest.ts';
import { OPERATION_VOCABULARY, takeOperations } from './operation-words.ts';
import { COMPARISON_VOCABULARY, takeComparison } from './comparison-words.ts';
import { PERIOD_VOCABULARY, takePeriod, toNumber } from './period-words.ts';
import { Scan } from './scan.ts';
import { formatQuestion, periodText } from './format-question.ts';
import { typoCorrector, type Correction, type TypoCorrector } from './typos.ts';
import { wordsOfPatterns } from './vocabulary.ts';
import { SHAPE_VOCABULARY, takeShape } from './shape-words.ts';
import { ESTATE_VOCABULARY, estateQueryOf, formatEstateQuestion, takeEstateWords } from './estate-words.ts';

/**
 * The period of a question that names none. "Last 7 days" rather than "today": a question
 * like "who shared flows" asks about recent activity, "today" is nearly empty early in the
 * morning, and 7 days is what the Management Activity API keeps (audit-apis.md §3.5). Every
 * answer states its period, so the default is never hidden.
 */
const DEFAULT_DAYS = 7;
export const DEFAULT_PERIOD: PeriodSpec = { kind: 'lastDays', days: DEFAULT_DAYS };

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
/** "overview of last month", "recap of flow activity this week", "summary of flow changes yesterday". */
const SUMMARY = /\b(?:an?\s+)?(?:overview|summary|summari[sz]e|recap|roundup|round-up)\b(?:\s+(?:of|for|on))?/i;

/** "top 5 makers", "top ten connectors": the number, with the noun left for the shape rules. */
const TOP =
  /\btop\s+(\d{1,3}|one|two|three|four|five|six|seven|eight|nine|ten|twenty)\b(?=\s+(?:makers?|creators?|users?|people|connectors?|environments?)\b)/i;

/** Takes "top N" out, leaving "top" for the shape rules ("top makers"); null when no number is given. */
function takeTop(scan: Scan): number | null {
  scan.steps += scan.rest.length;
  const match = TOP.exec(scan.rest);
  if (!match) return null;
  scan.replace(match.index, match[0].length, 'top');
  return toNumber(match[1]);
}

/** Rankings by environment: "busiest environments", "which environments had the most new flows", "by environment". */
const BY_ENVIRONMENT =
  /\b(?:grouped\s+)?(?:by|per)\s+environments?\b|\b(?:busiest|top|which|what|most\s+active)\s+environments\b|\benvironments\s+(?:with|had|having|have)\s+the\s+most\b/i;
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
    'would will recently recent lately newly by someone somebody anyone anybody people others most need want'
  ).split(' '),
);

/**
 * Words admins use that Flowwatch does not answer yet (hours, guests, connector tiers, the digest
 * by its name). Known to the corrector so that it leaves them as typed (and the question is not
 * understood) instead of "correcting" them into another word: "envs" must not become "env" and
 * filter on the next word, nor "compare" become "compared".
 */
const UNSUPPORTED_WORDS =
  'envs guests guest external premium custom standard hours hour compare digest report weekly'.split(' ');

/** The parser's own words, which typos are corrected to (typos.ts). */
const VOCABULARY = [
  ...FILLER,
  ...UNSUPPORTED_WORDS,
  ...COMPARISON_VOCABULARY,
  ...wordsOfPatterns([HELP, ZONE, SUMMARY, TOP, BY_ENVIRONMENT, ENVIRONMENT, MAKER, MAKERS_WORD, FLOW_WORD]),
  ...OPERATION_VOCABULARY,
  ...PERIOD_VOCABULARY,
  ...SHAPE_VOCABULARY,
  ...CONNECTOR_VOCABULARY,
  ...ESTATE_VOCABULARY,
];
const CORRECTOR = typoCorrector(VOCABULARY);

/**
 * A corrector that also knows `names` (connectors and environments the tenant has: a custom
 * connector's "Contoso Ordrs API" then reads as "Contoso Orders API"). Building one indexes every
 * word, so callers build it when the names change, not per question (src/bot/known-names.ts).
 */
export function correctorKnowing(names: Iterable<string>): TypoCorrector {
  const extra = [...names].flatMap((name) => name.toLowerCase().split(/\s+/));
  return typoCorrector([...VOCABULARY, ...extra]);
}

/**
 * Understands a question about flows ("who edited flows this week", "flows using HTTP by
 * avery@contoso.com last 30 days"). Pure. Operations, period, filters and shape are each taken
 * out of the text; if any word is left that means nothing here, the answer is `unknown` with
 * example questions close to the text, never a guess.
 */
export function parseQuestion(text: string, corrector: TypoCorrector = CORRECTOR): ParseOutcome {
  if (text.length > MAX_QUESTION_CHARS) return { kind: 'tooLong', length: text.length, limit: MAX_QUESTION_CHARS };
  return parseUnbounded(text, corrector).outcome;
}

/**
 * Everything parseQuestion does but the length bound, with the steps it took (the cost test and
 * the bench measure them). The text is read with its typos corrected first, then as typed, so a
 * correction can only turn "not understood" into an answer, and the answer says what was read.
 */
export function parseUnbounded(
  text: string,
  corrector: TypoCorrector = CORRECTOR,
): { outcome: ParseOutcome; steps: number } {
  const normalized = normalizeQuestion(text);
  const counter = { steps: 0 };
  const corrected = corrector.correct(normalized, counter);
  const attempts = corrected.corrections.length > 0 ? [corrected, { text: normalized, corrections: [] }] : [corrected];
  for (const attempt of attempts) {
    const scan = new Scan(attempt.text);
    const reading = readQuestion(text, scan);
    counter.steps += scan.steps;
    if (reading?.kind === 'help') return { outcome: reading, steps: counter.steps };
    if (reading?.kind === 'summary') {
      const { period, against, timeZone, periodSaid } = reading;
      const compared = against ? ` compared with ${periodText(against)}` : '';
      const question = `overview of ${periodText(period)}${compared}${timeZone ? ` in ${timeZone}` : ''}`;
      const readAs = readingOf(question, attempt.corrections, periodSaid);
      const outcome: ParseOutcome = {
        kind: 'summary',
        period,
        ...(against ? { against } : {}),
        ...(timeZone ? { timeZone } : {}),
        ...readAs,
      };
      return { outcome, steps: counter.steps };
    }
    if (reading?.kind === 'estate') {
      const readAs = readingOf(formatEstateQuestion(reading.query), attempt.corrections, true);
      return { outcome: { kind: 'estate', query: reading.query, ...readAs }, steps: counter.steps };
    }
    if (reading?.kind === 'query') {
      const { query, periodSaid } = reading;
      const outcome: ParseOutcome = {
        kind: 'query',
        query,
        ...readingOf(formatQuestion(query), attempt.corrections, periodSaid),
      };
      return { outcome, steps: counter.steps };
    }
  }
  return { outcome: { kind: 'unknown', text, suggestions: suggestQuestions(text) }, steps: counter.steps };
}

/** `{ reading }` when the question was not read exactly as typed (a word corrected, the period assumed), else nothing. */
function readingOf(question: string, corrections: Correction[], periodSaid: boolean): { reading?: QuestionReading } {
  return corrections.length > 0 || !periodSaid
    ? { reading: { question, corrections, periodAssumed: !periodSaid } }
    : {};
}

/** "Read as: new flows today ("flwos" as "flows")": what a corrected or defaulted question was read as. */
export function readingText(reading: QuestionReading): string {
  const notes = reading.corrections.map((c) => `"${c.from}" as "${c.to}"`);
  if (reading.periodAssumed) notes.push(`no period was said, so the last ${DEFAULT_DAYS} days`);
  return `Read as: ${reading.question}${notes.length > 0 ? ` (${notes.join('; ')})` : ''}`;
}

/** What the bot and the CLI say to a text over MAX_QUESTION_CHARS. */
export function tooLongText(outcome: { length: number; limit: number }): string {
  return (
    `That text is ${outcome.length.toLocaleString('en-US')} characters long; I read questions of up to ` +
    `${outcome.limit} characters, so I did not read it. Ask one short question, for example "who edited flows this week".`
  );
}

type Reading =
  | { kind: 'help' }
  | { kind: 'query'; query: FlowQuery; periodSaid: boolean }
  | { kind: 'estate'; query: EstateQuery }
  | { kind: 'summary'; period: PeriodSpec; against: PeriodSpec | null; timeZone: string | null; periodSaid: boolean }
  | null;

/** "overview of last month": a summary of a period, and nothing else asked of it (no filter, no shape). */
function summaryReading(r: {
  period: { period: PeriodSpec } | null;
  against: PeriodSpec | null;
  timeZone: string | null;
  filtered: boolean;
  shaped: boolean;
}): Reading {
  if (r.filtered || r.shaped) return null;
  return {
    kind: 'summary',
    period: r.period?.period ?? DEFAULT_PERIOD,
    against: r.against,
    timeZone: r.timeZone,
    periodSaid: r.period !== null,
  };
}

/** One reading of the (normalized) text in `scan`; null when it is not understood. */
function readQuestion(text: string, scan: Scan): Reading {
  const cleaned = scan.rest;
  if (HELP.test(cleaned) || text.trim() === '?') return { kind: 'help' };
  if (cleaned === '') return null;

  const zoneMatch = scan.take(ZONE);
  const timeZone = zoneMatch ? canonicalTimeZone(zoneMatch[1]) : null;
  if (zoneMatch && !timeZone) return null;
  const summary = scan.takeEach(SUMMARY).length > 0;
  const top = takeTop(scan);
  if (top !== null && (top < 1 || top > MAX_TOP)) return null;
  // Before the environment filter, which would read "by environment this week" as environment "this".
  const byEnvironment = scan.takeEach(BY_ENVIRONMENT).length > 0;
  const environment = scan.take(ENVIRONMENT)?.[1] ?? null;
  const estateWords = takeEstateWords(scan);
  const makerMatch = scan.take(MAKER);
  if (makerMatch && RECIPIENT_WORDS.has(makerMatch[1]?.toLowerCase() ?? '')) return null;
  const maker = makerMatch?.[2]?.toLowerCase() ?? null;
  const mentionsMakers = MAKERS_WORD.test(scan.rest);
  const period = takePeriod(scan);
  if (period && 'error' in period) return null;
  const comparison = takeComparison(scan, period);
  if (comparison === false) return null;
  const phrasedShape = takeShape(scan);
  const shape = byEnvironment ? 'byEnvironment' : phrasedShape;
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
    shape === 'byEnvironment' ||
    (shape === 'byMaker' && mentionsMakers);
  if (leftover.length > 0) return null;
  const eventWords = period || operations.said || summary || comparison || maker || top !== null || timeZone;
  const estate = estateQueryOf({ ...estateWords, environment, connector, shape, eventWords: Boolean(eventWords) });
  if (estate !== undefined) return estate && { kind: 'estate', query: estate };
  if (summary || comparison) {
    const filtered = Boolean(connector || maker || environment || top !== null);
    return summaryReading({ period, against: comparison?.against ?? null, timeZone, filtered, shaped: shape !== null });
  }
  if (!aboutFlows) return null;
  if (top !== null && shape !== 'byMaker' && shape !== 'byConnector' && shape !== 'byEnvironment') return null;

  const query: FlowQuery = {
    operations:
      !operations.said && (connector || shape === 'byConnector') ? CONNECTOR_OPERATIONS : operations.operations,
    period: period?.period ?? DEFAULT_PERIOD,
    shape: shape ?? 'list',
  };
  if (timeZone) query.timeZone = timeZone;
  if (connector) query.connector = connector;
  if (maker) query.maker = maker;
  if (environment) query.environment = environment;
  if (top !== null) query.top = top;
  return { kind: 'query', query, periodSaid: period !== null };
}

/** One line, single spaces, no sentence punctuation; a leading "@Flowwatch" mention dropped. */
function normalizeQuestion(text: string): string {
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
