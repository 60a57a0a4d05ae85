import type { Config } from '../config.ts';
import { SqliteStore } from './sqlite.ts';
import type { Store } from './store.ts';

/**
 * Opens the store the configuration asks for: the SQLite file at config.sqlitePath (directory
 * created, schema migrated) unless DATABASE_URL selects PostgreSQL.
 */
export async function openStore(config: Config): Promise<Store> {
  if (config.databaseUrl) {
    // The PostgreSQL store plugs in here once it is wired up (src/store/postgres.ts).
    throw new Error('PostgreSQL store not available yet: unset DATABASE_URL to use the SQLite file (SQLITE_PATH)');
  }
  return SqliteStore.open(config.sqlitePath);
}
