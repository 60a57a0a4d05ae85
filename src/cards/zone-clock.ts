/**
 * The local date and time of an instant in a zone, as cards show them. Asking Intl per card row
 * cost more than the rest of the row; a zone's offset only changes at daylight-saving changes,
 * so Intl is asked once per UTC hour for the offset, and the fields come from plain date
 * arithmetic. The words are Intl's own (en-GB: "Sept", not "Sep"), which are luxon's en-GB
 * tokens (test/cards/format-time.test.ts compares with luxon across DST changes).
 */
export interface LocalTime {
  weekday: string;
  day: string;
  month: string;
  year: string;
  hour: string;
  minute: string;
  second: string;
}

const HOUR_MS = 3_600_000;
const OPTIONS: Intl.DateTimeFormatOptions = {
  weekday: 'short',
  day: 'numeric',
  month: 'short',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
};

function partsOf(formatter: Intl.DateTimeFormat, ms: number): LocalTime {
  const local: LocalTime = { weekday: '', day: '', month: '', year: '', hour: '', minute: '', second: '' };
  for (const part of formatter.formatToParts(ms)) {
    if (part.type in local) local[part.type as keyof LocalTime] = part.value;
  }
  return local;
}

/** Intl's en-GB words for weekdays (Sunday first, as getUTCDay counts) and months. */
const inUtc = new Intl.DateTimeFormat('en-GB', { ...OPTIONS, timeZone: 'UTC' });
// 4 January 2026 is a Sunday.
const WEEKDAYS = Array.from({ length: 7 }, (_, d) => partsOf(inUtc, Date.UTC(2026, 0, 4 + d)).weekday);
const MONTHS = Array.from({ length: 12 }, (_, m) => partsOf(inUtc, Date.UTC(2026, m, 15)).month);
const MONTH_NUMBERS = new Map(MONTHS.map((name, m) => [name, m]));

interface ZoneClock {
  formatter: Intl.DateTimeFormat;
  /** UTC hour number → the zone's offset in ms throughout that hour, NaN when it changes inside it. */
  offsets: Map<number, number>;
}

const MAX_ZONES = 1000;
/** About five years of hours per zone; then the zone starts over. */
const MAX_HOURS = 45_000;
const clocks = new Map<string, ZoneClock>();

function clockOf(zone: string): ZoneClock {
  let clock = clocks.get(zone);
  if (!clock) {
    clock = { formatter: new Intl.DateTimeFormat('en-GB', { ...OPTIONS, timeZone: zone }), offsets: new Map() };
    if (clocks.size < MAX_ZONES) clocks.set(zone, clock);
  }
  return clock;
}

/** The zone's offset at a whole second, from Intl's wall-clock fields. */
function offsetAt(clock: ZoneClock, ms: number): number {
  const t = partsOf(clock.formatter, ms);
  const wall = Date.UTC(
    Number(t.year),
    MONTH_NUMBERS.get(t.month) ?? Number.NaN,
    Number(t.day),
    Number(t.hour),
    Number(t.minute),
    Number(t.second),
  );
  return wall - ms;
}

function offsetDuringHour(clock: ZoneClock, hour: number): number {
  let offset = clock.offsets.get(hour);
  if (offset === undefined) {
    // Offsets change at most once an hour (every tz database change is hours apart), so the
    // same offset at both ends holds for the whole hour.
    const start = offsetAt(clock, hour * HOUR_MS);
    offset = start === offsetAt(clock, hour * HOUR_MS + HOUR_MS - 1000) ? start : Number.NaN;
    if (clock.offsets.size >= MAX_HOURS) clock.offsets.clear();
    clock.offsets.set(hour, offset);
  }
  return offset;
}

const twoDigits = (n: number) => (n < 10 ? `0${n}` : String(n));

/** `zone` must be one Intl knows (see usableZone); `ms` a time in the years 1000 to 9999. */
export function localTimeAt(ms: number, zone: string): LocalTime {
  const clock = clockOf(zone);
  const offset = offsetDuringHour(clock, Math.floor(ms / HOUR_MS));
  if (Number.isNaN(offset)) return partsOf(clock.formatter, ms);
  const local = new Date(ms + offset);
  return {
    weekday: WEEKDAYS[local.getUTCDay()],
    day: String(local.getUTCDate()),
    month: MONTHS[local.getUTCMonth()],
    year: String(local.getUTCFullYear()),
    hour: twoDigits(local.getUTCHours()),
    minute: twoDigits(local.getUTCMinutes()),
    second: twoDigits(local.getUTCSeconds()),
  };
}
