/** LeaseStore in PostgreSQL: one conditional upsert per claim, so replicas cannot both win. */
import type pg from 'pg';
import type { LeaseClaim, LeaseStore } from '../lease-store.ts';
import type { PgRunner } from './pg-runner.ts';

type Db = pg.Pool | pg.PoolClient;

export class PostgresLeases implements LeaseStore {
  constructor(private readonly db: PgRunner) {}

  claim(name: string, holder: string, ttlMs: number, now: Date): Promise<LeaseClaim> {
    return this.db.run((pool) => claimLease(pool, name, holder, ttlMs, now));
  }

  release(name: string, holder: string): Promise<void> {
    return this.db.run((pool) => deleteLease(pool, name, holder));
  }
}

/**
 * Takes a free or expired lease, or renews one's own; says whether `holder` holds it afterwards
 * and, when not, who does. The second SELECT reads the statement's snapshot, from before the
 * INSERT: the other holder's unexpired row (null when that row was written after the snapshot).
 */
async function claimLease(db: Db, name: string, holder: string, ttlMs: number, now: Date): Promise<LeaseClaim> {
  const { rows } = await db.query<{ won_by: string | null; current: string | null }>(
    `WITH claimed AS (
       INSERT INTO leases (name, holder, expires_ts) VALUES ($1, $2, $3)
       ON CONFLICT (name) DO UPDATE SET holder = excluded.holder, expires_ts = excluded.expires_ts
       WHERE leases.holder = excluded.holder OR leases.expires_ts <= $4
       RETURNING holder
     )
     SELECT (SELECT holder FROM claimed) AS won_by, (SELECT holder FROM leases WHERE name = $1 AND expires_ts > $4) AS current`,
    [name, holder, new Date(now.getTime() + ttlMs), now],
  );
  const { won_by: wonBy, current } = rows[0];
  return wonBy !== null ? { won: true, holder } : { won: false, holder: current };
}

async function deleteLease(db: Db, name: string, holder: string): Promise<void> {
  await db.query('DELETE FROM leases WHERE name = $1 AND holder = $2', [name, holder]);
}
