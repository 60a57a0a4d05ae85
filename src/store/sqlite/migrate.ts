import type Database from 'better-sqlite3';
import type { Migration } from '../migrations/sqlite.ts';

/**
 * Applies the migrations not yet recorded in `schema_migrations`, each in its own transaction
 * (so a failing one leaves the schema at the previous version). Returns the versions applied now.
 */
export function migrateSqlite(
  db: Database.Database,
  migrations: Migration[],
  now: () => Date = () => new Date(),
): number[] {
  db.exec(
    'CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)',
  );
  const applied = new Set(db.prepare('SELECT version FROM schema_migrations').pluck().all() as number[]);
  const record = db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)');
  const done: number[] = [];
  for (const m of [...migrations].sort((a, b) => a.version - b.version)) {
    if (applied.has(m.version)) continue;
    // IMMEDIATE: a second process opening the same file waits instead of migrating twice.
    db.transaction(() => {
      const again = db.prepare('SELECT 1 FROM schema_migrations WHERE version = ?').get(m.version);
      if (again) return;
      db.exec(m.sql);
      record.run(m.version, m.name, now().toISOString());
      done.push(m.version);
    }).immediate();
  }
  return done;
}
