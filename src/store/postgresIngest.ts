/**
 * Batched ingest for PostgreSQL, in the caller's transaction: one multi-row INSERT … ON CONFLICT
 * DO NOTHING RETURNING id for the events (they travel as one JSON parameter through
 * json_to_recordset), one SELECT and one multi-row upsert for the inventory of the touched flows
 * (the rules are the shared ones in inventory.ts, so both stores agree), then the blob's done mark.
 * A handful of round trips per call whatever the batch size.
 */
import type pg from 'pg';
import type { FlowEvent } from '../model/flowEvent.ts';
import { applyInventoryEvent, type InventoryState } from './inventory.ts';
import { checkEvent, eventToRow, flowStateToRow, rowToFlowState, withoutNul, type FlowRow } from './postgresRows.ts';
import type { IngestOptions, IngestResult } from './store.ts';

const INSERT_EVENTS = `
  INSERT INTO flow_events (id, operation, occurred_at, occurred_ms, actor_upn, result_status, environment_id, flow_id,
    flow_name, details_url, connectors, connector_keys, connector_names, sharing_permission, recipient_upn, license_name,
    initiated_by, tenant_id, client_ip, raw, ingested_ms)
  SELECT id, operation, occurred_at, occurred_ms, actor_upn, result_status, environment_id, flow_id,
    flow_name, details_url, connectors, connector_keys, connector_names, sharing_permission, recipient_upn, license_name,
    initiated_by, tenant_id, client_ip, raw, ingested_ms
  FROM json_to_recordset($1::json) AS x(id text, operation text, occurred_at text, occurred_ms bigint, actor_upn text,
    result_status text, environment_id text, flow_id text, flow_name text, details_url text, connectors text[],
    connector_keys text[], connector_names text[], sharing_permission double precision, recipient_upn text,
    license_name text, initiated_by text, tenant_id text, client_ip text, raw text, ingested_ms bigint)
  ON CONFLICT (id) DO NOTHING
  RETURNING id`;

const UPSERT_FLOWS = `
  INSERT INTO flows (flow_id, environment_id, flow_name, creator_upn, created_at, connectors, last_operation,
    last_event_at, deleted, details_url, seen)
  SELECT * FROM json_to_recordset($1::json) AS x(flow_id text, environment_id text, flow_name text, creator_upn text,
    created_at text, connectors text[], last_operation text, last_event_at text, deleted boolean, details_url text, seen text)
  ON CONFLICT (flow_id) DO UPDATE SET environment_id = excluded.environment_id, flow_name = excluded.flow_name,
    creator_upn = excluded.creator_upn, created_at = excluded.created_at, connectors = excluded.connectors,
    last_operation = excluded.last_operation, last_event_at = excluded.last_event_at, deleted = excluded.deleted,
    details_url = excluded.details_url, seen = excluded.seen`;

/** Runs inside a transaction the caller opened on `client`; throws (rolling back) on any bad event. */
export async function ingestBatch(client: pg.PoolClient, input: FlowEvent[], options: IngestOptions): Promise<IngestResult> {
  const events = input.map(withoutNul);
  const ingestedMs = options.now.getTime();
  const rows = events.map((event) => eventToRow(event, checkEvent(event), ingestedMs));
  // No WAL flush wait at this commit (the SQLite store's synchronous=NORMAL trade-off, without its
  // loss on a process crash): a server crash can drop only the last few ingests, each together
  // with its blob's done mark, and WAL order means any later cursor or coverage commit (which
  // does flush) makes them durable first. A dropped blob is simply fetched again.
  await client.query('SET LOCAL synchronous_commit = off');
  // One writer at a time: the inventory read-modify-write below must see what a concurrent ingest
  // adds, which READ COMMITTED alone does not give. Only the lease holder syncs, so it rarely waits.
  await client.query(`SELECT pg_advisory_xact_lock(hashtext('flowwatch:ingest'))`);
  let inserted = 0;
  if (rows.length > 0) {
    const result = await client.query<{ id: string }>(INSERT_EVENTS, [JSON.stringify(rows)]);
    inserted = result.rowCount ?? 0;
    await updateInventory(client, events, new Set(result.rows.map((r) => r.id)));
  }
  if (options.blob) {
    await client.query('INSERT INTO done_blobs (content_id, content_created, done_ms) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING', [
      options.blob.contentId,
      options.blob.contentCreated,
      ingestedMs,
    ]);
  }
  return { inserted, duplicates: events.length - inserted };
}

/** Applies the newly inserted events, in arrival order, to the stored state of their flows. */
async function updateInventory(client: pg.PoolClient, events: FlowEvent[], insertedIds: Set<string>): Promise<void> {
  const fresh: Array<FlowEvent & { flowId: string }> = [];
  for (const event of events) {
    // A second copy of an id inside one batch is a duplicate, like a copy from an earlier batch.
    if (event.flowId && insertedIds.delete(event.id)) fresh.push(event as FlowEvent & { flowId: string });
  }
  if (fresh.length === 0) return;
  const flowIds = [...new Set(fresh.map((e) => e.flowId))];
  const { rows } = await client.query<FlowRow>('SELECT * FROM flows WHERE flow_id = ANY($1::text[])', [flowIds]);
  const states = new Map<string, InventoryState>(rows.map((row) => [row.flow_id, rowToFlowState(row)]));
  for (const event of fresh) states.set(event.flowId, applyInventoryEvent(states.get(event.flowId) ?? null, event));
  await client.query(UPSERT_FLOWS, [JSON.stringify([...states.values()].map(flowStateToRow))]);
}
