/** GovernanceStore in SQLite (migration 10): one table, inserts in one transaction. */
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
import type { StatementCache } from './statements.ts';

export class SqliteGovernance implements GovernanceStore {
  constructor(private readonly statements: StatementCache) {}

  async addGovernanceEvents(events: GovernanceEvent[], options: { now: Date }) {
    const insert = this.statements.get(
      `INSERT INTO governance_events (${GOVERNANCE_COLUMNS}) VALUES (${GOVERNANCE_COLUMNS.split(',')
        .map(() => '?')
        .join(', ')}) ON CONFLICT (id) DO NOTHING`,
    );
    const ingestedAt = options.now.toISOString();
    let inserted = 0;
    this.statements.db.transaction(() => {
      for (const e of events) inserted += insert.run(...governanceValues(e, ingestedAt)).changes;
    })();
    return { inserted, duplicates: events.length - inserted };
  }

  async listGovernanceEvents(filter: GovernanceFilter, page: Page) {
    const { where, params } = whereOf(filter);
    const total = this.statements.get(`SELECT count(*) AS n FROM governance_events WHERE ${where}`).get(...params) as {
      n: number;
    };
    const rows = this.statements
      .get(
        `SELECT ${LISTED_GOVERNANCE_COLUMNS} FROM governance_events WHERE ${where} ORDER BY occurred_ms DESC, id LIMIT ? OFFSET ?`,
      )
      .all(...params, page.limit, page.offset) as GovernanceRow[];
    return { events: rows.map(rowToGovernanceEvent), total: total.n };
  }

  async countGovernanceByActor(filter: GovernanceFilter): Promise<GroupCount[]> {
    const { where, params } = whereOf(filter);
    const rows = this.statements
      .get(
        `SELECT actor_upn AS actor, count(*) AS n FROM governance_events WHERE ${where} GROUP BY actor_upn ORDER BY n DESC, coalesce(actor_upn, '')`,
      )
      .all(...params) as Array<{ actor: string | null; n: number }>;
    return rows.map(rowToActorCount);
  }
}

function whereOf(filter: GovernanceFilter): { where: string; params: unknown[] } {
  const clauses = ['occurred_ms >= ?', 'occurred_ms < ?'];
  const params: unknown[] = [Date.parse(filter.from), Date.parse(filter.to)];
  if (filter.actions) {
    clauses.push(filter.actions.length > 0 ? `action IN (${filter.actions.map(() => '?').join(', ')})` : '0');
    params.push(...filter.actions);
  }
  if (filter.environmentId) {
    clauses.push('lower(environment_id) = lower(?)');
    params.push(filter.environmentId);
  }
  return { where: clauses.join(' AND '), params };
}
