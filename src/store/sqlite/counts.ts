/**
 * countBy for the SQLite store. When only time and operations narrow the question (the common
 * "this week, by maker / by connector" case) each group is counted by a range scan of the index
 * that leads with its key, so nothing is sorted: keys are enumerated by hopping through the index
 * (one seek per distinct key, a "skip scan" written out as a recursive CTE, since SQLite only does
 * it by itself with ANALYZE statistics), and connectors come from hourly rollups plus the partial
 * hours at both ends. Anything else is one GROUP BY over the rows the filter selects.
 */
import { byCountThenKey } from '../group-counts.ts';
import { HOUR_MS } from './ingest.ts';
import { countOperationsInRange, storedOperations } from './operation-counts.ts';
import { filterOperations, singleConnectorKey } from '../filter-rules.ts';
import { eventSelection, isTimeAndOperationsOnly, placeholders } from './filter.ts';
import type { StatementCache } from './statements.ts';
import type { EventFilter, GroupCount, GroupKey } from '../../model/event-query.ts';
import { toMillis } from '../time-ranges.ts';

const EVENT_COLUMNS: Record<Exclude<GroupKey, 'connector'>, { column: string; index: string | null }> = {
  operation: { column: 'operation', index: 'events_by_operation' },
  actor: { column: 'actor_upn', index: 'events_by_actor' },
  environment: { column: 'environment_id', index: 'events_by_environment' },
  // Flows are too many for one range scan per key; a plain GROUP BY wins.
  flow: { column: 'flow_id', index: null },
};

interface Row {
  k: string;
  display?: string | null;
  n: number;
}

/** Counts per group, largest first, then by key. Events without a value for the key are not counted. */
export function countBySqlite(statements: StatementCache, filter: EventFilter, key: GroupKey): GroupCount[] {
  const rows = key === 'connector' ? countConnectors(statements, filter) : countEventColumn(statements, filter, key);
  return rows.filter((r) => r.count > 0).sort(byCountThenKey);
}

function operationsCondition(filter: EventFilter, alias: string): { sql: string; params: string[] } {
  const operations = filterOperations(filter);
  return operations
    ? { sql: ` AND ${alias}.operation IN (${placeholders(operations.length)})`, params: operations }
    : { sql: '', params: [] };
}

function countEventColumn(
  statements: StatementCache,
  filter: EventFilter,
  key: Exclude<GroupKey, 'connector'>,
): GroupCount[] {
  const { column, index } = EVENT_COLUMNS[key];
  // "… using HTTP this week": every answer counts per operation under a connector filter.
  const oneConnector = singleConnectorKey(filter);
  if (key === 'operation' && oneConnector !== null && isTimeAndOperationsOnly({ ...filter, connectors: undefined })) {
    return countOperationsOfConnector(statements, filter, oneConnector);
  }
  if (key === 'operation' && isTimeAndOperationsOnly(filter)) {
    const counts = countOperationsInRange(
      statements,
      toMillis(filter.from, 'filter.from'),
      toMillis(filter.to, 'filter.to'),
      filterOperations(filter),
    );
    return [...counts].map(([k, count]) => ({ key: k, count }));
  }
  if (!index || !isTimeAndOperationsOnly(filter)) {
    // Grouping by operation under a connector filter needs only the connector rows (they carry it).
    const selection = eventSelection(filter, key !== 'operation');
    const keyColumn = key === 'operation' ? selection.operationColumn : `e.${column}`;
    const rows = statements
      .get(
        `SELECT ${keyColumn} AS k, count(*) AS n FROM ${selection.from} WHERE ${selection.where} AND ${keyColumn} IS NOT NULL GROUP BY ${keyColumn}`,
      )
      .all(...selection.params) as Row[];
    return rows.map((r) => ({ key: r.k, count: r.n }));
  }
  // The key indexes are (key, operation, time): each key is counted as one range per operation.
  const operations = filterOperations(filter) ?? storedOperations(statements);
  if (operations.length === 0) return [];
  const rows = statements
    .get(
      `WITH RECURSIVE keys(v) AS (
         SELECT (SELECT min(${column}) FROM events INDEXED BY ${index})
         UNION ALL
         SELECT (SELECT min(${column}) FROM events INDEXED BY ${index} WHERE ${column} > keys.v) FROM keys WHERE keys.v IS NOT NULL
       )
       SELECT v AS k, (SELECT count(*) FROM events x INDEXED BY ${index}
                       WHERE x.${column} = keys.v AND x.operation IN (${placeholders(operations.length)}) AND x.occurred_ms >= ? AND x.occurred_ms < ?) AS n
       FROM keys WHERE v IS NOT NULL`,
    )
    .all(...operations, toMillis(filter.from, 'filter.from'), toMillis(filter.to, 'filter.to')) as Row[];
  return rows.map((r) => ({ key: r.k, count: r.n }));
}

