import type { TimeRange } from '../model/event-query.ts';
import type { SyncStateStore } from '../store/sync-state-store.ts';
import { mergeRanges } from '../store/time-ranges.ts';
import { missingRanges, withoutPendingBlobs } from '../sync/coverage.ts';

/**
 * What of [from, to) the sync has not covered yet, judged up to `now` (the future is not missing)
 * by the sync's rule (src/sync/coverage.ts): a last sync older than `staleAfterMs` no longer
 * excuses the time since. Several sources: a range any one of them covers is covered. Chat answers
 * and the digest both ask this, so an empty answer never claims "nothing happened" over a hole.
 * A blob that ran out of retries and waits for a later run is such a hole until it is stored: its
 * span counts as missing (withoutPendingBlobs), while where the sync got to stays where it is.
 */
export async function missingCoverage(
  syncState: Pick<SyncStateStore, 'getCoverage' | 'listFailedBlobs'>,
  range: TimeRange,
  sources: readonly string[],
  now: Date,
  staleAfterMs: number,
): Promise<TimeRange[]> {
  const end = Math.min(Date.parse(range.to), now.getTime());
  if (end <= Date.parse(range.from)) return [];
  const perSource = await Promise.all(
    sources.map(async (source) => {
      const [coverage, failed] = await Promise.all([syncState.getCoverage(source), syncState.listFailedBlobs(source)]);
      return {
        coverage,
        covered: withoutPendingBlobs(
          coverage,
          failed.map((f) => f.contentCreated),
        ),
      };
    }),
  );
  const syncedUntil = mergeRanges(perSource.flatMap((s) => s.coverage)).at(-1)?.to;
  return missingRanges(
    perSource.flatMap((s) => s.covered),
    range.from,
    new Date(end).toISOString(),
    { now, staleAfterMs, ...(syncedUntil === undefined ? {} : { syncedUntil }) },
  );
}
