/**
 * Which day-sized slices of event time the backfill reads from the Graph audit log query API
 * (issue 12): whole UTC days, newest first, so today's questions answer while older days fill in.
 * The audit log keeps 180 days (audit-apis.md §3.5), so nothing older is planned.
 */
import type { PlannedSlice } from '../../store/backfill-store.ts';

export const DAY_MS = 86_400_000;
export const MAX_BACKFILL_DAYS = 180;

function startOfUtcDay(ms: number): number {
  return Math.floor(ms / DAY_MS) * DAY_MS;
}

/**
 * Day slices overlapping [fromMs, toMs), newest first, clamped to the audit log's 180 days and to
 * the days before today (today is the Management API's).
 */
export function daySlices(fromMs: number, toMs: number, now: Date, reason: string): PlannedSlice[] {
  const today = startOfUtcDay(now.getTime());
  const earliest = today - MAX_BACKFILL_DAYS * DAY_MS;
  const slices: PlannedSlice[] = [];
  const last = Math.min(startOfUtcDay(toMs - 1), today - DAY_MS);
  for (let day = last; day >= Math.max(startOfUtcDay(fromMs), earliest); day -= DAY_MS)
    slices.push({ from: new Date(day).toISOString(), to: new Date(day + DAY_MS).toISOString(), reason });
  return slices;
}

/** The first install's plan: the BACKFILL_DAYS days before today. */
export function installSlices(days: number, now: Date): PlannedSlice[] {
  const today = startOfUtcDay(now.getTime());
  return daySlices(today - days * DAY_MS, today, now, 'install');
}
