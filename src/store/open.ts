import type { Config } from '../config/load-config.ts';
import type { Logger } from '../log.ts';
import { openPostgresStore } from './postgres/postgres-store.ts';
import { SqliteStore } from './sqlite/sqlite-store.ts';
import type { Store } from './store.ts';

/**
 * Opens the store the configuration asks for: the SQLite file at config.sqlitePath (directory
 * created, schema migrated, question reads on config.sqliteReaderThreads threads) unless
 * DATABASE_URL selects PostgreSQL (a pool of at most config.pgPoolMax connections; migrations
 * run once even when replicas start together).
 */
export async function openStore(config: Config, log?: Logger): Promise<Store> {
  if (config.databaseUrl) {
    return openPostgresStore({
      connectionString: config.databaseUrl,
      max: config.pgPoolMax,
      ...(log ? { logger: log.child({ component: 'postgres' }) } : {}),
    });
  }
  return SqliteStore.open(config.sqlitePath, { readerThreads: config.sqliteReaderThreads });
}
