/**
 * The backfill plan (issue 12): day-sized slices of event time to read from the Graph audit log
 * query API, why each was planned, and how far each got. A slice is done when its events are
 * stored: its done mark is a done-blob id (`sliceDoneId`) written by EventStore.ingestBlobs in the
 * same transaction as its events, so a crash leaves a slice wholly stored or not done. The table
 * keeps the counts and failures beside it (written after; a slice read back as done by its mark
 * but not yet by its row is done).
 */
export interface BackfillStore {
  /** Adds slices not planned yet (by `from`); returns how many were new. A done slice planned again is left done. */
  planSlices(slices: PlannedSlice[], now: Date): Promise<number>;
  /** Every slice, newest `from` first, with its state. */
  listSlices(): Promise<BackfillSlice[]>;
  /** Counts after the slice's events and done mark were committed. */
  recordSliceDone(from: string, counts: { records: number; events: number }, now: Date): Promise<void>;
  /** One failed attempt (query failed, out of retries): the slice stays pending. */
  recordSliceFailure(from: string, error: string, now: Date): Promise<void>;
}

export interface PlannedSlice {
  /** Half-open [from, to) of event time, ISO UTC. */
  from: string;
  to: string;
  /** 'install' | 'gap' | 'on-demand'. */
  reason: string;
}

export interface BackfillSlice extends PlannedSlice {
  done: boolean;
  attempts: number;
  lastError: string | null;
  records: number;
  events: number;
  plannedAt: string;
  doneAt: string | null;
}

/** The done-blob id that marks a slice done (done_blobs is shared with the Management API's blobs). */
export function sliceDoneId(from: string): string {
  return `graph:slice:${from}`;
}
