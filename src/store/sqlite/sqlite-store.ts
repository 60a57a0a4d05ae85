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
import { SQLITE_MIGRATIONS } from '../migrations/sqlite.ts';
import { SqliteBotState } from './bot-state.ts';
import { configureConnection } from './connection.ts';
import { migrateSqlite } from './migrate.ts';
import { SqliteReaders } from './readers.ts';
import { StatementCache } from './statements.ts';
import { createSqliteReader } from './reader.ts';
import { SqliteEvents } from './events.ts';
import { SqliteInventory } from './inventory.ts';
import { SqliteFlowIdentity } from './flow-identity.ts';
import { SqliteLeases } from './leases.ts';
import { SqliteAlerts } from './alerts.ts';
import { SqliteIncidents } from './incidents.ts';
import { SqliteGovernance } from './governance.ts';
import { SqliteBackfill } from './backfill.ts';
import { SqliteSyncState } from './sync-state.ts';
import type { Store } from '../store.ts';

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
  readonly events: SqliteEvents;
  readonly inventory: SqliteInventory;
  readonly flowIdentity: SqliteFlowIdentity;
  readonly syncState: SqliteSyncState;
  readonly botState: SqliteBotState;
  readonly leases: SqliteLeases;
  readonly alerts: SqliteAlerts;
  readonly incidents: SqliteIncidents;
  readonly governance: SqliteGovernance;
  readonly backfill: SqliteBackfill;
  private readonly statements: StatementCache;
  private closed = false;

  private constructor(
    private readonly db: Database.Database,
    readonly file: string,
    keepSyncReports: number,
    private readonly readers: SqliteReaders | null,
  ) {
    const statements = new StatementCache(db);
    const read = createSqliteReader(statements, readers);
    this.statements = statements;
    this.events = new SqliteEvents(statements, read);
    this.inventory = new SqliteInventory(read);
    this.flowIdentity = new SqliteFlowIdentity(statements);
    this.syncState = new SqliteSyncState(statements, read, keepSyncReports);
    this.botState = new SqliteBotState(statements);
    this.leases = new SqliteLeases(statements);
    this.alerts = new SqliteAlerts(statements);
    this.incidents = new SqliteIncidents(statements);
    this.governance = new SqliteGovernance(statements);
    this.backfill = new SqliteBackfill(statements);
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
}
