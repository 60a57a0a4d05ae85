import { DateTime } from 'luxon';
import { isKnownTimeZone } from '../model/known-time-zone.ts';
import type { TimeRange } from '../model/event-query.ts';

/**
 * The one place that writes times for people: cards, the digest and the CLI. Instants are read
 * with luxon (ISO 8601 as luxon reads it; a time without an offset is UTC) and written with one
 * Intl formatter per zone, made once: luxon's own toFormat does its formatting work again on every
 * call, which cost more than the rest of a card row. The words are Intl's en-GB
 * ones ("Sept", 24-hour), which are also luxon's en-GB tokens (test/cards/format-time.test.ts
 * compares with luxon), in English because Teams cards cannot localize dates (§4.5).
 */

/** A zone luxon knows, else UTC: a card must render even when Teams sent a zone we cannot use. */
export function usableZone(timeZone: string): string {
  return isKnownTimeZone(timeZone) ? timeZone : 'UTC';
}

/** An instant's local date and time in a zone, as the formats below write it. */
interface LocalTime {
  weekday: string;
  day: string;
  month: string;
  /** 01 to 12. */
  monthNumber: string;
  year: string;
  hour: string;
  minute: string;
  second: string;
}

const PARTS: Intl.DateTimeFormatOptions = {
  weekday: 'short',
  day: 'numeric',
  month: 'short',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
};

/** Bounded by the zones usableZone lets through (the IANA names Intl knows). */
const formatters = new Map<string, { words: Intl.DateTimeFormat; months: Intl.DateTimeFormat }>();

function formattersFor(zone: string) {
  let pair = formatters.get(zone);
  if (!pair) {
    pair = {
      words: new Intl.DateTimeFormat('en-GB', { ...PARTS, timeZone: zone }),
      months: new Intl.DateTimeFormat('en-GB', { month: '2-digit', timeZone: zone }),
    };
    formatters.set(zone, pair);
  }
  return pair;
}

function localAt(ms: number, zone: string): LocalTime {
  const { words, months } = formattersFor(zone);
  const t: LocalTime = { weekday: '', day: '', month: '', monthNumber: '', year: '', hour: '', minute: '', second: '' };
  for (const part of words.formatToParts(ms)) if (part.type in t) t[part.type as keyof LocalTime] = part.value;
  t.monthNumber = months.format(ms);
  // luxon writes yyyy with four digits; Intl writes the year as it is.
  t.year = t.year.padStart(4, '0');
  return t;
}

/** The instant's local time in the zone (usableZone applied), or null when it is not an ISO instant luxon reads. */
function localTime(iso: string, timeZone: string): LocalTime | null {
  const t = DateTime.fromISO(iso, { zone: 'utc' });
  return t.isValid ? localAt(t.toMillis(), usableZone(timeZone)) : null;
}

const dayAndTime = (t: LocalTime) => `${t.weekday} ${t.day} ${t.month} ${t.year}, ${t.hour}:${t.minute}`;
const sameDay = (a: LocalTime, b: LocalTime) => a.year === b.year && a.monthNumber === b.monthNumber && a.day === b.day;

/** The ways Flowwatch writes an instant, named by what they look like. */
const STYLES = {
  /** "Mon 4 May 2026, 11:12": cards and the digest. */
  dayAndTime,
  /** "Mon 4 May 2026 11:12": the CLI's sentences. */
  dayAndTimeNoComma: (t: LocalTime) => `${t.weekday} ${t.day} ${t.month} ${t.year} ${t.hour}:${t.minute}`,
  /** "Sat 28 Mar, 08:14": a digest item in a digest of several days. */
  dayAndTimeNoYear: (t: LocalTime) => `${t.weekday} ${t.day} ${t.month}, ${t.hour}:${t.minute}`,
  /** "04 May 11:12": a CLI table row in a period of several days. */
  shortDayAndTime: (t: LocalTime) => `${t.day.padStart(2, '0')} ${t.month} ${t.hour}:${t.minute}`,
  /** "2026-05-04 11:12": the CLI's period and coverage lines. */
  numeric: (t: LocalTime) => `${t.year}-${t.monthNumber}-${t.day.padStart(2, '0')} ${t.hour}:${t.minute}`,
  /** "11:12". */
  time: (t: LocalTime) => `${t.hour}:${t.minute}`,
  /** "11:12:05". */
  clock: (t: LocalTime) => `${t.hour}:${t.minute}:${t.second}`,
} satisfies Record<string, (t: LocalTime) => string>;

export type TimeStyle = keyof typeof STYLES;

/** An ISO instant written in the zone in one of the styles; text that is not an instant is shown as given. */
export function formatTime(iso: string, timeZone: string, style: TimeStyle): string {
  const t = localTime(iso, timeZone);
  return t ? STYLES[style](t) : iso;
}

/** "Mon 4 May 2026, 11:12" in the zone. */
export function formatInstant(iso: string, timeZone: string): string {
  return formatTime(iso, timeZone, 'dayAndTime');
}

/** "Mon 4 May 2026, 09:00 – 12:00" (one day) or "… – Tue 5 May 2026, 00:00". */
export function formatRange(range: TimeRange, timeZone: string): string {
  const from = localTime(range.from, timeZone);
  const to = localTime(range.to, timeZone);
  if (!from || !to) return `${range.from} – ${range.to}`;
  return `${dayAndTime(from)} – ${sameDay(from, to) ? STYLES.time(to) : dayAndTime(to)}`;
}

/** "11:12:05" in the zone. */
export function formatClock(now: Date, timeZone: string): string {
  return STYLES.clock(localAt(now.getTime(), usableZone(timeZone)));
}

/** "Sun 29 Mar 2026" for the calendar day "2026-03-29"; anything else is shown as given. */
export function formatDay(isoDate: string): string {
  const t = /^\d{4}-\d{2}-\d{2}$/.test(isoDate) ? localTime(isoDate, 'UTC') : null;
  return t ? `${t.weekday} ${t.day} ${t.month} ${t.year}` : isoDate;
}
