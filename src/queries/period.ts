import { DateTime } from 'luxon';
import { isKnownTimeZone } from '../model/known-time-zone.ts';
import type { PeriodSpec, ResolvedPeriod } from './query.ts';

/**
 * Pins a period to instants in a time zone: [from, to) as ISO UTC strings with milliseconds
 * (`2026-11-23T00:00:00.000Z`, the same form as `Date.toISOString()`).
 *
 * Every period is made of whole local days, so DST days are 23 or 25 hours long:
 * - today / yesterday / on DATE: that local day, [00:00, next 00:00).
 * - this week / last week: Monday 00:00 to the next Monday 00:00 (ISO weeks start Monday).
 * - this month / last month: the 1st 00:00 to the next 1st 00:00.
 * - last N days: today and the N-1 local days before it, so "last 1 days" is today and
 *   "last 7 days" starts at 00:00 six days ago (always within the 7 days the Management
 *   Activity API keeps, audit-apis.md §3.5).
 * - since DATE: DATE 00:00 to the end of today.
 * Periods that contain today end at the next local midnight, not at `now`: nothing can have
 * happened after now, and callers judge sync coverage only up to min(to, now).
 */
export function resolvePeriod(spec: PeriodSpec, timeZone: string, now: Date): ResolvedPeriod {
  if (!isKnownTimeZone(timeZone)) throw new RangeError(`"${timeZone}" is not an IANA time zone`);
  // Whole local days: the answer changes only when the local date does, so it is remembered for that day.
  const key = `${timeZone}\n${JSON.stringify(spec)}`;
  const at = now.getTime();
  const known = resolved.get(key);
  if (known && at >= known.dayStartMs && at < known.nextDayStartMs) return { ...known.period };
  const today = DateTime.fromJSDate(now, { zone: timeZone }).startOf('day');
  const [from, to] = bounds(spec, today, timeZone);
  const period = { from: toUtcIso(from), to: toUtcIso(to), timeZone, label: labelFor(from, to, timeZone) };
  if (resolved.size >= MAX_REMEMBERED) resolved.clear();
  resolved.set(key, { period, dayStartMs: today.toMillis(), nextDayStartMs: today.plus({ days: 1 }).toMillis() });
  return { ...period };
}

/**
 * Luxon computes a zone's offset through Intl for every DateTime it makes, which made resolving
 * the period most of a question's CPU outside the store; a bot asks the same few periods all day.
 * Each period is remembered with the local day it was resolved on, [00:00, next 00:00) in UTC ms.
 */
const MAX_REMEMBERED = 500;
const resolved = new Map<string, { period: ResolvedPeriod; dayStartMs: number; nextDayStartMs: number }>();

function bounds(spec: PeriodSpec, today: DateTime, timeZone: string): [DateTime, DateTime] {
  switch (spec.kind) {
    case 'today':
      return [today, today.plus({ days: 1 })];
    case 'yesterday':
      return [today.minus({ days: 1 }), today];
    case 'thisWeek': {
      const monday = today.startOf('week');
      return [monday, monday.plus({ weeks: 1 })];
    }
    case 'lastWeek': {
      const monday = today.startOf('week').minus({ weeks: 1 });
      return [monday, monday.plus({ weeks: 1 })];
    }
    case 'thisMonth': {
      const first = today.startOf('month');
      return [first, first.plus({ months: 1 })];
    }
    case 'lastMonth': {
      const first = today.startOf('month').minus({ months: 1 });
      return [first, first.plus({ months: 1 })];
    }
    case 'lastDays': {
      if (!Number.isInteger(spec.days) || spec.days < 1)
        throw new RangeError(`"last ${spec.days} days" needs a whole number of days from 1`);
      return [today.minus({ days: spec.days - 1 }), today.plus({ days: 1 })];
    }
    case 'since': {
      const start = localDay(spec.date, timeZone);
      const endOfToday = today.plus({ days: 1 });
      // A date in the future gives an empty period rather than a reversed one.
      return [start, start > endOfToday ? start : endOfToday];
    }
    case 'on': {
      const day = localDay(spec.date, timeZone);
      return [day, day.plus({ days: 1 })];
    }
    case 'weekday': {
      if (!Number.isInteger(spec.day) || spec.day < 1 || spec.day > 7)
        throw new RangeError(`weekday ${spec.day} is not from 1 (Monday) to 7 (Sunday)`);
      const day = today.minus({ days: (today.weekday - spec.day + 7) % 7 });
      return [day, day.plus({ days: 1 })];
    }
  }
}

function localDay(date: string, timeZone: string): DateTime {
  const day = /^\d{4}-\d{2}-\d{2}$/.test(date)
    ? DateTime.fromISO(date, { zone: timeZone })
    : DateTime.invalid('not YYYY-MM-DD');
  if (!day.isValid) throw new RangeError(`"${date}" is not a date (use YYYY-MM-DD)`);
  return day.startOf('day');
}

function toUtcIso(t: DateTime): string {
  return new Date(t.toMillis()).toISOString();
}

/** "Fri 27 Nov 2026 (Europe/Berlin)" for one day, "Mon 23 Nov 2026 – Sun 29 Nov 2026 (…)" for more. */
function labelFor(from: DateTime, to: DateTime, timeZone: string): string {
  const day = (t: DateTime) => t.setLocale('en-GB').toFormat('ccc d LLL yyyy');
  const lastDay = to > from ? to.minus({ days: 1 }) : from;
  const days = from.hasSame(lastDay, 'day') ? day(from) : `${day(from)} – ${day(lastDay)}`;
  return `${days} (${timeZone})`;
}

/** Whether a text names an IANA zone; returns the zone's canonical spelling, or null. */
export function canonicalTimeZone(text: string): string | null {
  if (!isKnownTimeZone(text)) return null;
  return new Intl.DateTimeFormat('en-US', { timeZone: text }).resolvedOptions().timeZone;
}
