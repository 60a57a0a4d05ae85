/**
 * Events per hour, day or week of a period, in the period's zone (local days keep their DST
 * length): the digest's "Activity per day" chart. One count per bucket, read in parallel; a
 * period of at most a day and a bit is cut in hours, up to 31 days in days, longer in weeks (a
 * 186-day summary has 27 bars, not 186).
 */
import { DateTime } from 'luxon';
import type { ActivityBucket, ActivitySeries, ActivityUnit } from '../model/activity-series.ts';
import type { EventFilter, TimeRange } from '../model/event-query.ts';
import type { QueryStore } from './run.ts';

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

export function activityUnit(range: TimeRange): ActivityUnit {
  const span = Date.parse(range.to) - Date.parse(range.from);
  if (span <= 26 * HOUR_MS) return 'hour';
  return span <= 31 * DAY_MS + 2 * HOUR_MS ? 'day' : 'week';
}

const LABELS: Record<ActivityUnit, string> = { hour: 'HH', day: 'ccc d', week: 'd LLL' };

/** The buckets of `range` (their counts 0), each starting at a local hour, day or week (Monday). */
export function activityBuckets(range: TimeRange, timeZone: string): Array<ActivityBucket & { to: string }> {
  const unit = activityUnit(range);
  const end = DateTime.fromISO(range.to, { zone: timeZone });
  let start = DateTime.fromISO(range.from, { zone: timeZone });
  const buckets: Array<ActivityBucket & { to: string }> = [];
  while (start < end) {
    const next = DateTime.min(start.startOf(unit).plus({ [unit + 's']: 1 }), end);
    buckets.push({
      from: start.toUTC().toISO()!,
      to: next.toUTC().toISO()!,
      label: start.setLocale('en-GB').toFormat(LABELS[unit]),
      count: 0,
    });
    start = next;
  }
  return buckets;
}

/** Events matching `filter` (its from/to is the period) per bucket. */
export async function readActivity(
  store: Pick<QueryStore, 'events'>,
  filter: EventFilter,
  timeZone: string,
): Promise<ActivitySeries> {
  const range = { from: filter.from, to: filter.to };
  const buckets = activityBuckets(range, timeZone);
  const counts = await Promise.all(
    buckets.map(async (b) => {
      const groups = await store.events.countBy({ ...filter, from: b.from, to: b.to }, 'operation');
      return groups.reduce((n, g) => n + g.count, 0);
    }),
  );
  return {
    unit: activityUnit(range),
    buckets: buckets.map(({ from, label }, i) => ({ from, label, count: counts[i] })),
  };
}
