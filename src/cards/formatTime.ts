import { DateTime } from 'luxon';
import { isKnownTimeZone } from '../model/knownTimeZone.ts';
import type { TimeRange } from '../store/store.ts';

/** A zone luxon knows, else UTC: a card must render even when Teams sent a zone we cannot use. */
export function usableZone(timeZone: string): string {
  return isKnownTimeZone(timeZone) ? timeZone : 'UTC';
}

/** "Mon 4 May 2026, 11:12" in the zone (English, 24-hour: Teams cards cannot localize dates, §4.5). */
export function formatInstant(iso: string, timeZone: string): string {
  const t = DateTime.fromISO(iso, { zone: 'utc' }).setZone(usableZone(timeZone));
  return t.isValid ? t.setLocale('en-GB').toFormat('ccc d LLL yyyy, HH:mm') : iso;
}

/** "Mon 4 May 2026, 09:00 – 12:00" (one day) or "… – Tue 5 May 2026, 00:00". */
export function formatRange(range: TimeRange, timeZone: string): string {
  const zone = usableZone(timeZone);
  const from = DateTime.fromISO(range.from, { zone: 'utc' }).setZone(zone).setLocale('en-GB');
  const to = DateTime.fromISO(range.to, { zone: 'utc' }).setZone(zone).setLocale('en-GB');
  if (!from.isValid || !to.isValid) return `${range.from} – ${range.to}`;
  const end = from.hasSame(to, 'day') ? to.toFormat('HH:mm') : to.toFormat('ccc d LLL yyyy, HH:mm');
  return `${from.toFormat('ccc d LLL yyyy, HH:mm')} – ${end}`;
}

/** "11:12:05" in the zone. */
export function formatClock(now: Date, timeZone: string): string {
  return DateTime.fromJSDate(now).setZone(usableZone(timeZone)).toFormat('HH:mm:ss');
}
