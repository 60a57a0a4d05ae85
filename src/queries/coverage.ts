import { BACKFILL_COVERAGE_SOURCE, IMPORT_COVERAGE_SOURCE, SYNC_COVERAGE_SOURCE } from '../model/coverage-source.ts';
import type { TimeRange } from '../model/event-query.ts';
import type { Store } from '../store/store.ts';
import type { SyncStateStore } from '../store/sync-state-store.ts';
import type { BackfillProgress } from '../model/backfill-progress.ts';
import { backfillWithin } from './backfill-coverage.ts';
import { mergeRanges } from '../store/time-ranges.ts';
import { missingRanges, withoutPendingBlobs } from '../sync/coverage.ts';

/** Every source whose coverage counts: the sync's, the ranges imported files cover, and the backfilled days. */
export const COVERAGE_SOURCES: readonly string[] = [
  SYNC_COVERAGE_SOURCE,
  IMPORT_COVERAGE_SOURCE,
  BACKFILL_COVERAGE_SOURCE,
];

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

/** What answers say about their period's coverage (QueryResult.coverage). */
export interface Coverage {
  complete: boolean;
  missing: TimeRange[];
  /** How far the backfill has got, when it is still reading part of a period that is not covered yet. */
  backfilling?: BackfillProgress;
}

export async function readCoverage(
  store: Pick<Store, 'syncState'> & Partial<Pick<Store, 'backfill'>>,
  range: TimeRange,
  now: Date,
  staleAfterMs: number,
): Promise<Coverage> {
  const missing = await missingCoverage(store.syncState, range, COVERAGE_SOURCES, now, staleAfterMs);
  if (missing.length === 0) return { complete: true, missing };
  const backfilling = await backfillWithin(store, range);
  return backfilling ? { complete: false, missing, backfilling } : { complete: false, missing };
}
