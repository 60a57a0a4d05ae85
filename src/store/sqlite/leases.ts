import type { LeaseClaim, LeaseStore } from '../lease-store.ts';
import type { StatementCache } from './statements.ts';

/**
 * LeaseStore in SQLite (table from migration 2). A claim is one INSERT … ON CONFLICT DO UPDATE …
 * WHERE … RETURNING statement: SQLite runs it under the write lock, so two processes sharing the
 * file cannot both win. Who holds a lease it did not win is read in the same transaction.
 */
export class SqliteLeases implements LeaseStore {
  constructor(private readonly statements: StatementCache) {}

  async claim(name: string, holder: string, ttlMs: number, now: Date): Promise<LeaseClaim> {
    const nowMs = now.getTime();
    return this.statements.db
      .transaction((): LeaseClaim => {
        const won = this.statements
          .get(
            `INSERT INTO leases (name, holder, expires_ms) VALUES (?, ?, ?)
             ON CONFLICT (name) DO UPDATE SET holder = excluded.holder, expires_ms = excluded.expires_ms
             WHERE leases.holder = excluded.holder OR leases.expires_ms <= ?
             RETURNING holder`,
          )
          .get(name, holder, nowMs + ttlMs, nowMs);
        if (won !== undefined) return { won: true, holder };
        const current = this.statements
          .get('SELECT holder FROM leases WHERE name = ? AND expires_ms > ?')
          .pluck()
          .get(name, nowMs) as string | undefined;
        return { won: false, holder: current ?? null };
      })
      .immediate();
  }

  async release(name: string, holder: string): Promise<void> {
    this.statements.get('DELETE FROM leases WHERE name = ? AND holder = ?').run(name, holder);
  }
}
