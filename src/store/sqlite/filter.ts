/**
 * Turns an EventFilter into the FROM and WHERE of a SQLite query over events (alias `e`), and the
 * newest-first order. Every value is a bound parameter; no input is ever spliced into SQL text.
 *
 * The table that drives the query follows the filter: a connector filter reads the connector rows
 * (alias `c`, whose index is ordered by connector, time and event), joining events only when the
 * caller needs their columns or filters on them; a late-arrivals filter (ingestedFrom) reads the
 * ingestion-time index; anything else reads events by time or by a key index.
 */
import { filterConnectorKeys, filterOperations, hasEventOnlyConditions, singleConnectorKey } from '../filter-rules.ts';
import type { EventFilter } from '../../model/event-query.ts';
import { toMillis } from '../time-ranges.ts';

export interface EventSelection {
  /** FROM clause (without the keyword). */
  from: string;
  /** WHERE conditions (without the keyword). */
  where: string;
  params: unknown[];
  /** ORDER BY for newest first (without the keyword). */
  newestFirst: string;
  /** The column holding the operation (`e.operation` or the connector row's copy). */
  operationColumn: string;
  /** True when `e` (events) is in the FROM clause. */
  hasEvents: boolean;
}

export function placeholders(n: number): string {
  return Array.from({ length: n }, () => '?').join(', ');
}

/** True when only time and operations narrow the filter: counts can use per-key index scans and rollups. */
export function isTimeAndOperationsOnly(filter: EventFilter): boolean {
  return filterConnectorKeys(filter) === null && !hasEventOnlyConditions(filter);
}

type DrivingTable = Pick<EventSelection, 'from' | 'newestFirst' | 'operationColumn' | 'hasEvents'>;

/**
 * The selection for `filter`. `needEvents`: the caller reads `e.*` columns (else, with a
 * connector filter and nothing else on events, the connector rows alone answer). `eventsIndex`
 * forces the index events are read by, when the caller knows better than the planner.
 */
export function eventSelection(filter: EventFilter, needEvents: boolean, eventsIndex?: string): EventSelection {
  const where: string[] = [];
  const params: unknown[] = [];
  const selection = drivingTable(filter, needEvents, eventsIndex, where, params);
  const operations = filterOperations(filter);
  if (operations) {
    where.push(`${selection.operationColumn} IN (${placeholders(operations.length)})`);
    params.push(...operations);
  }
  addEventConditions(filter, where, params);
  // Spelled out: adding members to a spread copy gives every result a hidden class of its own in V8 (slow, and slows its readers).
  return {
    from: selection.from,
    newestFirst: selection.newestFirst,
    operationColumn: selection.operationColumn,
    hasEvents: selection.hasEvents,
    where: where.join(' AND '),
    params,
  };
}

/** The table the query reads first (connector rows or events), with its time range added to `where`. */
function drivingTable(
  filter: EventFilter,
  needEvents: boolean,
  eventsIndex: string | undefined,
  where: string[],
  params: unknown[],
): DrivingTable {
  const from = toMillis(filter.from, 'filter.from');
  const to = toMillis(filter.to, 'filter.to');
  const oneConnector = singleConnectorKey(filter);
  if (oneConnector !== null) {
    const withEvents = needEvents || hasEventOnlyConditions(filter);
    where.push('c.connector_lc = ?', 'c.occurred_ms >= ?', 'c.occurred_ms < ?');
    params.push(oneConnector, from, to);
    return {
      from: `event_connectors c INDEXED BY event_connectors_by_connector${withEvents ? ' JOIN events e ON e.seq = c.event_seq' : ''}`,
      newestFirst: 'c.occurred_ms DESC, c.event_seq DESC',
      operationColumn: 'c.operation',
      hasEvents: withEvents,
    };
  }
  // Late arrivals since a recent instant are few; the time index alone would visit the whole period.
  const index = eventsIndex
    ? ` INDEXED BY ${eventsIndex}`
    : filter.ingestedFrom !== undefined
      ? ' INDEXED BY events_by_ingested'
      : '';
  where.push('e.occurred_ms >= ?', 'e.occurred_ms < ?');
  params.push(from, to);
  return {
    from: `events e${index}`,
    newestFirst: 'e.occurred_ms DESC, e.seq DESC',
    operationColumn: 'e.operation',
    hasEvents: true,
  };
}

/** The conditions only the events table can answer: maker, environment, flow, ingestion time, several connectors. */
function addEventConditions(filter: EventFilter, where: string[], params: unknown[]): void {
  const connectorKeys = filterConnectorKeys(filter);
  if (connectorKeys !== null && connectorKeys.length > 1) {
    // EXISTS, not a join: an event naming two of the connectors is one answer, not two.
    where.push(
      `EXISTS (SELECT 1 FROM event_connectors x WHERE x.event_seq = e.seq AND x.connector_lc IN (${placeholders(connectorKeys.length)}))`,
    );
    params.push(...connectorKeys);
  }
  if (filter.actorUpn !== undefined) {
    where.push('e.actor_upn = ?');
    params.push(filter.actorUpn.toLowerCase());
  }
  if (filter.environmentId !== undefined) {
    where.push('e.environment_id = ?');
    params.push(filter.environmentId);
  }
  if (filter.flowId !== undefined) {
    where.push('e.flow_id = ?');
    params.push(filter.flowId);
  }
  if (filter.ingestedFrom !== undefined) {
    where.push('e.ingested_ms >= ?');
    params.push(toMillis(filter.ingestedFrom, 'filter.ingestedFrom'));
  }
  if (filter.ingestedTo !== undefined) {
    where.push('e.ingested_ms < ?');
    params.push(toMillis(filter.ingestedTo, 'filter.ingestedTo'));
  }
}
