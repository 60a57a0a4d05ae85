import type { TimeRange } from '../model/event-query.ts';

/**
 * What the audit sync remembers between runs: per source its cursor and covered ranges, the
 * content blobs already stored (marked by EventStore's ingest in the same transaction as their
 * events), the gaps it knows it cannot fill, and its reports.
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

export interface SyncReportRecord {
  source: string;
  startedAt: string;
  finishedAt: string;
  ok: boolean;
  /** JSON-able details (blobs, records seen, new events, duplicates, skipped, gaps, lag). */
  details: Record<string, unknown>;
}
