/**
 * Counts from the hourly rollups (migration 2), for filters of time and operations, with or
 * without one connector: whole hours from operation_hourly_counts / connector_hourly_counts, the
 * partial hours at both ends from the rows themselves. Every answer counts its events per
 * operation, so this costs a few hundred rollup rows per week whatever the number of events
 * (SQLite does the same: sqliteOperationCounts.ts, sqliteCounts.ts). One statement per count.
 */
import type pg from 'pg';
import { filterOperations, hasEventOnlyConditions, singleConnectorKey } from '../filter-rules.ts';
import { bind } from './event-filter.ts';
import { HOUR_MS } from './ingest.ts';
import type { EventFilter, GroupCount } from '../../model/event-query.ts';
import { toMillis } from '../time-ranges.ts';

type Db = pg.Pool | pg.PoolClient;

/** True when only time, operations and at most a connector narrow the filter: the rollups can answer. */
export function rollupsCanCount(filter: EventFilter): boolean {
  return !hasEventOnlyConditions(filter);
}

interface HourSplit {
  /** Whole hours [fullFrom, fullTo), empty when fullFrom >= fullTo. */
  fullFrom: number;
  fullTo: number;
  /** The partial hours before and after them, or all of [from, to) when there is no whole hour. */
  edges: Array<[number, number]>;
}

export function splitByHours(from: number, to: number): HourSplit {
  const fullFrom = Math.ceil(from / HOUR_MS) * HOUR_MS;
  const fullTo = Math.floor(to / HOUR_MS) * HOUR_MS;
  if (fullFrom >= fullTo) return { fullFrom: 0, fullTo: 0, edges: to > from ? [[from, to]] : [] };
  return {
    fullFrom,
    fullTo,
    edges: (
      [
        [from, fullFrom],
        [fullTo, to],
      ] as Array<[number, number]>
    ).filter(([a, b]) => b > a),
  };
}

interface Part {
  /** SELECT … GROUP BY whose columns are (k, display, n). */
  sql: string;
}

/** Sums the parts per key; `display` is the smallest spelling any part saw. */
async function sumParts(
  db: Db,
  parts: Part[],
  params: unknown[],
): Promise<Array<{ k: string; display: string; n: number }>> {
  if (parts.length === 0) return [];
  const { rows } = await db.query<{ k: string; display: string; n: string }>(
    `SELECT k, min(display COLLATE "C") AS display, sum(n)::bigint AS n FROM (${parts.map((p) => p.sql).join(' UNION ALL ')}) AS t(k, display, n) GROUP BY k`,
    params,
  );
  return rows.map((r) => ({ k: r.k, display: r.display, n: Number(r.n) })).filter((r) => r.n > 0);
}

/** What every rollup count starts from: its parameters, the filter's hours and its operations condition per table alias. */
function rollupQuery(filter: EventFilter) {
  const params: unknown[] = [];
  const p = (value: unknown) => bind(params, value);
  const split = splitByHours(toMillis(filter.from, 'filter.from'), toMillis(filter.to, 'filter.to'));
  const operations = filterOperations(filter);
  const ops = operations ? p(operations) : null;
  const opsOf = (alias: string) => (ops ? ` AND ${alias}.operation = ANY(${ops}::text[])` : '');
  return { params, p, split, opsOf };
}

/** Events per operation in the filter's range (and connector, when it names one). Zero counts left out. */
export async function countOperationsByHour(db: Db, filter: EventFilter): Promise<Map<string, number>> {
  const { params, p, split, opsOf } = rollupQuery(filter);
  const parts: Part[] = [];
  const oneConnector = singleConnectorKey(filter);
  if (oneConnector !== null) {
    const key = p(oneConnector);
    if (split.fullFrom < split.fullTo) {
      parts.push({
        sql: `SELECT h.operation AS k, h.operation AS display, sum(h.count) AS n FROM connector_hourly_counts h
              WHERE h.connector_key = ${key} AND h.hour_ms >= ${p(split.fullFrom)} AND h.hour_ms < ${p(split.fullTo)}${opsOf('h')} GROUP BY 1`,
      });
    }
    for (const [a, b] of split.edges) {
      parts.push({
        sql: `SELECT c.operation, c.operation, count(*) FROM event_connectors c
              WHERE c.connector_key = ${key} AND c.occurred_ms >= ${p(a)} AND c.occurred_ms < ${p(b)}${opsOf('c')} GROUP BY 1`,
      });
    }
  } else {
    if (split.fullFrom < split.fullTo) {
      parts.push({
        sql: `SELECT h.operation AS k, h.operation AS display, sum(h.count) AS n FROM operation_hourly_counts h
              WHERE h.hour_ms >= ${p(split.fullFrom)} AND h.hour_ms < ${p(split.fullTo)}${opsOf('h')} GROUP BY 1`,
      });
    }
    for (const [a, b] of split.edges) {
      parts.push({
        sql: `SELECT e.operation, e.operation, count(*) FROM flow_events e
              WHERE e.occurred_ms >= ${p(a)} AND e.occurred_ms < ${p(b)}${opsOf('e')} GROUP BY 1`,
      });
    }
  }
  const rows = await sumParts(db, parts, params);
  return new Map(rows.map((r) => [r.k, r.n]));
}

/**
 * Events per connector (an event counts once per connector it names) for a filter of time and
 * operations only, each shown in its smallest spelling.
 */
export async function countConnectorsByHour(db: Db, filter: EventFilter): Promise<GroupCount[]> {
  const { params, p, split, opsOf } = rollupQuery(filter);
  const parts: Part[] = [];
  if (split.fullFrom < split.fullTo) {
    parts.push({
      sql: `SELECT h.connector_key AS k, min(h.connector_name COLLATE "C") AS display, sum(h.count) AS n FROM connector_hourly_counts h
            WHERE h.hour_ms >= ${p(split.fullFrom)} AND h.hour_ms < ${p(split.fullTo)}${opsOf('h')} GROUP BY 1`,
    });
  }
  // The partial hours are at most two hours of events: their own connector lists are the cheapest read.
  for (const [a, b] of split.edges) {
    parts.push({
      sql: `SELECT g.k, min(g.name COLLATE "C"), count(*) FROM flow_events e, unnest(e.connector_keys, e.connector_names) AS g(k, name)
            WHERE e.occurred_ms >= ${p(a)} AND e.occurred_ms < ${p(b)}${opsOf('e')} GROUP BY 1`,
    });
  }
  const rows = await sumParts(db, parts, params);
  return rows.map((r) => ({ key: r.display, count: r.n }));
}
