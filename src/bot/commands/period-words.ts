import { DateTime } from 'luxon';
import type { PeriodSpec } from '../../queries/query.ts';
import type { Scan } from './scan.ts';
import { wordsOfPatterns } from './vocabulary.ts';

/** Longest "last N days" we accept: Purview keeps Power Automate records 180 days (audit-apis.md §3.5). */
export const MAX_DAYS = 180;

const NUMBER_WORDS: Record<string, number> = {
  one: 1,
  two: 2,
  three: 3,
  four: 4,
  five: 5,
  six: 6,
  seven: 7,
  eight: 8,
  nine: 9,
  ten: 10,
  eleven: 11,
  twelve: 12,
  fourteen: 14,
  fifteen: 15,
  twenty: 20,
  thirty: 30,
  sixty: 60,
  ninety: 90,
};
/** ISO order: Monday is 1. */
export const WEEKDAYS = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'] as const;
const NUMBER = `\\d+|${Object.keys(NUMBER_WORDS).join('|')}`;
/** Words that may lead into a period: "in the last 7 days", "during this week", "for today". */
const LEAD = String.raw`\b(?:(?:in|during|over|for|within|from)\s+)?(?:the\s+)?`;
const DATE = String.raw`(\d{4}-\d{2}-\d{2})`;

type Rule = [RegExp, (match: RegExpExecArray) => PeriodSpec];

const RULES: Rule[] = [
  [
    new RegExp(`${LEAD}(?:last|past|previous)\\s+(${NUMBER})\\s+days?\\b`, 'i'),
    (m) => ({ kind: 'lastDays', days: toNumber(m[1]) }),
  ],
  [new RegExp(`${LEAD}past\\s+(?:week|7\\s+days)\\b`, 'i'), () => ({ kind: 'lastDays', days: 7 })],
  [
    new RegExp(`${LEAD}(?:last|past|previous)\\s+(${NUMBER})\\s+weeks?\\b`, 'i'),
    (m) => ({ kind: 'lastDays', days: 7 * toNumber(m[1]) }),
  ],
  [new RegExp(`${LEAD}(?:last|past|previous)\\s+fortnight\\b`, 'i'), () => ({ kind: 'lastDays', days: 14 })],
  // Months are read as 30 days each: the card's period and "Read as" line say the days it used.
  [
    new RegExp(`${LEAD}(?:last|past|previous)\\s+(${NUMBER})\\s+months?\\b`, 'i'),
    (m) => ({ kind: 'lastDays', days: 30 * toNumber(m[1]) }),
  ],
  [new RegExp(`${LEAD}past\\s+month\\b`, 'i'), () => ({ kind: 'lastDays', days: 30 })],
  [/\bsince\s+yesterday\b/i, () => ({ kind: 'lastDays', days: 2 })],
  [new RegExp(`\\bsince\\s+${DATE}\\b`, 'i'), (m) => ({ kind: 'since', date: m[1] })],
  [new RegExp(`${LEAD}(?:so\\s+far\\s+)?today(?:\\s+so\\s+far)?\\b`, 'i'), () => ({ kind: 'today' })],
  [new RegExp(`${LEAD}yesterday\\b`, 'i'), () => ({ kind: 'yesterday' })],
  [
    new RegExp(`${LEAD}(?:this|current)\\s+week(?:\\s+so\\s+far)?\\b|\\bweek\\s+to\\s+date\\b`, 'i'),
    () => ({ kind: 'thisWeek' }),
  ],
  [new RegExp(`${LEAD}(?:last|previous)\\s+week\\b`, 'i'), () => ({ kind: 'lastWeek' })],
  [
    new RegExp(`${LEAD}(?:this|current)\\s+month(?:\\s+so\\s+far)?\\b|\\bmonth\\s+to\\s+date\\b`, 'i'),
    () => ({ kind: 'thisMonth' }),
  ],
  [new RegExp(`${LEAD}(?:last|previous)\\s+month\\b`, 'i'), () => ({ kind: 'lastMonth' })],
  [new RegExp(`\\b(?:on\\s+)?${DATE}\\b`, 'i'), (m) => ({ kind: 'on', date: m[1] })],
  [
    new RegExp(`\\b(?:on\\s+)?(${WEEKDAYS.join('|')})\\b`, 'i'),
    (m) => ({ kind: 'weekday', day: WEEKDAYS.indexOf(m[1].toLowerCase() as (typeof WEEKDAYS)[number]) + 1 }),
  ],
];

/** Every word these patterns know, for the typo corrector. */
export const PERIOD_VOCABULARY = wordsOfPatterns(RULES.map(([pattern]) => pattern));

/** A number in digits or in words ("three"). */
export function toNumber(text: string): number {
  return NUMBER_WORDS[text.toLowerCase()] ?? Number(text);
}

/**
 * Takes the first period said in the question. Returns null when none is said, or an error
 * text when one is said but cannot be used (an impossible date, "last 0 days").
 */
export function takePeriod(scan: Scan): { period: PeriodSpec } | { error: string } | null {
  for (const [pattern, build] of RULES) {
    const match = scan.take(pattern);
    if (!match) continue;
    const period = build(match);
    const error = periodError(period);
    return error ? { error } : { period };
  }
  return null;
}

function periodError(period: PeriodSpec): string | null {
  if (period.kind === 'lastDays' && (!Number.isInteger(period.days) || period.days < 1 || period.days > MAX_DAYS)) {
    return `"last ${period.days} days" must be from 1 to ${MAX_DAYS} days`;
  }
  if ((period.kind === 'since' || period.kind === 'on') && !DateTime.fromISO(period.date).isValid) {
    return `"${period.date}" is not a date`;
  }
  return null;
}
