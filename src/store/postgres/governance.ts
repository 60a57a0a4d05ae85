/** GovernanceStore in PostgreSQL (migration 8): the same table and rows as SQLite's. */
import type { GroupCount, Page } from '../../model/event-query.ts';
import type { GovernanceEvent } from '../../model/governance-event.ts';
import type { GovernanceFilter, GovernanceStore } from '../governance-store.ts';
import {
  GOVERNANCE_COLUMNS,
  governanceValues,
  LISTED_GOVERNANCE_COLUMNS,
  rowToActorCount,
  rowToGovernanceEvent,
  type GovernanceRow,
} from '../governance-rows.ts';
import type { PgRunner } from './pg-runner.ts';

const COLUMN_COUNT = GOVERNANCE_COLUMNS.split(',').length;
/** Rows per INSERT: well under PostgreSQL's 65,535 parameters. */
const ROWS_PER_INSERT = 500;

export class PostgresGovernance implements GovernanceStore {
  constructor(private readonly db: PgRunner) {}

  async addGovernanceEvents(events: GovernanceEvent[], options: { now: Date }) {
    if (events.length === 0) return { inserted: 0, duplicates: 0 };
    const ingestedAt = options.now.toISOString();
    const inserted = await this.db.transaction(async (client) => {
      let n = 0;
      for (let i = 0; i < events.length; i += ROWS_PER_INSERT) {
        const batch = events.slice(i, i + ROWS_PER_INSERT);
        const values = batch.flatMap((e) => governanceValues(e, ingestedAt));
        const rows = batch.map(
          (_, r) => `(${Array.from({ length: COLUMN_COUNT }, (_, c) => `$${r * COLUMN_COUNT + c + 1}`).join(', ')})`,
        );
        const result = await client.query(
          `INSERT INTO governance_events (${GOVERNANCE_COLUMNS}) VALUES ${rows.join(', ')} ON CONFLICT (id) DO NOTHING`,
          values,
        );
        n += result.rowCount ?? 0;
      }
      return n;
    });
    return { inserted, duplicates: events.length - inserted };
  }

  async listGovernanceEvents(filter: GovernanceFilter, page: Page) {
    const { where, params } = whereOf(filter);
    return this.db.run(async (pool) => {
      const total = await pool.query<{ n: string }>(
        `SELECT count(*) AS n FROM governance_events WHERE ${where}`,
        params,
      );
      const rows = await pool.query<GovernanceRow>(
        `SELECT ${LISTED_GOVERNANCE_COLUMNS} FROM governance_events WHERE ${where}
         ORDER BY occurred_ms DESC, id COLLATE "C" LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
        [...params, page.limit, page.offset],
      );
      return {
        events: rows.rows.map(rowToGovernanceEvent),
        total: Number(total.rows[0].n),
      };
    });
  }

  async countGovernanceByActor(filter: GovernanceFilter): Promise<GroupCount[]> {
    const { where, params } = whereOf(filter);
    const { rows } = await this.db.run((pool) =>
      pool.query<{ actor: string | null; n: string }>(
        `SELECT actor_upn AS actor, count(*) AS n FROM governance_events WHERE ${where}
         GROUP BY actor_upn ORDER BY count(*) DESC, coalesce(actor_upn, '') COLLATE "C"`,
        params,
      ),
    );
    return rows.map(rowToActorCount);
  }
}

function whereOf(filter: GovernanceFilter): { where: string; params: unknown[] } {
  const params: unknown[] = [Date.parse(filter.from), Date.parse(filter.to)];
  const clauses = ['occurred_ms >= $1', 'occurred_ms < $2'];
  if (filter.actions) {
    params.push([...filter.actions]);
    clauses.push(`action = ANY($${params.length}::text[])`);
  }
  if (filter.environmentId) {
    params.push(filter.environmentId);
    clauses.push(`lower(environment_id) = lower($${params.length})`);
  }
  return { where: clauses.join(' AND '), params };
}
