import type { ActorFlowCounts, EventFilter, GroupCount, GroupKey, Page } from '../../model/event-query.ts';
import type { FlowEvent, ListedFlowEvent, StoredFlowEvent } from '../../model/flow-event.ts';
import type { BlobIngest, EventStore, IngestOptions, IngestResult } from '../event-store.ts';
import { ingestBatch } from './ingest.ts';
import type { PgRunner } from './pg-runner.ts';
import { selectCounts, selectEvents, selectFlowsByActor, selectListedEvents } from './queries.ts';

/** EventStore in PostgreSQL: ingest.ts writes (with the hourly rollups), queries.ts reads. */
export class PostgresEvents implements EventStore {
  constructor(private readonly db: PgRunner) {}

  async ingest(events: FlowEvent[], options: IngestOptions): Promise<IngestResult> {
    const [result] = await this.ingestBlobs([{ events, ...(options.blob ? { blob: options.blob } : {}) }], options);
    return result;
  }

  ingestBlobs(blobs: BlobIngest[], options: { now: Date }): Promise<IngestResult[]> {
    // ingestBatch opens its own transaction, folding BEGIN into its first round trip.
    return this.db.withClient((client) => ingestBatch(client, blobs, options.now));
  }

  findEvents(filter: EventFilter, page: Page): Promise<{ events: StoredFlowEvent[]; total: number }> {
    return this.db.run((pool) => selectEvents(pool, filter, page));
  }

  listEvents(filter: EventFilter, page: Page): Promise<ListedFlowEvent[]> {
    return this.db.run((pool) => selectListedEvents(pool, filter, page));
  }

  countBy(filter: EventFilter, key: GroupKey): Promise<GroupCount[]> {
    return this.db.run((pool) => selectCounts(pool, filter, key));
  }

  countFlowsByActor(filter: EventFilter, actors: string[], limit: number): Promise<ActorFlowCounts[]> {
    return this.db.run((pool) => selectFlowsByActor(pool, filter, actors, limit));
  }
}
