import type { TimeRange } from '../model/event-query.ts';

/**
 * What the audit sync remembers between runs: per source its cursor and covered ranges, the
 * content blobs already stored (marked by EventStore's ingest in the same transaction as their
 * events), the blobs that ran out of retries and wait for a later run, the gaps it knows it cannot
 * fill, and its reports.
 */
export interface SyncStateStore {
  /** Which of these content ids are already done. */
  doneBlobs(contentIds: string[]): Promise<Set<string>>;
  getCursor(source: string): Promise<string | null>;
  setCursor(source: string, value: string): Promise<void>;
  /** Records that [from, to) of event time is covered for `source` (merged with what is there). */
  addCoverage(source: string, range: TimeRange): Promise<void>;
  /** Covered ranges, merged and sorted. */
  getCoverage(source: string): Promise<TimeRange[]>;
  /** A hole we know we cannot fill (expired content). Recorded once per contentId or range. */
  recordGap(gap: SyncGap): Promise<void>;
  listGaps(since?: string): Promise<SyncGap[]>;
  /**
   * A blob that ran out of retries in a run: added to the failed set, or (already there) its
   * attempts go up by one and its last error and time are replaced.
   */
  recordFailedBlob(failure: BlobFailure): Promise<void>;
  /**
   * Failed blobs still pending, oldest contentCreated first: a blob done since (stored, or marked
   * done as a gap) is not pending, even before forgetFailedBlobs removes it.
   */
  listFailedBlobs(source: string): Promise<FailedBlob[]>;
  /** Drops these content ids from the failed set (they were stored or became gaps). */
  forgetFailedBlobs(contentIds: string[]): Promise<void>;
  /** The last sync report (for /healthz and `flowwatch status`). */
  saveSyncReport(report: SyncReportRecord): Promise<void>;
  lastSyncReport(): Promise<SyncReportRecord | null>;
}

export interface SyncGap {
  source: string;
  /** Expired blob id, when the gap is one blob. */
  contentId: string | null;
  from: string;
  to: string;
  reason: string;
  recordedAt: string;
}

/** One failure of a blob, as the sync records it. */
export interface BlobFailure {
  source: string;
  contentId: string;
  contentUri: string;
  contentCreated: string;
  error: string;
  at: string;
}

/** A blob in the failed set: what is needed to fetch it again, and its history of failures. */
export interface FailedBlob {
  source: string;
  contentId: string;
  contentUri: string;
  contentCreated: string;
  /** Runs that gave up on it (each after its own retries). */
  attempts: number;
  lastError: string;
  firstFailedAt: string;
  lastFailedAt: string;
}

export interface SyncReportRecord {
  source: string;
  startedAt: string;
  finishedAt: string;
  ok: boolean;
  /** JSON-able details (blobs, records seen, new events, duplicates, skipped, gaps, lag). */
  details: Record<string, unknown>;
}
