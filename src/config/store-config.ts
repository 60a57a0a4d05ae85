/** DATA_DIR, SQLITE_*, DATABASE_URL, PG_POOL_MAX: which store holds the data, and where. */
import path from 'node:path';
import { ConfigError } from './config-error.ts';
import { get, int, type Env } from './env-readers.ts';

export interface StoreConfig {
  dataDir: string;
  /** SQLite file used when databaseUrl is unset. */
  sqlitePath: string;
  /** Threads running the SQLite store's question reads (0: on the main thread). */
  sqliteReaderThreads: number;
  /** postgres://… selects the PostgreSQL store. */
  databaseUrl: string | null;
  pgPoolMax: number;
}

export function loadStoreConfig(env: Env): StoreConfig {
  const dataDir = path.resolve(get(env, 'DATA_DIR') ?? './data');
  const databaseUrl = get(env, 'DATABASE_URL') ?? null;
  if (databaseUrl && !/^postgres(ql)?:\/\//.test(databaseUrl)) {
    throw new ConfigError(
      'DATABASE_URL',
      'is not a postgres:// URL',
      'Use postgres://user:password@host:5432/db, or unset it for the SQLite file',
    );
  }
  return {
    dataDir,
    sqlitePath: path.resolve(get(env, 'SQLITE_PATH') ?? path.join(dataDir, 'flowwatch.db')),
    sqliteReaderThreads: int(env, 'SQLITE_READER_THREADS', 1, 0, 8),
    databaseUrl,
    pgPoolMax: int(env, 'PG_POOL_MAX', 10, 1, 200),
  };
}
