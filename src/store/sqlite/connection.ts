import type Database from 'better-sqlite3';

/** Settings every connection to the store's file takes, the writer's and the reader threads'. */
export function configureConnection(db: Database.Database, options: { busyTimeoutMs?: number }): void {
  db.pragma(`busy_timeout = ${Math.max(0, Math.floor(options.busyTimeoutMs ?? 5000))}`);
  // 32 MiB of page cache: the id and key indexes take random inserts, which thrash the 2 MiB
  // default. 64 MiB inserted no faster (300k events: 47 vs 47 CPU s) but took the sync's peak
  // RSS near the 300 MB budget of issue 2 (1M records: 287 vs 208 MB with 16 MiB).
  db.pragma('cache_size = -32768');
  db.pragma('temp_store = MEMORY');
}
