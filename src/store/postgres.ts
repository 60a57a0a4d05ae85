/**
 * The PostgreSQL store: the whole Store (with BotStateStore) on one database that several bot
 * replicas share. A bounded pool (config.pgPoolMax) per process; migrations under an advisory
 * lock at open; connection failures surface as StoreUnavailableError so the sync pauses and chat
 * says the store is unavailable, and the pool reconnects on its own once the database is back.
 */
import type pg from 'pg';
import type { FlowEvent, FlowInventoryEntry, ListedFlowEvent, StoredFlowEvent } from '../model/flow-event.ts';
import type { Logger } from '../log.ts';
import type { BotStateStore, ChannelSubscription, ClaimRequest, DigestRun, LeaseClaim } from './bot-state.ts';
import { POSTGRES_MIGRATIONS } from './migrations/postgres.ts';
import * as botState from './postgres-bot-state.ts';
import { ingestBatch, type BlobBatch } from './postgres-ingest.ts';
import { migratePostgres } from './postgres-migrate.ts';
import {
  createPostgresPool,
  describePgError,
  translatePgError,
  withPooledClient,
  type PostgresPoolOptions,
} from './postgres-pool.ts';
import { selectCounts, selectEvents, selectFlows, selectFlowsByActor, selectListedEvents } from './postgres-queries.ts';
import * as syncState from './postgres-sync-state.ts';
import type { ActorFlowCounts, EventFilter, GroupCount, GroupKey, Page, TimeRange } from '../model/event-query.ts';
import type { IngestOptions, IngestResult, Store, SyncGap, SyncReportRecord } from './store.ts';

export type PostgresStoreOptions = PostgresPoolOptions;

/** Opens the pool and brings the schema up to date (once, even when replicas start together). */
export async function openPostgresStore(options: PostgresStoreOptions): Promise<PostgresStore> {
  const pool = createPostgresPool(options);
  try {
    await migratePostgres(pool, POSTGRES_MIGRATIONS, {
      ...(options.schema ? { schema: options.schema } : {}),
      ...(options.logger ? { logger: options.logger } : {}),
    });
  } catch (error) {
    await pool.end().catch((endError: unknown) => options.logger?.warn('closing the pool failed', { error: endError }));
    throw translatePgError(error);
  }
  return new PostgresStore(pool, options.logger);
}

export class PostgresStore implements Store, BotStateStore {
  readonly kind = 'postgres';

  constructor(
    private readonly pool: pg.Pool,
    private readonly logger?: Logger,
  ) {}

  /** Runs `work` with driver connection errors turned into StoreUnavailableError. */
  private async run<T>(work: (db: pg.Pool) => Promise<T>): Promise<T> {
    try {
      return await work(this.pool);
    } catch (error) {
      throw translatePgError(error);
    }
  }

  private async transaction<T>(work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
    return this.run((pool) =>
      withPooledClient(
        pool,
        async (client) => {
          await client.query('BEGIN');
          try {
            const result = await work(client);
            await client.query('COMMIT');
            return result;
          } catch (error) {
            await client
              .query('ROLLBACK')
              .catch((rollbackError: unknown) =>
                this.logger?.debug('rollback failed', { error: describePgError(rollbackError) }),
              );
            throw error;
          }
        },
        this.logger,
      ),
    );
  }

  async ping(): Promise<void> {
    await this.run((db) => db.query('SELECT 1'));
  }

  async close(): Promise<void> {
    await this.pool.end();
  }

  async ingest(events: FlowEvent[], options: IngestOptions): Promise<IngestResult> {
    const [result] = await this.ingestBlobs([{ events, ...(options.blob ? { blob: options.blob } : {}) }], options);
    return result;
  }

  /** Several blobs in one transaction (the sync's BlobWriter), each with its done mark. */
  ingestBlobs(blobs: BlobBatch[], options: { now: Date }): Promise<IngestResult[]> {
    // ingestBatch opens its own transaction, folding BEGIN into its first round trip.
    return this.run((pool) => withPooledClient(pool, (client) => ingestBatch(client, blobs, options.now), this.logger));
  }

