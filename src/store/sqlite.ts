/**
 * The embedded default Store: one SQLite file (better-sqlite3, synchronous, wrapped in async
 * methods so it is interchangeable with the PostgreSQL store). WAL lets readers run beside the
 * sync's writer; every ingest is one transaction. With `readerThreads`, the question reads
 * (findEvents, listEvents, countBy, countFlowsByActor, getFlows, getCoverage) run on reader
 * threads (sqliteReaders.ts) instead of the calling thread.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import type { FlowEvent, FlowInventoryEntry, ListedFlowEvent, StoredFlowEvent } from '../model/flow-event.ts';
import type { ChannelSubscription, ClaimRequest, DigestRun } from './bot-state.ts';
import { SQLITE_MIGRATIONS } from './migrations/sqlite.ts';
import { SqliteBotState } from './sqlite-bot-state.ts';
import { configureConnection } from './sqlite-connection.ts';
import { getCoverageSqlite } from './sqlite-coverage.ts';
import { ingestBlobsInTransaction, ingestInTransaction } from './sqlite-ingest.ts';
import { migrateSqlite } from './sqlite-migrate.ts';
import { SqliteReaders } from './sqlite-readers.ts';
import { runSqliteRead, type SqliteRead, type SqliteReadArgs, type SqliteReadResult } from './sqlite-reads.ts';
import { chunks, StatementCache } from './sqlite-statements.ts';
import type { ActorFlowCounts, EventFilter, GroupCount, GroupKey, Page, TimeRange } from '../model/event-query.ts';
import type { BlobIngest, IngestOptions, IngestResult, Store, SyncGap, SyncReportRecord } from './store.ts';
import { mergeRanges, toIso, toMillis } from './time-ranges.ts';

export interface SqliteStoreOptions {
  /** How long a writer waits for another connection's lock before failing (ms). */
  busyTimeoutMs?: number;
  /** Sync reports kept; older ones are pruned. */
  keepSyncReports?: number;
  /** Threads for the question reads (0: on the calling thread). A file in memory has none. */
  readerThreads?: number;
}

export class SqliteStore implements Store {
  readonly kind = 'sqlite';
  private readonly statements: StatementCache;
  private readonly botState: SqliteBotState;
  private closed = false;

  private constructor(
    private readonly db: Database.Database,
    readonly file: string,
    private readonly keepSyncReports: number,
    private readonly readers: SqliteReaders | null,
  ) {
    this.statements = new StatementCache(db);
    this.botState = new SqliteBotState(this.statements);
  }

  /** Opens (creating the file and its directory if needed) and migrates. */
  static open(file: string, options: SqliteStoreOptions = {}): SqliteStore {
    if (file !== ':memory:') mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
    const db = new Database(file);
    try {
      db.pragma('journal_mode = WAL');
      // NORMAL is durable against a process crash in WAL mode; only power loss can drop the last commits.
      db.pragma('synchronous = NORMAL');
      db.pragma('foreign_keys = ON');
      configureConnection(db, options);
      migrateSqlite(db, SQLITE_MIGRATIONS);
    } catch (error) {
      db.close();
      throw error;
    }
    const threads = file === ':memory:' ? 0 : (options.readerThreads ?? 0);
    const readers = threads > 0 ? new SqliteReaders(path.resolve(file), threads, options.busyTimeoutMs) : null;
    return new SqliteStore(db, file, options.keepSyncReports ?? 1000, readers);
  }

  /** A question read, on a reader thread when the store has them. */
  private async read<R extends SqliteRead>(read: R, ...args: SqliteReadArgs<R>): Promise<SqliteReadResult<R>> {
    if (this.readers) return this.readers.run(read, ...args);
    return runSqliteRead(this.statements, read, args);
  }

  /** Versions recorded in schema_migrations (for tests and `flowwatch status`). */
  appliedMigrations(): number[] {
    return this.db.prepare('SELECT version FROM schema_migrations ORDER BY version').pluck().all() as number[];
  }

  async ping(): Promise<void> {
    this.statements.get('SELECT 1').get();
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.readers?.close();
    // No `PRAGMA optimize`: without ANALYZE statistics the planner follows the query shapes and
    // INDEXED BY hints here; with them it picked skip-scans that ignored the selective range.
    this.db.close();
  }

  async ingest(events: FlowEvent[], options: IngestOptions): Promise<IngestResult> {
    return this.db.transaction(() => ingestInTransaction(this.statements, events, options)).immediate();
  }

  async ingestBlobs(blobs: BlobIngest[], options: { now: Date }): Promise<IngestResult[]> {
    return this.db.transaction(() => ingestBlobsInTransaction(this.statements, blobs, options.now)).immediate();
  }

  async doneBlobs(contentIds: string[]): Promise<Set<string>> {
    const done = new Set<string>();
    for (const ids of chunks([...new Set(contentIds)])) {
      const sql = `SELECT content_id FROM done_blobs WHERE content_id IN (${ids.map(() => '?').join(', ')})`;
      for (const id of this.statements
        .get(sql)
        .pluck()
        .all(...ids) as string[])
        done.add(id);
    }
    return done;
  }

  async getCursor(source: string): Promise<string | null> {
    const value = this.statements.get('SELECT value FROM cursors WHERE source = ?').pluck().get(source) as
      string | undefined;
    return value ?? null;
  }

