import { DateTime } from 'luxon';
import { isKnownTimeZone } from '../model/known-time-zone.ts';
import type { TimeRange } from '../model/event-query.ts';
import { localTimeAt, type LocalTime } from './zone-clock.ts';

/** A zone luxon knows, else UTC: a card must render even when Teams sent a zone we cannot use. */
export function usableZone(timeZone: string): string {
  return isKnownTimeZone(timeZone) ? timeZone : 'UTC';
}

/**
 * ISO instants as the store keeps them (UTC or with an offset, after the year 1000, a real
 * calendar day: Date.parse would roll 30 February over into March). Anything else takes luxon's
 * slower path, so odd input is judged exactly as before.
 */
const PLAIN_ISO_INSTANT =
  /^([1-9]\d{3})-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])T(?:[01]\d|2[0-3]):[0-5]\d(?::[0-5]\d(?:\.\d{1,9})?)?(?:Z|[+-](?:[01]\d|2[0-3]):[0-5]\d)$/;

const DIGIT_0 = 48;
/** Digit positions of the store's own form, `YYYY-MM-DDTHH:MM:SS.sssZ` (toISOString). */
const CANONICAL_DIGITS = [0, 1, 2, 3, 5, 6, 8, 9, 11, 12, 14, 15, 17, 18, 20, 21, 22];
const CANONICAL_SEPARATORS: Array<[number, string]> = [
  [4, '-'],
  [7, '-'],
  [10, 'T'],
  [13, ':'],
  [16, ':'],
  [19, '.'],
  [23, 'Z'],
];

function daysInMonth(year: number, month: number): number {
  if (month === 2) return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/**
 * Milliseconds of an instant in the store's own form, read by position (every event row has
 * one, so this skips the regex and Date.parse); NaN for anything else, which takes the general path.
 */
function canonicalMillis(iso: string): number {
  if (iso.length !== 24) return Number.NaN;
  for (const [at, separator] of CANONICAL_SEPARATORS) if (iso[at] !== separator) return Number.NaN;
  for (const at of CANONICAL_DIGITS) {
    const c = iso.charCodeAt(at) - DIGIT_0;
    if (c < 0 || c > 9) return Number.NaN;
  }
  const year = digitsAt(iso, 0, 4);
  const month = digitsAt(iso, 5, 7);
  const day = digitsAt(iso, 8, 10);
  const hour = digitsAt(iso, 11, 13);
  const minute = digitsAt(iso, 14, 16);
  const second = digitsAt(iso, 17, 19);
  if (
    year <= 1000 ||
    month < 1 ||
    month > 12 ||
    day < 1 ||
    day > daysInMonth(year, month) ||
    hour > 23 ||
    minute > 59 ||
    second > 59
  )
    return Number.NaN;
  return Date.UTC(year, month - 1, day, hour, minute, second, digitsAt(iso, 20, 23));
}

/** The number written by the digits in [from, to), already checked to be digits. */
function digitsAt(text: string, from: number, to: number): number {
  let value = 0;
  for (let i = from; i < to; i++) value = value * 10 + text.charCodeAt(i) - DIGIT_0;
  return value;
}

function localTime(iso: string, zone: string): LocalTime | null {
  const canonical = canonicalMillis(iso);
  if (!Number.isNaN(canonical)) return localTimeAt(canonical, zone);
  const m = PLAIN_ISO_INSTANT.exec(iso);
  if (!m || m[1] === '1000') return null;
  if (Number(m[3]) > daysInMonth(Number(m[1]), Number(m[2]))) return null;
  const ms = Date.parse(iso);
  return Number.isFinite(ms) ? localTimeAt(ms, zone) : null;
}

const dayAndTime = (t: LocalTime) => `${t.weekday} ${t.day} ${t.month} ${t.year}, ${t.hour}:${t.minute}`;

function luxonTime(iso: string, zone: string): DateTime {
  return DateTime.fromISO(iso, { zone: 'utc' }).setZone(zone).setLocale('en-GB');
}

/** "Mon 4 May 2026, 11:12" in the zone (English, 24-hour: Teams cards cannot localize dates, §4.5). */
export function formatInstant(iso: string, timeZone: string): string {
  const zone = usableZone(timeZone);
  const local = localTime(iso, zone);
  if (local) return dayAndTime(local);
  const t = luxonTime(iso, zone);
  return t.isValid ? t.toFormat('ccc d LLL yyyy, HH:mm') : iso;
}

/** "Mon 4 May 2026, 09:00 – 12:00" (one day) or "… – Tue 5 May 2026, 00:00". */
export function formatRange(range: TimeRange, timeZone: string): string {
  const zone = usableZone(timeZone);
  const from = localTime(range.from, zone);
  const to = localTime(range.to, zone);
  if (from && to) {
    const sameDay = from.year === to.year && from.month === to.month && from.day === to.day;
    return `${dayAndTime(from)} – ${sameDay ? `${to.hour}:${to.minute}` : dayAndTime(to)}`;
  }
  const slowFrom = luxonTime(range.from, zone);
  const slowTo = luxonTime(range.to, zone);
  if (!slowFrom.isValid || !slowTo.isValid) return `${range.from} – ${range.to}`;
  const end = slowFrom.hasSame(slowTo, 'day') ? slowTo.toFormat('HH:mm') : slowTo.toFormat('ccc d LLL yyyy, HH:mm');
  return `${slowFrom.toFormat('ccc d LLL yyyy, HH:mm')} – ${end}`;
}

/** "11:12:05" in the zone. */
export function formatClock(now: Date, timeZone: string): string {
  const local = localTime(now.toISOString(), usableZone(timeZone));
  if (local) return `${local.hour}:${local.minute}:${local.second}`;
  return DateTime.fromJSDate(now).setZone(usableZone(timeZone)).toFormat('HH:mm:ss');
}
