import type { SyncReportRecord } from '../store/sync-state-store.ts';
import type { TimeRange } from '../model/event-query.ts';

/** What one sync run did; saved with store.saveSyncReport and printed by `flowwatch sync`. */
export interface SyncReport {
  /** Cursor/coverage source, e.g. "mgmt:Audit.General". */
  source: string;
  startedAt: string;
  finishedAt: string;
  durationMs: number;
  ok: boolean;
  /** The contentCreated range this run set out to cover (null: nothing to do). */
  range: TimeRange | null;
  /** Set when this run started the subscription (first run, or the API said it was missing). */
  subscription: 'started' | 'already-enabled' | null;
  windows: number;
  windowsCompleted: number;
  pages: number;
  blobsListed: number;
  blobsFetched: number;
  blobsSkippedDone: number;
  recordsSeen: number;
  flowEventsNew: number;
  duplicates: number;
  otherWorkloadSkipped: number;
  brokenRecords: number;
  /** The first few reasons records were skipped as broken. */
  brokenReasons: string[];
  /** Content ids that expired before we fetched them (AF20051): recorded as gaps. */
  gaps: string[];
  /** Content ids that ran out of retries in this run: recorded in the failed set, fetched again by later runs. */
  failedBlobs: string[];
  /** Blobs of the failed set (from earlier runs) fetched again at the start of this run… */
  failedBlobsRetried: number;
  /** …and how many of them are stored now. */
  failedBlobsRecovered: number;
  /** Failed blobs still waiting after this run (null: the store could not say). */
  failedBlobsPending: number | null;
  newestContentCreated: string | null;
  /** now - newest contentCreated seen this run. */
  contentLagMs: number | null;
  /** The cursor after the run. */
  cursor: string | null;
  /** now - cursor after the run: how far behind the sync is. */
  cursorLagMs: number | null;
  error: { message: string; code: string | null; window: TimeRange | null } | null;
}

export const MAX_BROKEN_REASONS = 5;

export function emptyReport(source: string, startedAt: Date): SyncReport {
  return {
    source,
    startedAt: startedAt.toISOString(),
    finishedAt: startedAt.toISOString(),
    durationMs: 0,
    ok: true,
    range: null,
    subscription: null,
    windows: 0,
    windowsCompleted: 0,
    pages: 0,
    blobsListed: 0,
    blobsFetched: 0,
    blobsSkippedDone: 0,
    recordsSeen: 0,
    flowEventsNew: 0,
    duplicates: 0,
    otherWorkloadSkipped: 0,
    brokenRecords: 0,
    brokenReasons: [],
    gaps: [],
    failedBlobs: [],
    failedBlobsRetried: 0,
    failedBlobsRecovered: 0,
    failedBlobsPending: null,
    newestContentCreated: null,
    contentLagMs: null,
    cursor: null,
    cursorLagMs: null,
    error: null,
  };
}

/** The stored form: everything but the envelope goes into `details`. */
export function toReportRecord(report: SyncReport): SyncReportRecord {
  const { source, startedAt, finishedAt, ok, ...details } = report;
  return { source, startedAt, finishedAt, ok, details };
}
