/** Rows of backfill_slices, the same in SQLite and PostgreSQL. */
import type { BackfillSlice } from './backfill-store.ts';

export interface BackfillSliceRow {
  slice_from: string;
  slice_to: string;
  reason: string;
  planned_at: string;
  attempts: number;
  last_error: string | null;
  records: number;
  events: number;
  done_at: string | null;
  /** 1 / true when the slice's done mark is in done_blobs. */
  marked: number | boolean;
}

/** Reads the slices with their done mark; `$mark` is the placeholder for 'graph:slice:'. */
export const LIST_SLICES_SQL = (
  mark: string,
) => `SELECT s.*, EXISTS (SELECT 1 FROM done_blobs d WHERE d.content_id = ${mark} || s.slice_from) AS marked
  FROM backfill_slices s ORDER BY s.slice_from DESC`;

export function rowToSlice(r: BackfillSliceRow): BackfillSlice {
  return {
    from: r.slice_from,
    to: r.slice_to,
    reason: r.reason,
    plannedAt: r.planned_at,
    attempts: Number(r.attempts),
    lastError: r.last_error,
    records: Number(r.records),
    events: Number(r.events),
    done: r.marked === true || Number(r.marked) === 1,
    doneAt: r.done_at,
  };
}
