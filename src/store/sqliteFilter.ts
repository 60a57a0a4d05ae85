/**
 * Turns an EventFilter into SQL conditions on `events` (alias `e`), for the SQLite store.
 * Every value is a bound parameter; no input is ever spliced into SQL text.
 */
import type { EventFilter } from './store.ts';
import { toMillis } from './timeRanges.ts';

export interface SqlPart {
  sql: string;
  params: unknown[];
}

/** Operations of a filter; an absent or empty list means all (FlowQuery: "empty means every operation"). */
export function filterOperations(filter: EventFilter): string[] | null {
  return filter.operations && filter.operations.length > 0 ? [...new Set(filter.operations)] : null;
}

export function placeholders(n: number): string {
  return Array.from({ length: n }, () => '?').join(', ');
}

/** True when only time and operations narrow the filter: counts can use per-key index scans and rollups. */
export function isTimeAndOperationsOnly(filter: EventFilter): boolean {
  return (
    filter.actorUpn === undefined &&
    filter.connector === undefined &&
    filter.environmentId === undefined &&
    filter.flowId === undefined &&
    filter.ingestedFrom === undefined &&
    filter.ingestedTo === undefined
  );
}

export function eventConditions(filter: EventFilter): SqlPart {
  const from = toMillis(filter.from, 'filter.from');
  const to = toMillis(filter.to, 'filter.to');
  const sql = ['e.occurred_ms >= ?', 'e.occurred_ms < ?'];
  const params: unknown[] = [from, to];
  const operations = filterOperations(filter);
  if (operations) {
    sql.push(`e.operation IN (${placeholders(operations.length)})`);
    params.push(...operations);
  }
  if (filter.actorUpn !== undefined) {
    sql.push('e.actor_upn = ?');
    params.push(filter.actorUpn.toLowerCase());
  }
  if (filter.connector !== undefined) {
    sql.push('e.seq IN (SELECT event_seq FROM event_connectors WHERE connector_lc = ? AND occurred_ms >= ? AND occurred_ms < ?)');
    params.push(filter.connector.trim().toLowerCase(), from, to);
  }
  if (filter.environmentId !== undefined) {
    sql.push('e.environment_id = ?');
    params.push(filter.environmentId);
  }
  if (filter.flowId !== undefined) {
    sql.push('e.flow_id = ?');
    params.push(filter.flowId);
  }
  if (filter.ingestedFrom !== undefined) {
    sql.push('e.ingested_ms >= ?');
    params.push(toMillis(filter.ingestedFrom, 'filter.ingestedFrom'));
  }
  if (filter.ingestedTo !== undefined) {
    sql.push('e.ingested_ms < ?');
    params.push(toMillis(filter.ingestedTo, 'filter.ingestedTo'));
  }
  return { sql: sql.join(' AND '), params };
}
