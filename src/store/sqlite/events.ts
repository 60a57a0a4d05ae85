import type { ActorFlowCounts, EventFilter, GroupCount, GroupKey, Page } from '../../model/event-query.ts';
import type { FlowEvent, ListedFlowEvent, StoredFlowEvent } from '../../model/flow-event.ts';
import type { BlobIngest, EventStore, IngestOptions, IngestResult } from '../event-store.ts';
import { ingestBlobsInTransaction } from './ingest.ts';
import type { SqliteReader } from './reader.ts';
import type { StatementCache } from './statements.ts';

/** EventStore in SQLite: each ingest one IMMEDIATE transaction (ingest.ts); reads through the reader. */
export class SqliteEvents implements EventStore {
  constructor(
    private readonly statements: StatementCache,
    private readonly read: SqliteReader,
  ) {}

  async ingest(events: FlowEvent[], options: IngestOptions): Promise<IngestResult> {
    const [result] = await this.ingestBlobs([{ events, ...(options.blob ? { blob: options.blob } : {}) }], options);
    return result;
  }

  async ingestBlobs(blobs: BlobIngest[], options: { now: Date }): Promise<IngestResult[]> {
    const { db } = this.statements;
    return db.transaction(() => ingestBlobsInTransaction(this.statements, blobs, options.now)).immediate();
  }

  findEvents(filter: EventFilter, page: Page): Promise<{ events: StoredFlowEvent[]; total: number }> {
    return this.read('findEvents', filter, page);
  }

  listEvents(filter: EventFilter, page: Page): Promise<ListedFlowEvent[]> {
    return this.read('listEvents', filter, page);
  }

  countBy(filter: EventFilter, key: GroupKey): Promise<GroupCount[]> {
    return this.read('countBy', filter, key);
  }

  countFlowsByActor(filter: EventFilter, actors: string[], limit: number): Promise<ActorFlowCounts[]> {
    return this.read('countFlowsByActor', filter, actors, limit);
  }
}
