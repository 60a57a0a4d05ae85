/**
 * How far the backfill has got, for /healthz, the CLI, and answers over a range being backfilled:
 * slices done of those planned, and the oldest day done in one unbroken run back from the newest.
 */
import type { BackfillProgress } from '../../model/backfill-progress.ts';
import type { BackfillSlice } from '../../store/backfill-store.ts';

export type { BackfillProgress };

export function backfillProgress(slices: readonly BackfillSlice[]): BackfillProgress {
  const newestFirst = [...slices].sort((a, b) => (a.from < b.from ? 1 : a.from > b.from ? -1 : 0));
  let doneBackTo: string | null = null;
  for (const s of newestFirst) {
    if (!s.done) break;
    doneBackTo = s.from;
  }
  const slicesDone = slices.filter((s) => s.done).length;
  return {
    status: slices.length === 0 ? 'idle' : slicesDone === slices.length ? 'done' : 'running',
    slicesDone,
    slicesTotal: slices.length,
    doneBackTo,
    oldestPlanned: newestFirst[newestFirst.length - 1]?.from ?? null,
    failing: slices.filter((s) => !s.done && s.lastError !== null).length,
  };
}

/** Pending slices overlapping [from, to): what an answer over that range still waits for. */
export function pendingWithin(slices: readonly BackfillSlice[], from: string, to: string): BackfillSlice[] {
  return slices.filter((s) => !s.done && s.from < to && s.to > from);
}

/** "backfill 12/30 days, back to 2026-11-22" */
export function formatProgress(p: BackfillProgress): string {
  if (p.status === 'idle') return 'backfill: nothing planned';
  const back = p.doneBackTo ? `, done back to ${p.doneBackTo.slice(0, 10)}` : '';
  const failing = p.failing > 0 ? `, ${p.failing} failing (retried)` : '';
  return `backfill ${p.status}: ${p.slicesDone}/${p.slicesTotal} days${back}${failing}`;
}
