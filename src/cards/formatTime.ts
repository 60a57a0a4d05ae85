import { DateTime } from 'luxon';
import { isKnownTimeZone } from '../model/knownTimeZone.ts';
import type { TimeRange } from '../store/store.ts';

/** A zone luxon knows, else UTC: a card must render even when Teams sent a zone we cannot use. */
export function usableZone(timeZone: string): string {
  return isKnownTimeZone(timeZone) ? timeZone : 'UTC';
}

/** The fields a card shows of one instant, in one zone, worded as luxon's en-GB `ccc d LLL yyyy, HH:mm:ss`. */
interface LocalTime {
  weekday: string;
  day: string;
  month: string;
  year: string;
  hour: string;
  minute: string;
  second: string;
}

/**
 * One Intl formatter per zone, made once: luxon builds a DateTime, a zone offset and a formatter
 * per call, which made time formatting most of a result card's CPU (25 rows per card). The
 * parts are the ones luxon's en-GB tokens produce (test/cards/formatTime.test.ts compares them).
 */
const formatters = new Map<string, Intl.DateTimeFormat>();
const MAX_FORMATTERS = 1000;

function formatterFor(zone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(zone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-GB', {
      timeZone: zone,
      weekday: 'short',
      day: 'numeric',
      month: 'short',
      year: 'numeric',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      hourCycle: 'h23',
    });
    if (formatters.size < MAX_FORMATTERS) formatters.set(zone, formatter);
  }
  return formatter;
}

/**
 * ISO instants as the store keeps them (UTC or with an offset, year 1000 or later, a real
 * calendar day: Date.parse would roll 30 February over into March). Anything else takes luxon's
 * slower path, so odd input is judged exactly as before.
 */
const PLAIN_ISO_INSTANT = /^([1-9]\d{3})-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])T(?:[01]\d|2[0-3]):[0-5]\d(?::[0-5]\d(?:\.\d{1,9})?)?(?:Z|[+-](?:[01]\d|2[0-3]):[0-5]\d)$/;

function localTime(iso: string, zone: string): LocalTime | null {
  const m = PLAIN_ISO_INSTANT.exec(iso);
  if (!m) return null;
  const daysInMonth = new Date(Date.UTC(Number(m[1]), Number(m[2]), 0)).getUTCDate();
  if (Number(m[3]) > daysInMonth) return null;
  const ms = Date.parse(iso);
  if (!Number.isFinite(ms)) return null;
  const formatter = formatterFor(zone);
  // format() is about three times cheaper than formatToParts(); its en-GB wording is read back
  // only when it has the expected shape (ICU versions differ), else the parts are used.
  const f = EN_GB_FORMAT.exec(formatter.format(ms));
  if (f) return { weekday: f[1]!, day: f[2]!, month: f[3]!, year: f[4]!, hour: f[5]!, minute: f[6]!, second: f[7]! };
  const local: LocalTime = { weekday: '', day: '', month: '', year: '', hour: '', minute: '', second: '' };
  for (const part of formatter.formatToParts(ms)) {
    if (part.type in local) local[part.type as keyof LocalTime] = part.value;
  }
  return local;
}

/** "Tue, 15 Sept 2026, 00:05:09": what Node 20's ICU writes for the options above. */
const EN_GB_FORMAT = /^([A-Z][a-z]{1,3}), (\d{1,2}) ([A-Z][a-z]{2,3}) (\d{4}), (\d\d):(\d\d):(\d\d)$/;

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
