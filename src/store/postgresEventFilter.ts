/**
 * Turns an EventFilter into a parameterised WHERE clause over flow_events, with the same meaning
 * as the SQLite store's (sqliteFilter.ts): times through toMillis, an empty operations list means
 * all, actor and connector compared lower-case. Parameters are appended to `params`, so the
 * caller can add its own (LIMIT, OFFSET) after.
 */
import type { EventFilter } from './store.ts';
import { toMillis } from './timeRanges.ts';

export function buildEventWhere(filter: EventFilter, params: unknown[]): string {
  const p = (value: unknown) => {
    params.push(value);
    return `$${params.length}`;
  };
  const where = [`occurred_ms >= ${p(toMillis(filter.from, 'filter.from'))}`, `occurred_ms < ${p(toMillis(filter.to, 'filter.to'))}`];
  if (filter.operations && filter.operations.length > 0) where.push(`operation = ANY(${p([...new Set(filter.operations)])}::text[])`);
  if (filter.actorUpn !== undefined) where.push(`actor_upn = ${p(filter.actorUpn.toLowerCase())}`);
  if (filter.connector !== undefined) where.push(`connector_keys @> ARRAY[${p(filter.connector.trim().toLowerCase())}::text]`);
  if (filter.environmentId !== undefined) where.push(`environment_id = ${p(filter.environmentId)}`);
  if (filter.flowId !== undefined) where.push(`flow_id = ${p(filter.flowId)}`);
  if (filter.ingestedFrom !== undefined) where.push(`ingested_ms >= ${p(toMillis(filter.ingestedFrom, 'filter.ingestedFrom'))}`);
  if (filter.ingestedTo !== undefined) where.push(`ingested_ms < ${p(toMillis(filter.ingestedTo, 'filter.ingestedTo'))}`);
  return where.join(' AND ');
}
