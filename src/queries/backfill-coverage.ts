/**
 * Whether the backfill (issue 12) is still reading part of a question's period, and how far it
 * has got: an answer over such a range says so beside its coverage gap, so "nothing yet" over
 * days the Graph audit query is still reading does not look like a hole that stays.
 */
import type { TimeRange } from '../model/event-query.ts';
import type { Store } from '../store/store.ts';
import { backfillProgress, pendingWithin, type BackfillProgress } from '../sync/backfill/progress.ts';

/** The backfill's progress when one of its pending days overlaps `range`; else undefined. */
export async function backfillWithin(
  store: Partial<Pick<Store, 'backfill'>>,
  range: TimeRange,
): Promise<BackfillProgress | undefined> {
  if (!store.backfill) return undefined;
  const slices = await store.backfill.listSlices();
  return pendingWithin(slices, range.from, range.to).length > 0 ? backfillProgress(slices) : undefined;
}

/** The backfill's progress while it runs (some day planned is not done yet); else undefined. */
export async function runningBackfill(store: Partial<Pick<Store, 'backfill'>>): Promise<BackfillProgress | undefined> {
  if (!store.backfill) return undefined;
  const progress = backfillProgress(await store.backfill.listSlices());
  return progress.status === 'running' ? progress : undefined;
}

/** "History beyond 7 days is being read from the audit log: 12 of 30 days done, back to 2026-11-22." */
export function describeBackfilling(p: BackfillProgress): string {
  const back = p.doneBackTo ? `, back to ${p.doneBackTo.slice(0, 10)}` : '';
  const failing = p.failing > 0 ? ` (${p.failing} failing, retried)` : '';
  return `History beyond 7 days is being read from the audit log: ${p.slicesDone} of ${p.slicesTotal} days done${back}${failing}.`;
}

/** That sentence after a space, to follow another on the same line; '' without progress to tell. */
export function backfillSentence(progress: BackfillProgress | undefined): string {
  return progress ? ` ${describeBackfilling(progress)}` : '';
}
