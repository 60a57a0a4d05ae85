import type { TimeRange } from '../model/event-query.ts';
import type { SyncStateStore } from '../store/sync-state-store.ts';
import { missingRanges } from '../sync/coverage.ts';

/**
 * What of [from, to) the sync has not covered yet, judged up to `now` (the future is not missing)
 * by the sync's rule (src/sync/coverage.ts): a last sync older than `staleAfterMs` no longer
 * excuses the time since. Several sources: a range any one of them covers is covered. Chat answers
 * and the digest both ask this, so an empty answer never claims "nothing happened" over a hole.
 */
export async function missingCoverage(
  syncState: Pick<SyncStateStore, 'getCoverage'>,
  range: TimeRange,
  sources: readonly string[],
  now: Date,
  staleAfterMs: number,
): Promise<TimeRange[]> {
  const end = Math.min(Date.parse(range.to), now.getTime());
  if (end <= Date.parse(range.from)) return [];
  const covered = (await Promise.all(sources.map((source) => syncState.getCoverage(source)))).flat();
  return missingRanges(covered, range.from, new Date(end).toISOString(), { now, staleAfterMs });
}
