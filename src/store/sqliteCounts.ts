/**
 * countBy for the SQLite store. When only time and operations narrow the question (the common
 * "this week, by connector" case) counts come from per-key index range scans, and for connectors
 * from hourly rollups plus the partial hours at both ends; anything else is one GROUP BY.
 */
import { HOUR_MS } from './sqliteIngest.ts';
import { eventConditions, filterOperations, isTimeAndOperationsOnly, placeholders } from './sqliteFilter.ts';
import type { StatementCache } from './sqliteStatements.ts';
import type { EventFilter, GroupCount, GroupKey } from './store.ts';
import { toMillis } from './timeRanges.ts';

const EVENT_COLUMNS: Record<Exclude<GroupKey, 'connector'>, { column: string; index: string | null }> = {
  operation: { column: 'operation', index: 'events_by_operation' },
  actor: { column: 'actor_upn', index: 'events_by_actor' },
  environment: { column: 'environment_id', index: 'events_by_environment' },
  // Flows are too many for one range scan per key; a plain GROUP BY wins.
  flow: { column: 'flow_id', index: null },
};

interface Row {
  k: string;
  display?: string;
  n: number;
}

/** Counts per group, largest first, then by key. Events without a value for the key are not counted. */
export function countBySqlite(statements: StatementCache, filter: EventFilter, key: GroupKey): GroupCount[] {
  const rows = key === 'connector' ? countConnectors(statements, filter) : countEventColumn(statements, filter, key);
  return rows.sort((a, b) => b.count - a.count || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

function operationsCondition(filter: EventFilter, alias: string): { sql: string; params: string[] } {
  const operations = filterOperations(filter);
  return operations ? { sql: ` AND ${alias}.operation IN (${placeholders(operations.length)})`, params: operations } : { sql: '', params: [] };
}

function countEventColumn(statements: StatementCache, filter: EventFilter, key: Exclude<GroupKey, 'connector'>): GroupCount[] {
  const { column, index } = EVENT_COLUMNS[key];
  let rows: Row[];
  if (index && isTimeAndOperationsOnly(filter)) {
    const ops = operationsCondition(filter, 'x');
    rows = statements
      .get(
        `SELECT x.${column} AS k, count(*) AS n FROM (SELECT DISTINCT ${column} AS v FROM events WHERE ${column} IS NOT NULL) d
         JOIN events x INDEXED BY ${index} ON x.${column} = d.v AND x.occurred_ms >= ? AND x.occurred_ms < ?${ops.sql}
         GROUP BY x.${column}`,
      )
      .all(toMillis(filter.from, 'filter.from'), toMillis(filter.to, 'filter.to'), ...ops.params) as Row[];
  } else {
    const where = eventConditions(filter);
    rows = statements
      .get(`SELECT e.${column} AS k, count(*) AS n FROM events e WHERE ${where.sql} AND e.${column} IS NOT NULL GROUP BY e.${column}`)
      .all(...where.params) as Row[];
  }
  return rows.map((r) => ({ key: r.k, count: r.n }));
}

function countConnectors(statements: StatementCache, filter: EventFilter): GroupCount[] {
  if (!isTimeAndOperationsOnly(filter)) {
    const where = eventConditions(filter);
    const rows = statements
      .get(
        `SELECT c.connector_lc AS k, min(c.connector) AS display, count(*) AS n FROM events e
         JOIN event_connectors c ON c.event_seq = e.seq WHERE ${where.sql} GROUP BY c.connector_lc`,
      )
      .all(...where.params) as Row[];
    return rows.map((r) => ({ key: r.display ?? r.k, count: r.n }));
  }
  const from = toMillis(filter.from, 'filter.from');
  const to = toMillis(filter.to, 'filter.to');
  const firstHour = Math.ceil(from / HOUR_MS) * HOUR_MS;
  const lastHour = Math.floor(to / HOUR_MS) * HOUR_MS;
  const totals = new Map<string, { display: string; count: number }>();
  const add = (rows: Row[]) => {
    for (const r of rows) {
      const seen = totals.get(r.k);
      const display = r.display ?? r.k;
      if (seen) {
        seen.count += r.n;
        if (display < seen.display) seen.display = display;
      } else totals.set(r.k, { display, count: r.n });
    }
  };
  if (firstHour >= lastHour) {
    add(countConnectorRows(statements, filter, from, to));
  } else {
    add(countConnectorRows(statements, filter, from, firstHour));
    const ops = operationsCondition(filter, 'h');
    add(
      statements
        .get(
          `SELECT h.connector_lc AS k, min(h.connector) AS display, sum(h.count) AS n FROM connector_hourly_counts h
           WHERE h.hour_ms >= ? AND h.hour_ms < ?${ops.sql} GROUP BY h.connector_lc`,
        )
        .all(firstHour, lastHour, ...ops.params) as Row[],
    );
    add(countConnectorRows(statements, filter, lastHour, to));
  }
  return [...totals.values()].filter((t) => t.count > 0).map((t) => ({ key: t.display, count: t.count }));
}

/** Per-connector counts from the connector rows themselves, for a (short) range. */
function countConnectorRows(statements: StatementCache, filter: EventFilter, from: number, to: number): Row[] {
  if (to <= from) return [];
  const ops = operationsCondition(filter, 'c');
  return statements
    .get(
      `SELECT c.connector_lc AS k, min(c.connector) AS display, count(*) AS n FROM (SELECT DISTINCT connector_lc AS v FROM event_connectors) d
       JOIN event_connectors c INDEXED BY event_connectors_by_connector ON c.connector_lc = d.v AND c.occurred_ms >= ? AND c.occurred_ms < ?${ops.sql}
       GROUP BY c.connector_lc`,
    )
    .all(from, to, ...ops.params) as Row[];
}
