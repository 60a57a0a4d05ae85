import type { DigestPeriod } from '../model/digest-model.ts';
import { DateTime, IANAZone } from 'luxon';
import type { DigestDaysSetting } from '../store/bot-state-store.ts';

/**
 * When a channel's digest goes out and which period it covers, computed with luxon in the
 * channel's own time zone so that daylight-saving changes move nothing: the digest goes out at
 * the same wall-clock time, and a period is whole local days (23 or 25 hours on DST days).
 *
 * A digest sent on local day D covers the local days from the previous send day up to D
 * (exclusive). Daily: the day before. Weekdays only: Monday covers Friday, Saturday and Sunday,
 * so every local day is covered by exactly one digest.
 */
export interface DigestSchedule {
  /** HH:MM, local. */
  time: string;
  timeZone: string;
  days: DigestDaysSetting;
}

export interface DigestOccurrence {
  /** The local day the digest goes out (YYYY-MM-DD). */
  sendDay: string;
  /** The instant it is due, UTC ISO. */
  dueAt: string;
  period: DigestPeriod;
}

const TIME = /^([01]?\d|2[0-3]):([0-5]\d)$/;
const DAY = /^\d{4}-\d{2}-\d{2}$/;

export function isValidDigestTime(time: string): boolean {
  return TIME.test(time);
}

export function isSendDay(day: DateTime, days: DigestDaysSetting): boolean {
  return days === 'daily' || day.weekday <= 5;
}

/**
 * The instant `time` happens on local `day`. A time skipped by a spring-forward gap moves
 * forward by the gap (02:30 becomes 03:30); a time that happens twice on a fall-back day is taken
 * at its first occurrence, so the digest goes out once, as early as the clock allows.
 */
export function dueInstant(day: string, schedule: DigestSchedule): DateTime {
  const [hour, minute] = parseTime(schedule.time);
  const { year, month, day: dayOfMonth } = localDay(day, schedule.timeZone);
  const local = DateTime.fromObject({ year, month, day: dayOfMonth, hour, minute }, { zone: schedule.timeZone });
  const candidates = local.getPossibleOffsets();
  return candidates.reduce((earliest, t) => (t.toMillis() < earliest.toMillis() ? t : earliest), local);
}

/** The period covered by the digest sent on local day `sendDay`. */
export function periodForSendDay(sendDay: string, schedule: Pick<DigestSchedule, 'timeZone' | 'days'>): DigestPeriod {
  const end = localDay(sendDay, schedule.timeZone);
  let start = end.minus({ days: 1 });
  // Walk back to the previous send day (at most a weekend), so skipped days are not lost.
  while (!isSendDay(start, schedule.days)) start = start.minus({ days: 1 });
  const firstDay = start.toISODate()!;
  const lastDay = end.minus({ days: 1 }).toISODate()!;
  return {
    key: firstDay === lastDay ? firstDay : `${firstDay}..${lastDay}`,
    from: toUtcIso(start),
    to: toUtcIso(end),
    timeZone: schedule.timeZone,
    firstDay,
    lastDay,
  };
}

export function occurrenceOn(sendDay: string, schedule: DigestSchedule): DigestOccurrence {
  return { sendDay, dueAt: toUtcIso(dueInstant(sendDay, schedule)), period: periodForSendDay(sendDay, schedule) };
}

/** Every occurrence due in (after, until], oldest first. */
export function occurrencesBetween(after: Date, until: Date, schedule: DigestSchedule): DigestOccurrence[] {
  const out: DigestOccurrence[] = [];
  if (until <= after) return out;
  // Start a day early: the local date of `after` may be behind its UTC date.
  let day = DateTime.fromJSDate(after, { zone: schedule.timeZone }).startOf('day').minus({ days: 1 });
  const lastDay = DateTime.fromJSDate(until, { zone: schedule.timeZone }).startOf('day');
  while (day <= lastDay) {
    if (isSendDay(day, schedule.days)) {
      const sendDay = day.toISODate()!;
      const due = dueInstant(sendDay, schedule).toMillis();
      if (due > after.getTime() && due <= until.getTime())
        out.push({ sendDay, dueAt: new Date(due).toISOString(), period: periodForSendDay(sendDay, schedule) });
    }
    day = day.plus({ days: 1 });
  }
  return out;
}

