import { DateTime } from 'luxon';
import { isKnownTimeZone } from '../model/knownTimeZone.ts';
import type { TimeRange } from '../store/store.ts';
import { localTimeAt, type LocalTime } from './zoneClock.ts';

/** A zone luxon knows, else UTC: a card must render even when Teams sent a zone we cannot use. */
export function usableZone(timeZone: string): string {
  return isKnownTimeZone(timeZone) ? timeZone : 'UTC';
}

/**
 * ISO instants as the store keeps them (UTC or with an offset, after the year 1000, a real
 * calendar day: Date.parse would roll 30 February over into March). Anything else takes luxon's
 * slower path, so odd input is judged exactly as before.
 */
const PLAIN_ISO_INSTANT = /^([1-9]\d{3})-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])T(?:[01]\d|2[0-3]):[0-5]\d(?::[0-5]\d(?:\.\d{1,9})?)?(?:Z|[+-](?:[01]\d|2[0-3]):[0-5]\d)$/;

function localTime(iso: string, zone: string): LocalTime | null {
  const m = PLAIN_ISO_INSTANT.exec(iso);
  if (!m || m[1] === '1000') return null;
  const daysInMonth = new Date(Date.UTC(Number(m[1]), Number(m[2]), 0)).getUTCDate();
  if (Number(m[3]) > daysInMonth) return null;
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
