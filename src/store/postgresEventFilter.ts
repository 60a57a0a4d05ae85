/**
 * Turns an EventFilter into a parameterised WHERE clause over flow_events. Parameters are appended
 * to `params`, so the caller can add its own (LIMIT, OFFSET) after.
 */
import type { EventFilter } from './store.ts';

export function buildEventWhere(filter: EventFilter, params: unknown[]): string {
  const p = (value: unknown) => {
    params.push(value);
    return `$${params.length}`;
  };
  const where = [`occurred_ts >= ${p(filter.from)}::timestamptz`, `occurred_ts < ${p(filter.to)}::timestamptz`];
  if (filter.operations !== undefined) where.push(`operation = ANY(${p(filter.operations)}::text[])`);
  if (filter.actorUpn !== undefined) where.push(`actor_upn = ${p(filter.actorUpn)}`);
  if (filter.connector !== undefined) {
    where.push(`EXISTS (SELECT 1 FROM unnest(connectors) AS c(name) WHERE lower(c.name) = lower(${p(filter.connector)}))`);
  }
  if (filter.environmentId !== undefined) where.push(`environment_id = ${p(filter.environmentId)}`);
  if (filter.flowId !== undefined) where.push(`flow_id = ${p(filter.flowId)}`);
  if (filter.ingestedFrom !== undefined) where.push(`ingested_ts >= ${p(filter.ingestedFrom)}::timestamptz`);
  if (filter.ingestedTo !== undefined) where.push(`ingested_ts < ${p(filter.ingestedTo)}::timestamptz`);
  return where.join(' AND ');
}