/** The first occurrence due strictly after `now`. */
export function nextOccurrence(now: Date, schedule: DigestSchedule): DigestOccurrence {
  let day = DateTime.fromJSDate(now, { zone: schedule.timeZone }).startOf('day');
  for (let i = 0; i < 10; i++, day = day.plus({ days: 1 })) {
    if (!isSendDay(day, schedule.days)) continue;
    const occurrence = occurrenceOn(day.toISODate()!, schedule);
    if (Date.parse(occurrence.dueAt) > now.getTime()) return occurrence;
  }
  throw new Error('no digest occurrence within 10 days'); // unreachable: every week has a send day
}

/** The period a digest sent now would cover ("send now" from the API or the preview). */
export function currentPeriod(now: Date, schedule: Pick<DigestSchedule, 'timeZone' | 'days'>): DigestPeriod {
  return periodForSendDay(DateTime.fromJSDate(now, { zone: schedule.timeZone }).toISODate()!, schedule);
}

/** The local days firstDay..lastDay (inclusive) as a period; null when they are out of order. */
export function periodOfDays(firstDay: string, lastDay: string, timeZone: string): DigestPeriod | null {
  const start = localDay(firstDay, timeZone);
  const end = localDay(lastDay, timeZone).plus({ days: 1 });
  if (end <= start) return null;
  return {
    key: firstDay === lastDay ? firstDay : `${firstDay}..${lastDay}`,
    from: toUtcIso(start),
    to: toUtcIso(end),
    timeZone,
    firstDay,
    lastDay,
  };
}

/** The single local day `day` as a period (preview of a given date). */
export function periodOfDay(day: string, timeZone: string): DigestPeriod {
  const next = localDay(day, timeZone).plus({ days: 1 }).toISODate()!;
  return periodForSendDay(next, { timeZone, days: 'daily' });
}

/** The period of the same number of local days just before `period` (for "change against"). */
export function previousPeriod(period: DigestPeriod): DigestPeriod {
  const first = localDay(period.firstDay, period.timeZone);
  const days = Math.round(localDay(period.lastDay, period.timeZone).diff(first, 'days').days) + 1;
  const start = first.minus({ days });
  const firstDay = start.toISODate()!;
  const lastDay = first.minus({ days: 1 }).toISODate()!;
  return {
    key: firstDay === lastDay ? firstDay : `${firstDay}..${lastDay}`,
    from: toUtcIso(start),
    to: toUtcIso(first),
    timeZone: period.timeZone,
    firstDay,
    lastDay,
  };
}

function parseTime(time: string): [number, number] {
  const m = TIME.exec(time);
  if (!m) throw new RangeError(`"${time}" is not a time of day (HH:MM)`);
  return [Number(m[1]), Number(m[2])];
}

/** IANAZone.isValidZone builds an Intl formatter on every call; the answer never changes. */
const zoneValidity = new Map<string, boolean>();
function isValidZone(timeZone: string): boolean {
  let valid = zoneValidity.get(timeZone);
  if (valid === undefined) {
    valid = IANAZone.isValidZone(timeZone);
    if (zoneValidity.size < 1000) zoneValidity.set(timeZone, valid);
  }
  return valid;
}

function localDay(day: string, timeZone: string): DateTime {
  if (!isValidZone(timeZone)) throw new RangeError(`"${timeZone}" is not an IANA time zone`);
  const t = DAY.test(day) ? DateTime.fromISO(day, { zone: timeZone }) : DateTime.invalid('not YYYY-MM-DD');
  if (!t.isValid) throw new RangeError(`"${day}" is not a date (YYYY-MM-DD)`);
  return t.startOf('day');
}

function toUtcIso(t: DateTime): string {
  return new Date(t.toMillis()).toISOString();
}

/** A resolved question period (whole local days, [from, to)) as the digest's period of those days. */
export function periodOfRange(range: { from: string; to: string; timeZone: string }): DigestPeriod {
  const day = (iso: string) => DateTime.fromISO(iso, { zone: range.timeZone }).toISODate()!;
  const lastDay = day(new Date(Date.parse(range.to) - 1).toISOString());
  const period = periodOfDays(day(range.from), lastDay, range.timeZone);
  if (!period) throw new RangeError(`empty period ${range.from}..${range.to}`);
  return period;
}
