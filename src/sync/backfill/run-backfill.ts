/**
 * One backfill run: the pending slices, newest first, at most `concurrency` at a time. A slice whose
 * query failed, ran too long or ran out of retries is recorded and tried again (up to
 * `attemptsPerRun` times in this run, after a back-off), then left pending for the next run.
 * Store failures end the run (the next one resumes where it stopped).
 */
import { AuditApiError } from '../../audit/source.ts';
import { mapLimit } from '../../audit/map-limit.ts';
import type { BackfillSlice } from '../../store/backfill-store.ts';
import { backfillProgress, type BackfillProgress } from './progress.ts';
import { runSlice, type SliceDeps, type SliceResult } from './run-slice.ts';

export interface BackfillDeps extends SliceDeps {
  concurrency: number;
  /** Tries of one slice in a run (a failed query is submitted again). */
  attemptsPerRun?: number;
  /** Wait before trying a failed slice again. */
  retryDelayMs?: number;
  /** Called after each slice is stored. */
  onSlice?: (slice: BackfillSlice, result: SliceResult) => void;
}

export interface BackfillReport {
  slices: number;
  failed: number;
  records: number;
  inserted: number;
  duplicates: number;
  governance: number;
  progress: BackfillProgress;
}

export async function runBackfill(deps: BackfillDeps): Promise<BackfillReport> {
  const pending = (await deps.store.backfill.listSlices()).filter((s) => !s.done);
  const report: BackfillReport = {
    slices: 0,
    failed: 0,
    records: 0,
    inserted: 0,
    duplicates: 0,
    governance: 0,
    progress: backfillProgress([]),
  };
  await mapLimit(pending, deps.concurrency, async (slice) => {
    const result = await trySlice(deps, slice);
    if (!result) {
      report.failed++;
      return;
    }
    report.slices++;
    report.records += result.records;
    report.inserted += result.inserted;
    report.duplicates += result.duplicates;
    report.governance += result.governance;
    deps.onSlice?.(slice, result);
  });
  report.progress = backfillProgress(await deps.store.backfill.listSlices());
  return report;
}

async function trySlice(deps: BackfillDeps, slice: BackfillSlice): Promise<SliceResult | null> {
  const attempts = deps.attemptsPerRun ?? 3;
  for (let attempt = 1; ; attempt++) {
    try {
      return await runSlice(deps, slice);
    } catch (error) {
      // Only the API's failures are the slice's; anything else (the store) stops the run.
      if (!(error instanceof AuditApiError)) throw error;
      const now = deps.wait.now();
      await deps.store.backfill.recordSliceFailure(slice.from, error.message.slice(0, 300), now);
      deps.log.warn('backfill slice failed', { from: slice.from, attempt, error: error.message });
      if (!error.retryable || attempt >= attempts) return null;
      await deps.wait.sleep(deps.retryDelayMs ?? 30_000);
    }
  }
}
