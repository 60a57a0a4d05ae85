/**
 * The read side of the PostgreSQL store: events by filter (newest first, paged), grouped counts,
 * inventory lookups.
 */
import type pg from 'pg';
import type { FlowInventoryEntry, StoredFlowEvent } from '../model/flowEvent.ts';
import { buildEventWhere } from './postgresEventFilter.ts';
import { rowToEvent, rowToFlow, type EventRow, type FlowRow } from './postgresRows.ts';
import type { EventFilter, GroupCount, GroupKey, Page } from './store.ts';

type Db = pg.Pool | pg.PoolClient;

const EVENT_COLUMNS = `id, operation, occurred_at, actor_upn, result_status, environment_id, flow_id, flow_name, details_url,
  connectors, sharing_permission, recipient_upn, license_name, initiated_by, tenant_id, client_ip, raw, ingested_at`;

export async function selectEvents(db: Db, filter: EventFilter, page: Page): Promise<{ events: StoredFlowEvent[]; total: number }> {
  const params: unknown[] = [];
  const where = buildEventWhere(filter, params);
  const { rows } = await db.query<EventRow & { total: string }>(
    `SELECT ${EVENT_COLUMNS}, count(*) OVER () AS total FROM flow_events WHERE ${where}
     ORDER BY occurred_ts DESC, id DESC LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
    [...params, page.limit, page.offset],
  );
  if (rows.length > 0) return { events: rows.map(rowToEvent), total: Number(rows[0]!.total) };
  // A page past the end has no rows to carry the window count.
  const count = await db.query<{ total: string }>(`SELECT count(*) AS total FROM flow_events WHERE ${where}`, params);
  return { events: [], total: Number(count.rows[0]!.total) };
}

const GROUP_COLUMN: Record<Exclude<GroupKey, 'connector'>, string> = {
  operation: 'operation',
  actor: 'actor_upn',
  environment: 'environment_id',
  flow: 'flow_id',
};

/** Most frequent first, then by key; events without the key are left out. */
export async function selectCounts(db: Db, filter: EventFilter, key: GroupKey): Promise<GroupCount[]> {
  const params: unknown[] = [];
  const where = buildEventWhere(filter, params);
  const sql =
    key === 'connector'
      ? `SELECT c.name AS key, count(*) AS count FROM flow_events, LATERAL (SELECT DISTINCT name FROM unnest(connectors) AS u(name)) AS c
         WHERE ${where} GROUP BY c.name`
      : `SELECT ${GROUP_COLUMN[key]} AS key, count(*) AS count FROM flow_events WHERE ${where} AND ${GROUP_COLUMN[key]} IS NOT NULL
         GROUP BY ${GROUP_COLUMN[key]}`;
  const { rows } = await db.query<{ key: string; count: string }>(`SELECT key, count FROM (${sql}) AS g ORDER BY count DESC, key COLLATE "C"`, params);
  return rows.map((r) => ({ key: r.key, count: Number(r.count) }));
}

export async function selectFlows(db: Db, flowIds: string[]): Promise<FlowInventoryEntry[]> {
  if (flowIds.length === 0) return [];
  const { rows } = await db.query<FlowRow>('SELECT * FROM flows WHERE flow_id = ANY($1::text[]) ORDER BY flow_id', [flowIds]);
  return rows.map(rowToFlow);
}