  async setCursor(source: string, value: string): Promise<void> {
    toMillis(value, 'cursor');
    this.statements
      .get(
        'INSERT INTO cursors (source, value) VALUES (?, ?) ON CONFLICT (source) DO UPDATE SET value = excluded.value',
      )
      .run(source, value);
  }

  async addCoverage(source: string, range: TimeRange): Promise<void> {
    this.db
      .transaction(() => {
        const merged = mergeRanges([...getCoverageSqlite(this.statements, source), range]);
        this.statements.get('DELETE FROM coverage WHERE source = ?').run(source);
        const insert = this.statements.get('INSERT INTO coverage (source, from_ms, to_ms) VALUES (?, ?, ?)');
        for (const r of merged) insert.run(source, toMillis(r.from), toMillis(r.to));
      })
      .immediate();
  }

  /** Every answer reads it, so it is one of the reads that run on reader threads. */
  getCoverage(source: string): Promise<TimeRange[]> {
    return this.read('getCoverage', source);
  }

  async recordGap(gap: SyncGap): Promise<void> {
    const from = toMillis(gap.from, 'gap.from');
    const to = toMillis(gap.to, 'gap.to');
    const key = gap.contentId ?? `${toIso(from)}/${toIso(to)}`;
    this.statements
      .get(
        'INSERT OR IGNORE INTO gaps (source, gap_key, content_id, from_ms, to_ms, reason, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
      )
      .run(gap.source, key, gap.contentId, from, to, gap.reason, gap.recordedAt);
  }

  async listGaps(since?: string): Promise<SyncGap[]> {
    const sinceMs = since === undefined ? Number.MIN_SAFE_INTEGER : toMillis(since, 'since');
    const rows = this.statements
      .get(
        'SELECT source, content_id, from_ms, to_ms, reason, recorded_at FROM gaps WHERE to_ms > ? ORDER BY from_ms, gap_key',
      )
      .all(sinceMs) as Array<{
      source: string;
      content_id: string | null;
      from_ms: number;
      to_ms: number;
      reason: string;
      recorded_at: string;
    }>;
    return rows.map((r) => ({
      source: r.source,
      contentId: r.content_id,
      from: toIso(r.from_ms),
      to: toIso(r.to_ms),
      reason: r.reason,
      recordedAt: r.recorded_at,
    }));
  }

  async saveSyncReport(report: SyncReportRecord): Promise<void> {
    this.db
      .transaction(() => {
        this.statements
          .get('INSERT INTO sync_reports (source, started_at, finished_at, ok, details) VALUES (?, ?, ?, ?, ?)')
          .run(report.source, report.startedAt, report.finishedAt, report.ok ? 1 : 0, JSON.stringify(report.details));
        this.statements
          .get('DELETE FROM sync_reports WHERE id <= (SELECT max(id) FROM sync_reports) - ?')
          .run(this.keepSyncReports);
      })
      .immediate();
  }

  async lastSyncReport(): Promise<SyncReportRecord | null> {
    const row = this.statements
      .get('SELECT source, started_at, finished_at, ok, details FROM sync_reports ORDER BY id DESC LIMIT 1')
      .get() as { source: string; started_at: string; finished_at: string; ok: number; details: string } | undefined;
    if (!row) return null;
    return {
      source: row.source,
      startedAt: row.started_at,
      finishedAt: row.finished_at,
      ok: row.ok === 1,
      details: JSON.parse(row.details) as Record<string, unknown>,
    };
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

  getFlows(flowIds: string[]): Promise<FlowInventoryEntry[]> {
    return this.read('getFlows', flowIds);
  }

  // --- bot state (digest subscriptions, runs, leases): sqliteBotState.ts -----------------------

  async upsertSubscription(subscription: ChannelSubscription): Promise<void> {
    this.botState.upsertSubscription(subscription);
  }

  async getSubscription(conversationId: string): Promise<ChannelSubscription | null> {
    return this.botState.getSubscription(conversationId);
  }

  async listSubscriptions(): Promise<ChannelSubscription[]> {
    return this.botState.listSubscriptions();
  }

  async removeSubscription(conversationId: string): Promise<boolean> {
    return this.botState.removeSubscription(conversationId);
  }

  async removeTeamSubscriptions(teamId: string): Promise<number> {
    return this.botState.removeTeamSubscriptions(teamId);
  }

  async claimDigestRun(request: ClaimRequest): Promise<DigestRun | null> {
    return this.botState.claimDigestRun(request);
  }

  async markDigestSent(
    conversationId: string,
    periodKey: string,
    result: { activityId: string | null; sentAt: Date },
  ): Promise<void> {
    this.botState.markDigestSent(conversationId, periodKey, result);
  }

  async markDigestFailed(conversationId: string, periodKey: string, error: string): Promise<void> {
    this.botState.markDigestFailed(conversationId, periodKey, error);
  }

  async getDigestRun(conversationId: string, periodKey: string): Promise<DigestRun | null> {
    return this.botState.getDigestRun(conversationId, periodKey);
  }

  async lastSentDigest(conversationId: string): Promise<DigestRun | null> {
    return this.botState.lastSentDigest(conversationId);
  }

  async tryAcquireLease(name: string, holder: string, ttlMs: number, now: Date): Promise<boolean> {
    return this.botState.tryAcquireLease(name, holder, ttlMs, now);
  }

  async releaseLease(name: string, holder: string): Promise<void> {
    this.botState.releaseLease(name, holder);
  }
}
