/**
 * Turns an EventFilter into the FROM and WHERE of a PostgreSQL query, with the same meaning as the
 * SQLite store's (sqliteFilter.ts): times through toMillis, an empty operations list means all,
 * actor and connector compared lower-case. Parameters are appended to `params`, so the caller can
 * add its own (LIMIT, OFFSET) after.
 *
 * A connector filter reads the connector rows (alias `c`, keyed by connector, time and event),
 * joining flow_events (alias `e`) only when the caller needs its columns or filters on them;
 * anything else reads flow_events.
 */
import { filterConnectorKeys, filterOperations, hasEventOnlyConditions, singleConnectorKey } from '../filter-rules.ts';
import type { EventFilter } from '../../model/event-query.ts';
import { toMillis } from '../time-ranges.ts';

export interface EventSelection {
  /** FROM clause (without the keyword). */
  from: string;
  /** WHERE conditions (without the keyword). */
  where: string;
  /** ORDER BY for newest first (without the keyword); arrival order breaks ties. */
  newestFirst: string;
  /** The column holding the operation (`e.operation` or the connector row's copy). */
  operationColumn: string;
  /** True when `e` (flow_events) is in the FROM clause. */
  hasEvents: boolean;
}

/** Appends `value` to `params` and returns its placeholder. */
export function bind(params: unknown[], value: unknown): string {
  params.push(value);
  return `$${params.length}`;
}

/** `needEvents`: the caller reads `e.*` columns (else a connector filter alone is answered by the connector rows). */
export function eventSelection(filter: EventFilter, params: unknown[], needEvents: boolean): EventSelection {
  const p = (value: unknown) => bind(params, value);
  const from = toMillis(filter.from, 'filter.from');
  const to = toMillis(filter.to, 'filter.to');
  const where: string[] = [];
  let selection: Omit<EventSelection, 'where'>;
  const oneConnector = singleConnectorKey(filter);
  if (oneConnector !== null) {
    const withEvents = needEvents || hasEventOnlyConditions(filter);
    selection = {
      from: `event_connectors c${withEvents ? ' JOIN flow_events e ON e.seq = c.event_seq' : ''}`,
      newestFirst: 'c.occurred_ms DESC, c.event_seq DESC',
      operationColumn: 'c.operation',
      hasEvents: withEvents,
    };
    where.push(`c.connector_key = ${p(oneConnector)}`, `c.occurred_ms >= ${p(from)}`, `c.occurred_ms < ${p(to)}`);
  } else {
    selection = {
      from: 'flow_events e',
      newestFirst: 'e.occurred_ms DESC, e.seq DESC',
      operationColumn: 'e.operation',
      hasEvents: true,
    };
    where.push(`e.occurred_ms >= ${p(from)}`, `e.occurred_ms < ${p(to)}`);
  }
  const operations = filterOperations(filter);
  if (operations) where.push(`${selection.operationColumn} = ANY(${p(operations)}::text[])`);
  const connectorKeys = filterConnectorKeys(filter);
  // Several connectors: matched on the event's own keys, so an event naming two of them counts once.
  if (connectorKeys !== null && connectorKeys.length > 1) where.push(`e.connector_keys && ${p(connectorKeys)}::text[]`);
  if (filter.actorUpn !== undefined) where.push(`e.actor_upn = ${p(filter.actorUpn.toLowerCase())}`);
  if (filter.environmentId !== undefined) where.push(`e.environment_id = ${p(filter.environmentId)}`);
  if (filter.flowId !== undefined) where.push(`e.flow_id = ${p(filter.flowId)}`);
  if (filter.ingestedFrom !== undefined)
    where.push(`e.ingested_ms >= ${p(toMillis(filter.ingestedFrom, 'filter.ingestedFrom'))}`);
  if (filter.ingestedTo !== undefined)
    where.push(`e.ingested_ms < ${p(toMillis(filter.ingestedTo, 'filter.ingestedTo'))}`);
  return { ...selection, where: where.join(' AND ') };
}
