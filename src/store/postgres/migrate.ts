/**
 * Applies the PostgreSQL migrations that are not yet in `schema_migrations`. Replicas that start
 * together all call this; a session-level advisory lock makes them take turns, so each migration
 * runs exactly once and the others find it applied. Each migration runs in its own transaction.
 */
import type pg from 'pg';
import type { Logger } from '../../log.ts';
import { quoteIdentifier, withPooledClient } from './pool.ts';

export interface PostgresMigration {
  version: number;
  name: string;
  sql: string;
}

export interface MigrateOptions {
  /** Created when missing; when absent, tables go to the first schema of the search_path. */
  schema?: string;
  logger?: Logger;
}

/** Returns the versions this call applied (empty when another replica already did). */
export async function migratePostgres(
  pool: pg.Pool,
  migrations: readonly PostgresMigration[],
  options: MigrateOptions = {},
): Promise<number[]> {
  return withPooledClient(
    pool,
    async (client) => {
      // Per schema: replicas of one deployment take turns, other deployments (and test runs) do not wait.
      const target =
        options.schema ?? (await client.query<{ search_path: string }>('SHOW search_path')).rows[0].search_path;
      const lockKey = `flowwatch:migrate:${target}`;
      await client.query('SELECT pg_advisory_lock(hashtext($1))', [lockKey]);
      try {
        if (options.schema) await client.query(`CREATE SCHEMA IF NOT EXISTS ${quoteIdentifier(options.schema)}`);
        await client.query(
          'CREATE TABLE IF NOT EXISTS schema_migrations (version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())',
        );
        const { rows } = await client.query<{ version: number }>('SELECT version FROM schema_migrations');
        const applied = new Set(rows.map((r) => r.version));
        const done: number[] = [];
        for (const migration of [...migrations].sort((a, b) => a.version - b.version)) {
          if (applied.has(migration.version)) continue;
          await client.query('BEGIN');
          try {
            await client.query(migration.sql);
            await client.query('INSERT INTO schema_migrations (version, name) VALUES ($1, $2)', [
              migration.version,
              migration.name,
            ]);
            await client.query('COMMIT');
          } catch (error) {
            await client.query('ROLLBACK').catch(() => undefined); // the original error matters more
            throw error;
          }
          options.logger?.info('postgres migration applied', { version: migration.version, name: migration.name });
          done.push(migration.version);
        }
        return done;
      } finally {
        await client.query('SELECT pg_advisory_unlock(hashtext($1))', [lockKey]).catch(() => undefined); // a dead session drops its locks anyway
      }
    },
    options.logger,
  );
}
