/**
 * What the Management API can no longer fill, queued for backfill instead of lost (issue 12):
 * the gaps the sync recorded (expired content) and the holes in its coverage since it first ran,
 * such as the days of a downtime longer than the 7 days content is kept (audit-apis.md §1.5). Days
 * already backfilled are not planned again.
 */
import { BACKFILL_COVERAGE_SOURCE, SYNC_COVERAGE_SOURCE } from '../../model/coverage-source.ts';
import type { PlannedSlice } from '../../store/backfill-store.ts';
import type { Store } from '../../store/store.ts';
import { mergeRanges, subtractRanges } from '../../store/time-ranges.ts';
import { daySlices, DAY_MS } from './plan-slices.ts';

export async function gapSlices(store: Pick<Store, 'syncState'>, now: Date): Promise<PlannedSlice[]> {
  const [gaps, synced, backfilled] = await Promise.all([
    store.syncState.listGaps(),
    store.syncState.getCoverage(SYNC_COVERAGE_SOURCE),
    store.syncState.getCoverage(BACKFILL_COVERAGE_SOURCE),
  ]);
  const ranges = gaps.map((g) => ({ from: g.from, to: g.to }));
  const first = synced[0]?.from;
  // Up to yesterday: the last day is the Management API's to fill (its content is still there).
  const until = new Date(Math.floor(now.getTime() / DAY_MS) * DAY_MS - DAY_MS).toISOString();
  if (first !== undefined && first < until)
    ranges.push(...subtractRanges(first, until, mergeRanges([...synced, ...backfilled])));
  return ranges.flatMap((r) => daySlices(Date.parse(r.from), Date.parse(r.to), now, 'gap'));
}
