/**
 * The PostgreSQL store: every concern on one database that several bot replicas share. A bounded
 * pool (config.pgPoolMax) per process; migrations under an advisory lock at open; connection
 * failures surface as StoreUnavailableError (pg-runner.ts).
 */
import { POSTGRES_MIGRATIONS } from '../migrations/postgres.ts';
import type { Store } from '../store.ts';
import { PostgresBotState } from './bot-state.ts';
import { PostgresEvents } from './events.ts';
import { PostgresInventory } from './inventory.ts';
import { PostgresFlowIdentity } from './flow-identity.ts';
import { PostgresLeases } from './leases.ts';
import { PostgresAlerts } from './alerts.ts';
import { PostgresIncidents } from './incidents.ts';
import { PostgresGovernance } from './governance.ts';
import { PostgresBackfill } from './backfill.ts';
import { migratePostgres } from './migrate.ts';
import { PgRunner } from './pg-runner.ts';
import { createPostgresPool, translatePgError, type PostgresPoolOptions } from './pool.ts';
import { PostgresSyncState } from './sync-state.ts';

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
  return new PostgresStore(new PgRunner(pool, options.logger));
}

export class PostgresStore implements Store {
  readonly kind = 'postgres';
  readonly events: PostgresEvents;
  readonly inventory: PostgresInventory;
  readonly flowIdentity: PostgresFlowIdentity;
  readonly syncState: PostgresSyncState;
  readonly botState: PostgresBotState;
  readonly leases: PostgresLeases;
  readonly alerts: PostgresAlerts;
  readonly incidents: PostgresIncidents;
  readonly governance: PostgresGovernance;
  readonly backfill: PostgresBackfill;

  constructor(private readonly db: PgRunner) {
    this.events = new PostgresEvents(db);
    this.inventory = new PostgresInventory(db);
    this.flowIdentity = new PostgresFlowIdentity(db);
    this.syncState = new PostgresSyncState(db);
    this.botState = new PostgresBotState(db);
    this.leases = new PostgresLeases(db);
    this.alerts = new PostgresAlerts(db);
    this.incidents = new PostgresIncidents(db);
    this.governance = new PostgresGovernance(db);
    this.backfill = new PostgresBackfill(db);
  }

  async ping(): Promise<void> {
    await this.db.run((pool) => pool.query('SELECT 1'));
  }

  async close(): Promise<void> {
    await this.db.pool.end();
  }
}