function countConnectors(statements: StatementCache, filter: EventFilter): GroupCount[] {
  if (!isTimeAndOperationsOnly(filter)) {
    // Every connector of the selected events, not just the one filtered on.
    const selection = eventSelection(filter, true);
    const rows = statements
      .get(
        `SELECT g.connector_lc AS k, min(g.connector) AS display, count(*) AS n FROM ${selection.from}
         JOIN event_connectors g ON g.event_seq = e.seq WHERE ${selection.where} GROUP BY g.connector_lc`,
      )
      .all(...selection.params) as Row[];
    return rows.map((r) => ({ key: r.display ?? r.k, count: r.n }));
  }
  const from = toMillis(filter.from, 'filter.from');
  const to = toMillis(filter.to, 'filter.to');
  if (to <= from) return [];
  const firstFullHour = Math.ceil(from / HOUR_MS) * HOUR_MS;
  const lastFullHour = Math.floor(to / HOUR_MS) * HOUR_MS;
  const totals = new Map<string, { display: string; count: number }>();
  const add = (rows: Row[]) => {
    for (const r of rows) {
      const display = r.display ?? r.k;
      const seen = totals.get(r.k);
      if (seen) {
        seen.count += r.n;
        if (display < seen.display) seen.display = display;
      } else totals.set(r.k, { display, count: r.n });
    }
  };
  if (firstFullHour >= lastFullHour) {
    add(countConnectorRows(statements, filter, from, to));
  } else {
    add(countConnectorRows(statements, filter, from, firstFullHour));
    const ops = operationsCondition(filter, 'h');
    add(
      statements
        .get(
          `SELECT h.connector_lc AS k, min(h.connector) AS display, sum(h.count) AS n FROM connector_hourly_counts h
           WHERE h.hour_ms >= ? AND h.hour_ms < ?${ops.sql} GROUP BY h.connector_lc`,
        )
        .all(firstFullHour, lastFullHour, ...ops.params) as Row[],
    );
    add(countConnectorRows(statements, filter, lastFullHour, to));
  }
  return [...totals.values()].map((t) => ({ key: t.display, count: t.count }));
}

/**
 * Per-connector counts from the connector rows, for a range within a few hours: the candidate
 * connectors are those the rollup has for the hours it touches, each counted by an index range.
 */
function countConnectorRows(statements: StatementCache, filter: EventFilter, from: number, to: number): Row[] {
  if (to <= from) return [];
  const hourFrom = Math.floor(from / HOUR_MS) * HOUR_MS;
  const hourTo = Math.ceil(to / HOUR_MS) * HOUR_MS;
  const hourOps = operationsCondition(filter, 'h');
  const rowOps = operationsCondition(filter, 'c');
  return statements
    .get(
      `SELECT h.connector_lc AS k, min(h.connector) AS display,
         (SELECT count(*) FROM event_connectors c INDEXED BY event_connectors_by_connector
          WHERE c.connector_lc = h.connector_lc AND c.occurred_ms >= ? AND c.occurred_ms < ?${rowOps.sql}) AS n
       FROM connector_hourly_counts h WHERE h.hour_ms >= ? AND h.hour_ms < ?${hourOps.sql} GROUP BY h.connector_lc`,
    )
    .all(from, to, ...rowOps.params, hourFrom, hourTo, ...hourOps.params) as Row[];
}

/** Per-operation counts of events naming one connector: hourly rollups plus the partial hours at both ends. */
function countOperationsOfConnector(statements: StatementCache, filter: EventFilter, key: string): GroupCount[] {
  const from = toMillis(filter.from, 'filter.from');
  const to = toMillis(filter.to, 'filter.to');
  const totals = new Map<string, number>();
  const add = (rows: Row[]) => {
    for (const r of rows) totals.set(r.k, (totals.get(r.k) ?? 0) + r.n);
  };
  const rowOps = operationsCondition(filter, 'c');
  const countRows = (a: number, b: number) => {
    if (b <= a) return;
    add(
      statements
        .get(
          `SELECT c.operation AS k, count(*) AS n FROM event_connectors c INDEXED BY event_connectors_by_connector
           WHERE c.connector_lc = ? AND c.occurred_ms >= ? AND c.occurred_ms < ?${rowOps.sql} GROUP BY c.operation`,
        )
        .all(key, a, b, ...rowOps.params) as Row[],
    );
  };
  const firstFullHour = Math.ceil(from / HOUR_MS) * HOUR_MS;
  const lastFullHour = Math.floor(to / HOUR_MS) * HOUR_MS;
  if (firstFullHour >= lastFullHour) {
    countRows(from, to);
  } else {
    countRows(from, firstFullHour);
    const hourOps = operationsCondition(filter, 'h');
    add(
      statements
        .get(
          `SELECT h.operation AS k, sum(h.count) AS n FROM connector_hourly_counts h
           WHERE h.hour_ms >= ? AND h.hour_ms < ? AND h.connector_lc = ?${hourOps.sql} GROUP BY h.operation`,
        )
        .all(firstFullHour, lastFullHour, key, ...hourOps.params) as Row[],
    );
    countRows(lastFullHour, to);
  }
  return [...totals].map(([key, count]) => ({ key, count }));
}
