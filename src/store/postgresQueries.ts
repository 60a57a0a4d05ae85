/**
 * The read side of the PostgreSQL store: events by filter (newest first, paged), grouped counts,
 * inventory lookups. Orders and tie-breaks match the SQLite store's.
 */
import type pg from 'pg';
import type { FlowInventoryEntry, StoredFlowEvent } from '../model/flowEvent.ts';
import { toInventoryEntry } from './inventory.ts';
import { buildEventWhere } from './postgresEventFilter.ts';
import { rowToEvent, rowToFlowState, type EventRow, type FlowRow } from './postgresRows.ts';
import type { EventFilter, GroupCount, GroupKey, Page } from './store.ts';

type Db = pg.Pool | pg.PoolClient;

const EVENT_COLUMNS = `id, operation, occurred_at, occurred_ms, actor_upn, result_status, environment_id, flow_id, flow_name,
  details_url, connectors, connector_keys, connector_names, sharing_permission, recipient_upn, license_name, initiated_by,
  tenant_id, client_ip, raw, ingested_ms`;

function checkPage(page: Page): void {
  if (!Number.isInteger(page.limit) || page.limit < 0) throw new RangeError(`page limit ${page.limit} is not a whole number >= 0`);
  if (!Number.isInteger(page.offset) || page.offset < 0) throw new RangeError(`page offset ${page.offset} is not a whole number >= 0`);
}

export async function selectEvents(db: Db, filter: EventFilter, page: Page): Promise<{ events: StoredFlowEvent[]; total: number }> {
  checkPage(page);
  const params: unknown[] = [];
  const where = buildEventWhere(filter, params);
  const count = await db.query<{ total: string }>(`SELECT count(*) AS total FROM flow_events WHERE ${where}`, params);
  const total = Number(count.rows[0]!.total);
  if (page.limit === 0 || page.offset >= total) return { events: [], total };
  // seq breaks ties between events of the same instant, newest stored first.
  const { rows } = await db.query<EventRow>(
    `SELECT ${EVENT_COLUMNS} FROM flow_events WHERE ${where} ORDER BY occurred_ms DESC, seq DESC LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
    [...params, page.limit, page.offset],
  );
  return { events: rows.map(rowToEvent), total };
}

const GROUP_COLUMN: Record<Exclude<GroupKey, 'connector'>, string> = {
  operation: 'operation',
  actor: 'actor_upn',
  environment: 'environment_id',
  flow: 'flow_id',
};

/**
 * Counts per group, largest first, then by key; events without a value for the key are left out.
 * A connector counts once per event under its lower-case name and is shown in its smallest spelling.
 */
export async function selectCounts(db: Db, filter: EventFilter, key: GroupKey): Promise<GroupCount[]> {
  const params: unknown[] = [];
  const where = buildEventWhere(filter, params);
  const sql =
    key === 'connector'
      ? `SELECT min(c.name COLLATE "C") AS key, count(*) AS count
         FROM flow_events, unnest(connector_keys, connector_names) AS c(k, name) WHERE ${where} GROUP BY c.k`
      : `SELECT ${GROUP_COLUMN[key]} AS key, count(*) AS count FROM flow_events
         WHERE ${where} AND ${GROUP_COLUMN[key]} IS NOT NULL GROUP BY ${GROUP_COLUMN[key]}`;
  const { rows } = await db.query<{ key: string; count: string }>(sql, params);
  return rows
    .map((r) => ({ key: r.key, count: Number(r.count) }))
    .sort((a, b) => b.count - a.count || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

export async function selectFlows(db: Db, flowIds: string[]): Promise<FlowInventoryEntry[]> {
  if (flowIds.length === 0) return [];
  const { rows } = await db.query<FlowRow>('SELECT * FROM flows WHERE flow_id = ANY($1::text[])', [[...new Set(flowIds)]]);
  return rows.map((row) => toInventoryEntry(rowToFlowState(row)));
}
