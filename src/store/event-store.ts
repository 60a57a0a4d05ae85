import type { ActorFlowCounts, EventFilter, GroupCount, GroupKey, Page } from '../model/event-query.ts';
import type { FlowEvent, ListedFlowEvent, StoredFlowEvent } from '../model/flow-event.ts';

/**
 * The audit events: stored once each (deduplicated on id), read back by questions. Ingest also
 * updates the flow inventory and marks content blobs done, in the same transaction, so a crash
 * leaves all of a call or none of it.
 */
export interface EventStore {
  /**
   * Stores events (an id already stored is counted as duplicate and left as is), updates the
   * flow inventory, and, when `blob` is given, marks that blob done in the same transaction.
   */
  ingest(events: FlowEvent[], options: IngestOptions): Promise<IngestResult>;
  /**
   * Several blobs in one transaction, each with its done mark: all of them or none (one bad
   * event fails the call). One result per blob, in order.
   */
  ingestBlobs(blobs: BlobIngest[], options: { now: Date }): Promise<IngestResult[]>;
  /** Matching events, newest first, with the total before paging. */
  findEvents(filter: EventFilter, page: Page): Promise<{ events: StoredFlowEvent[]; total: number }>;
  /**
   * One page of findEvents' events, in the same order, without their raw records and without
   * counting the matches: for answers, which know the total from countBy(filter, 'operation')
   * (every event has one operation) and show only the modelled fields.
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
}

export interface IngestOptions {
  /** When the events were received; becomes `ingestedAt` of new events. */
  now: Date;
  /** The Management API blob these events came from; marked done atomically with the insert. */
  blob?: { contentId: string; contentCreated: string };
}

export interface BlobIngest {
  events: FlowEvent[];
  blob?: { contentId: string; contentCreated: string };
}

export interface IngestResult {
  inserted: number;
  duplicates: number;
}