  doneBlobs(contentIds: string[]): Promise<Set<string>> {
    return this.run((db) => syncState.readDoneBlobs(db, contentIds));
  }

  getCursor(source: string): Promise<string | null> {
    return this.run((db) => syncState.readCursor(db, source));
  }

  setCursor(source: string, value: string): Promise<void> {
    return this.run((db) => syncState.writeCursor(db, source, value));
  }

  addCoverage(source: string, range: TimeRange): Promise<void> {
    return this.transaction((client) => syncState.addCoverageRange(client, source, range));
  }

  getCoverage(source: string): Promise<TimeRange[]> {
    return this.run((db) => syncState.readCoverage(db, source));
  }

  recordGap(gap: SyncGap): Promise<void> {
    return this.run((db) => syncState.insertGap(db, gap));
  }

  listGaps(since?: string): Promise<SyncGap[]> {
    return this.run((db) => syncState.selectGaps(db, since));
  }

  saveSyncReport(report: SyncReportRecord): Promise<void> {
    return this.run((db) => syncState.insertReport(db, report));
  }

  lastSyncReport(): Promise<SyncReportRecord | null> {
    return this.run((db) => syncState.selectLastReport(db));
  }

  findEvents(filter: EventFilter, page: Page): Promise<{ events: StoredFlowEvent[]; total: number }> {
    return this.run((db) => selectEvents(db, filter, page));
  }

  listEvents(filter: EventFilter, page: Page): Promise<ListedFlowEvent[]> {
    return this.run((db) => selectListedEvents(db, filter, page));
  }

  countBy(filter: EventFilter, key: GroupKey): Promise<GroupCount[]> {
    return this.run((db) => selectCounts(db, filter, key));
  }

  countFlowsByActor(filter: EventFilter, actors: string[], limit: number): Promise<ActorFlowCounts[]> {
    return this.run((db) => selectFlowsByActor(db, filter, actors, limit));
  }

  getFlows(flowIds: string[]): Promise<FlowInventoryEntry[]> {
    return this.run((db) => selectFlows(db, flowIds));
  }

  upsertSubscription(subscription: ChannelSubscription): Promise<void> {
    return this.run((db) => botState.upsertSubscriptionRow(db, subscription));
  }

  getSubscription(conversationId: string): Promise<ChannelSubscription | null> {
    return this.run((db) => botState.selectSubscription(db, conversationId));
  }

  listSubscriptions(): Promise<ChannelSubscription[]> {
    return this.run((db) => botState.selectSubscriptions(db));
  }

  removeSubscription(conversationId: string): Promise<boolean> {
    return this.run((db) => botState.deleteSubscription(db, conversationId));
  }

  removeTeamSubscriptions(teamId: string): Promise<number> {
    return this.run((db) => botState.deleteTeamSubscriptions(db, teamId));
  }

  claimDigestRun(request: ClaimRequest): Promise<DigestRun | null> {
    return this.run((db) => botState.claimRun(db, request));
  }

  markDigestSent(
    conversationId: string,
    periodKey: string,
    result: { activityId: string | null; sentAt: Date },
  ): Promise<void> {
    return this.run((db) => botState.markRunSent(db, conversationId, periodKey, result));
  }

  markDigestFailed(conversationId: string, periodKey: string, error: string): Promise<void> {
    return this.run((db) => botState.markRunFailed(db, conversationId, periodKey, error));
  }

  getDigestRun(conversationId: string, periodKey: string): Promise<DigestRun | null> {
    return this.run((db) => botState.selectRun(db, conversationId, periodKey));
  }

  lastSentDigest(conversationId: string): Promise<DigestRun | null> {
    return this.run((db) => botState.selectLastSentRun(db, conversationId));
  }

  async tryAcquireLease(name: string, holder: string, ttlMs: number, now: Date): Promise<boolean> {
    return (await this.claimLease(name, holder, ttlMs, now)).won;
  }

  claimLease(name: string, holder: string, ttlMs: number, now: Date): Promise<LeaseClaim> {
    return this.run((db) => botState.acquireLease(db, name, holder, ttlMs, now));
  }

  releaseLease(name: string, holder: string): Promise<void> {
    return this.run((db) => botState.deleteLease(db, name, holder));
  }
}
