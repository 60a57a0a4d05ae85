/**
 * The read side of the PostgreSQL store: events by filter (newest first, paged), grouped counts,
 * inventory lookups. Orders and tie-breaks match the SQLite store's. Per-operation counts, list
 * totals and per-connector counts come from the hourly rollups where the filter allows
 * (postgresHourlyCounts.ts); everything else is one statement over the rows the filter selects.
 */
import type pg from 'pg';
import type { FlowInventoryEntry, ListedFlowEvent, StoredFlowEvent } from '../../model/flow-event.ts';
import { byCountThenKey, flowsPerActor } from '../group-counts.ts';
import { checkLimit, checkPage } from '../page-checks.ts';
import { filterConnectorKeys, filterOperations } from '../filter-rules.ts';
import { bind, eventSelection } from './event-filter.ts';
import { countConnectorsByHour, countOperationsByHour, rollupsCanCount } from './hourly-counts.ts';
import { FLOW_ENTRY_COLUMNS, flowRowToEntry, type FlowEntryRow } from '../flow-rows.ts';
import { rowToEvent, rowToListedEvent, type EventRow } from './rows.ts';
import type { ActorFlowCounts, EventFilter, GroupCount, GroupKey, Page } from '../../model/event-query.ts';
import { toMillis } from '../time-ranges.ts';

type Db = pg.Pool | pg.PoolClient;

/** Every column answers show; EVENT_COLUMNS adds the raw record. */
const LISTED_COLUMNS = `e.id, e.operation, e.occurred_at, e.occurred_ms, e.actor_upn, e.result_status, e.environment_id, e.flow_id,
  e.flow_name, e.details_url, e.connectors, e.connector_keys, e.connector_names, e.sharing_permission, e.recipient_upn,
  e.license_name, e.initiated_by, e.tenant_id, e.client_ip, e.ingested_ms`;
const EVENT_COLUMNS = `${LISTED_COLUMNS}, e.raw`;

export async function selectEvents(
  db: Db,
  filter: EventFilter,
  page: Page,
): Promise<{ events: StoredFlowEvent[]; total: number }> {
  checkPage(page);
  if (page.limit === 0) return { events: [], total: await countEvents(db, filter) };
  // The total and the page are independent reads: two connections, one round trip of waiting.
  const params: unknown[] = [];
  const [total, { rows }] = await Promise.all([
    countEvents(db, filter),
    db.query<EventRow>(pageQuery(filter, page, params, EVENT_COLUMNS), params),
  ]);
  return { events: page.offset >= total ? [] : rows.map(rowToEvent), total };
}

/** selectEvents' page without raw records and without the count (Store.listEvents). */
export async function selectListedEvents(db: Db, filter: EventFilter, page: Page): Promise<ListedFlowEvent[]> {
  checkPage(page);
  if (page.limit === 0) return [];
  const params: unknown[] = [];
  const { rows } = await db.query<Omit<EventRow, 'raw'>>(pageQuery(filter, page, params, LISTED_COLUMNS), params);
  return rows.map(rowToListedEvent);
}

/**
 * One page newest first. With operations as the only narrowing, each operation is read newest
 * first from its own part of the (operation, time, arrival) index and the parts merged: a rare
 * operation ("trials this month") reads only its own entries and a common one stops after the
 * page, whatever the planner's statistics say (right after a bulk ingest they are stale).
 */
function pageQuery(filter: EventFilter, page: Page, params: unknown[], columns: string): string {
  const p = (value: unknown) => bind(params, value);
  const operations = filterOperations(filter);
  if (operations && filterConnectorKeys(filter) === null && rollupsCanCount(filter)) {
    const from = p(toMillis(filter.from, 'filter.from'));
    const to = p(toMillis(filter.to, 'filter.to'));
    const perOperation = p(page.offset + page.limit);
    const parts = operations.map(
      (
        operation,
      ) => `(SELECT ${columns}, e.seq FROM flow_events e WHERE e.operation = ${p(operation)} AND e.occurred_ms >= ${from}
         AND e.occurred_ms < ${to} ORDER BY e.occurred_ms DESC, e.seq DESC LIMIT ${perOperation})`,
    );
    return `SELECT * FROM (${parts.join(' UNION ALL ')}) AS e ORDER BY e.occurred_ms DESC, e.seq DESC LIMIT ${p(page.limit)} OFFSET ${p(page.offset)}`;
  }
  const listed = eventSelection(filter, params, true);
  return `SELECT ${columns} FROM ${listed.from} WHERE ${listed.where} ORDER BY ${listed.newestFirst} LIMIT ${p(page.limit)} OFFSET ${p(page.offset)}`;
}

