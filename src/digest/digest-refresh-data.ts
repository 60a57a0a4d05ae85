import { DIGEST_SECTIONS, type DigestRefreshData, type DigestSectionName } from '../model/digest-model.ts';
import { periodOfDays } from './schedule.ts';
import { type DigestPeriod } from '../model/digest-model.ts';

export interface DigestRefreshRequest {
  period: DigestPeriod;
  lateSince: string | null;
  late: boolean;
  expand: DigestSectionName | '';
  /** A summary asked in chat ("overview of last month"), not a channel's digest. */
  summary?: true;
  /** A summary compared with another period than the one just before it. */
  against?: DigestPeriod;
}

const KEYS = new Set([
  'flowwatch',
  'periodKey',
  'from',
  'to',
  'timeZone',
  'firstDay',
  'lastDay',
  'lateSince',
  'late',
  'expand',
  'summary',
  'againstFirstDay',
  'againstLastDay',
  'msteams',
]);
const DAY = /^\d{4}-\d{2}-\d{2}$/;
/** A digest covers at most a long weekend, a summary at most the 180 days a question may ask; anything longer was not made by us. */
const MAX_DAYS = 7;
const MAX_SUMMARY_DAYS = 186;

/** True when an Action.Execute's data looks like a digest card's (so the digest answers it). */
export function isDigestActionData(data: unknown): boolean {
  return data !== null && typeof data === 'object' && (data as { flowwatch?: unknown }).flowwatch === 'digest';
}

/**
 * Reads the data of a digest card's Refresh / Show more. It comes back from the client, so it is
 * checked field by field and the period is rebuilt from its local days and zone (the UTC bounds
 * it carries must agree). Null when anything is off.
 */
export function readDigestRefreshData(data: unknown): DigestRefreshRequest | null {
  if (!isDigestActionData(data)) return null;
  const d = data as Partial<Record<keyof DigestRefreshData, unknown>> & Record<string, unknown>;
  if (!Object.keys(d).every((k) => KEYS.has(k))) return null;
  const { firstDay, lastDay, timeZone, from, to, periodKey, lateSince, late, expand, summary } = d;
  if (summary !== undefined && summary !== true) return null;
  const against = readAgainst(d.againstFirstDay, d.againstLastDay, timeZone, summary === true);
  if (against === false) return null;
  if (typeof firstDay !== 'string' || typeof lastDay !== 'string' || !DAY.test(firstDay) || !DAY.test(lastDay))
    return null;
  if (typeof timeZone !== 'string' || timeZone.length > 64) return null;
  let period: DigestPeriod | null;
  try {
    period = periodOfDays(firstDay, lastDay, timeZone);
  } catch {
    return null;
  }
  const maxDays = summary ? MAX_SUMMARY_DAYS : MAX_DAYS;
  if (!period || (Date.parse(period.to) - Date.parse(period.from)) / 86_400_000 > maxDays + 0.1) return null;
  if (
    periodKey !== period.key ||
    Date.parse(String(from)) !== Date.parse(period.from) ||
    Date.parse(String(to)) !== Date.parse(period.to)
  )
    return null;
  if (typeof late !== 'boolean') return null;
  if (typeof lateSince !== 'string' || (lateSince !== '' && Number.isNaN(Date.parse(lateSince)))) return null;
  if (typeof expand !== 'string' || (expand !== '' && !(DIGEST_SECTIONS as readonly string[]).includes(expand)))
    return null;
  return {
    period,
    lateSince: lateSince === '' ? null : new Date(lateSince).toISOString(),
    late,
    expand: expand as DigestSectionName | '',
    ...(summary ? { summary } : {}),
    ...(against ? { against } : {}),
  };
}

/** The compared period of a summary's data: undefined when absent, false when malformed or not a summary's. */
function readAgainst(
  first: unknown,
  last: unknown,
  timeZone: unknown,
  summary: boolean,
): DigestPeriod | undefined | false {
  if (first === undefined && last === undefined) return undefined;
  if (!summary || typeof first !== 'string' || typeof last !== 'string' || typeof timeZone !== 'string') return false;
  if (!DAY.test(first) || !DAY.test(last)) return false;
  try {
    const period = periodOfDays(first, last, timeZone);
    if (!period || (Date.parse(period.to) - Date.parse(period.from)) / 86_400_000 > MAX_SUMMARY_DAYS + 0.1)
      return false;
    return period;
  } catch {
    return false;
  }
}
