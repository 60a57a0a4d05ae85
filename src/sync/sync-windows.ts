import type { TimeRange } from '../model/event-query.ts';

const HOUR = 3_600_000;
/** A listing may span at most 24 hours (audit-apis.md §1.5; AF20030/AF20055 otherwise). */
export const MAX_WINDOW_MS = 24 * HOUR;
/**
 * How far back a listing may start: 7 days (audit-apis.md §1.5), less 10 minutes so clock skew
 * and the time a run takes never push a request past the limit.
 */
export const LISTING_HISTORY_MS = 7 * 24 * HOUR - 10 * 60_000;

/**
 * The contentCreated windows one run lists: from the cursor less the overlap (late listings,
 * §1.7), or the oldest listable instant on a first run, up to now; at most 24 h each.
 */
export function planWindows(cursor: string | null, now: Date, overlapMs: number): Array<{ start: Date; end: Date }> {
  const end = now.getTime();
  const oldest = end - LISTING_HISTORY_MS;
  const fromCursor = cursor === null ? oldest : Date.parse(cursor) - overlapMs;
  if (Number.isNaN(fromCursor)) throw new RangeError(`stored cursor "${cursor}" is not an instant`);
  const windows: Array<{ start: Date; end: Date }> = [];
  for (let start = Math.max(fromCursor, oldest); start < end; start += MAX_WINDOW_MS) {
    windows.push({ start: new Date(start), end: new Date(Math.min(start + MAX_WINDOW_MS, end)) });
  }
  return windows;
}

export function windowRange(window: { start: Date; end: Date }): TimeRange {
  return { from: window.start.toISOString(), to: window.end.toISOString() };
}
