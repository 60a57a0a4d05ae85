import type { FlowEvent, FlowInventoryEntry, ListedFlowEvent, StoredFlowEvent } from '../model/flow-event.ts';
import type { ActorFlowCounts, EventFilter, GroupCount, GroupKey, Page, TimeRange } from '../model/event-query.ts';
import type { BotStateStore } from './bot-state.ts';

/**
 * Everything Flowwatch persists, behind one interface with two implementations (SQLite by
 * default, PostgreSQL for replicas). Every implementation passes test/store/contract.ts.
 * Times are ISO 8601 UTC strings; ranges are half-open [from, to). Bot state (digest
 * subscriptions, digest runs, leases) is in botState.ts.
 */
export interface Store extends BotStateStore {
  /** Human-readable kind for logs and /healthz: "sqlite" or "postgres". */
  readonly kind: string;
  /** Cheap liveness check; throws when the store is unreachable. */
  ping(): Promise<void>;
  close(): Promise<void>;

  // --- ingest -------------------------------------------------------------------------------

  /**
   * Stores events (deduped on id: an id already stored is counted as duplicate and left as is),
   * updates the flow inventory, and, when `blob` is given, marks that blob done in the same
   * transaction, so a crash leaves either all of it or none of it.
   */
  ingest(events: FlowEvent[], options: IngestOptions): Promise<IngestResult>;
  /**
   * Several blobs in one transaction, each with its done mark: all of them or none (one bad
   * event fails the call). One result per blob, in order. Optional: without it a caller
   * ingests blob by blob.
   */
  ingestBlobs?(blobs: BlobIngest[], options: { now: Date }): Promise<IngestResult[]>;
  /** Which of these content ids are already done. */
  doneBlobs(contentIds: string[]): Promise<Set<string>>;

  // --- sync state ---------------------------------------------------------------------------

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

  // --- questions ----------------------------------------------------------------------------

  /** Matching events, newest first, with the total before paging. */
  findEvents(filter: EventFilter, page: Page): Promise<{ events: StoredFlowEvent[]; total: number }>;
  /**
   * One page of findEvents' events, in the same order, without their raw records and without
   * counting the matches: for answers, which know the total from countBy(filter, 'operation')
   * (every event has one operation) and show only the modelled fields. The events are new
   * objects the caller owns (runQuery adds each one's flow to it).
   */
  listEvents(filter: EventFilter, page: Page): Promise<ListedFlowEvent[]>;
  /** Counts grouped by a key; for `connector`, an event counts once per connector it names. */
  countBy(filter: EventFilter, key: GroupKey): Promise<GroupCount[]>;
  /**
   * For each of `actors` (as countBy 'actor' gives them), its events per flow, largest first then
   * by flow id, at most `limit` flows each; events without a flow are not counted. One entry per
   * actor, in the order given. What "who edited flows…" shows under each maker, in one read.
   */
  countFlowsByActor(filter: EventFilter, actors: string[], limit: number): Promise<ActorFlowCounts[]>;
  getFlows(flowIds: string[]): Promise<FlowInventoryEntry[]>;
}

export interface IngestOptions {
  /** When the events were received; becomes `ingestedAt` of new events. */
  now: Date;
  /** The Management API blob these events came from; marked done atomically with the insert. */
  blob?: { contentId: string; contentCreated: string };
}

export interface BlobIngest {
  events: FlowEvent[];
  blob: { contentId: string; contentCreated: string };
}

export interface IngestResult {
  inserted: number;
  duplicates: number;
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