/** How many events match: from the hourly rollups when they can answer, else one count. */
async function countEvents(db: Db, filter: EventFilter): Promise<number> {
  if (rollupsCanCount(filter))
    return [...(await countOperationsByHour(db, filter)).values()].reduce((a, b) => a + b, 0);
  const params: unknown[] = [];
  const counted = eventSelection(filter, params, false);
  const { rows } = await db.query<{ total: string }>(
    `SELECT count(*) AS total FROM ${counted.from} WHERE ${counted.where}`,
    params,
  );
  return Number(rows[0].total);
}

const GROUP_COLUMN: Record<Exclude<GroupKey, 'connector' | 'operation'>, string> = {
  actor: 'e.actor_upn',
  environment: 'e.environment_id',
  flow: 'e.flow_id',
};

/**
 * Counts per group, largest first, then by key; events without a value for the key are left out.
 * A connector counts once per event under its lower-case name and is shown in its smallest spelling.
 */
export async function selectCounts(db: Db, filter: EventFilter, key: GroupKey): Promise<GroupCount[]> {
  return (await countGroups(db, filter, key)).filter((r) => r.count > 0).sort(byCountThenKey);
}

async function countGroups(db: Db, filter: EventFilter, key: GroupKey): Promise<GroupCount[]> {
  if (key === 'operation' && rollupsCanCount(filter))
    return [...(await countOperationsByHour(db, filter))].map(([k, count]) => ({ key: k, count }));
  if (key === 'connector' && rollupsCanCount(filter) && filterConnectorKeys(filter) === null)
    return countConnectorsByHour(db, filter);
  const params: unknown[] = [];
  // Grouping by operation needs only the connector rows under a connector filter (they carry it).
  const selection = eventSelection(filter, params, key !== 'operation');
  let sql: string;
  if (key === 'operation') {
    sql = `SELECT ${selection.operationColumn} AS key, count(*) AS count FROM ${selection.from} WHERE ${selection.where} GROUP BY 1`;
  } else if (key === 'connector') {
    // Every connector of the selected events, not just the one filtered on.
    sql = `SELECT min(g.name COLLATE "C") AS key, count(*) AS count
           FROM ${selection.from}, unnest(e.connector_keys, e.connector_names) AS g(k, name) WHERE ${selection.where} GROUP BY g.k`;
  } else {
    const column = GROUP_COLUMN[key];
    sql = `SELECT ${column} AS key, count(*) AS count FROM ${selection.from} WHERE ${selection.where} AND ${column} IS NOT NULL GROUP BY 1`;
  }
  const { rows } = await db.query<{ key: string; count: string }>(sql, params);
  return rows.map((r) => ({ key: r.key, count: Number(r.count) }));
}

/** Store.countFlowsByActor: one statement, each actor's flows ranked and cut in SQL. */
export async function selectFlowsByActor(
  db: Db,
  filter: EventFilter,
  actors: string[],
  limit: number,
): Promise<ActorFlowCounts[]> {
  checkLimit(limit);
  if (actors.length === 0 || limit === 0) return flowsPerActor(actors, [], limit);
  const params: unknown[] = [];
  const selection = eventSelection(filter, params, true);
  const { rows } = await db.query<{ actor: string; flow_id: string; count: string }>(
    `SELECT actor, flow_id, count FROM (
       SELECT e.actor_upn AS actor, e.flow_id, count(*) AS count,
         row_number() OVER (PARTITION BY e.actor_upn ORDER BY count(*) DESC, e.flow_id COLLATE "C") AS rank
       FROM ${selection.from} WHERE ${selection.where} AND e.actor_upn = ANY(${bind(params, actors)}::text[]) AND e.flow_id IS NOT NULL
       GROUP BY e.actor_upn, e.flow_id) ranked
     WHERE rank <= ${bind(params, limit)}`,
    params,
  );
  return flowsPerActor(
    actors,
    rows.map((r) => ({ actor: r.actor, flowId: r.flow_id, count: Number(r.count) })),
    limit,
  );
}

export async function selectFlows(db: Db, flowIds: string[]): Promise<FlowInventoryEntry[]> {
  if (flowIds.length === 0) return [];
  const { rows } = await db.query<FlowEntryRow>(
    `SELECT ${FLOW_ENTRY_COLUMNS} FROM flows WHERE flow_id = ANY($1::text[])`,
    [[...new Set(flowIds)]],
  );
  return rows.map(flowRowToEntry);
}
