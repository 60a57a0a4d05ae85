/**
 * Batched ingest for PostgreSQL: one multi-row INSERT … ON CONFLICT DO NOTHING per call (the
 * events travel as one JSON parameter through json_to_recordset), then the inventory of the
 * touched flows recomputed from their events, then the blob marked done, all in one transaction.
 * Recomputing rather than patching keeps the inventory right whatever order events arrive in
 * (audit data arrives late and out of order: audit-apis.md).
 */
import type pg from 'pg';
import type { FlowEvent } from '../model/flowEvent.ts';
import { eventToRow } from './postgresRows.ts';
import type { IngestOptions, IngestResult } from './store.ts';

const INSERT_EVENTS = `
  INSERT INTO flow_events (id, operation, occurred_at, occurred_ts, actor_upn, result_status, environment_id, flow_id,
    flow_name, details_url, connectors, sharing_permission, recipient_upn, license_name, initiated_by, tenant_id,
    client_ip, raw, ingested_at, ingested_ts)
  SELECT id, operation, occurred_at, occurred_at::timestamptz, actor_upn, result_status, environment_id, flow_id,
    flow_name, details_url, coalesce(connectors, '{}'), sharing_permission, recipient_upn, license_name, initiated_by,
    tenant_id, client_ip, raw, ingested_at, ingested_at::timestamptz
  FROM json_to_recordset($1::json) AS x(id text, operation text, occurred_at text, actor_upn text, result_status text,
    environment_id text, flow_id text, flow_name text, details_url text, connectors text[], sharing_permission double precision,
    recipient_upn text, license_name text, initiated_by text, tenant_id text, client_ip text, raw text, ingested_at text)
  ON CONFLICT (id) DO NOTHING
  RETURNING flow_id`;

/**
 * FlowInventoryEntry rules (src/model/flowEvent.ts): latest known name, environment, link and
 * connectors; creator and creation time from the earliest CreateFlow (else the earliest event's
 * actor); last operation from the latest event. Ties on time break on id so every store agrees.
 */
const RECOMPUTE_INVENTORY = `
  INSERT INTO flows AS f (flow_id, environment_id, flow_name, creator_upn, created_at, connectors, last_operation,
    last_event_at, deleted, details_url)
  SELECT ids.flow_id,
    (SELECT e.environment_id FROM flow_events e WHERE e.flow_id = ids.flow_id AND e.environment_id IS NOT NULL
      ORDER BY e.occurred_ts DESC, e.id DESC LIMIT 1),
    (SELECT e.flow_name FROM flow_events e WHERE e.flow_id = ids.flow_id AND e.flow_name IS NOT NULL
      ORDER BY e.occurred_ts DESC, e.id DESC LIMIT 1),
    coalesce(created.actor_upn, (SELECT e.actor_upn FROM flow_events e WHERE e.flow_id = ids.flow_id
      ORDER BY e.occurred_ts, e.id LIMIT 1)),
    created.occurred_at,
    coalesce((SELECT e.connectors FROM flow_events e WHERE e.flow_id = ids.flow_id AND cardinality(e.connectors) > 0
      ORDER BY e.occurred_ts DESC, e.id DESC LIMIT 1), '{}'),
    last.operation,
    last.occurred_at,
    last.operation = 'DeleteFlow',
    (SELECT e.details_url FROM flow_events e WHERE e.flow_id = ids.flow_id AND e.details_url IS NOT NULL
      ORDER BY e.occurred_ts DESC, e.id DESC LIMIT 1)
  FROM unnest($1::text[]) AS ids(flow_id)
  CROSS JOIN LATERAL (SELECT e.operation, e.occurred_at FROM flow_events e WHERE e.flow_id = ids.flow_id
    ORDER BY e.occurred_ts DESC, e.id DESC LIMIT 1) AS last
  LEFT JOIN LATERAL (SELECT e.actor_upn, e.occurred_at FROM flow_events e WHERE e.flow_id = ids.flow_id
    AND e.operation = 'CreateFlow' ORDER BY e.occurred_ts, e.id LIMIT 1) AS created ON true
  ON CONFLICT (flow_id) DO UPDATE SET environment_id = excluded.environment_id, flow_name = excluded.flow_name,
    creator_upn = excluded.creator_upn, created_at = excluded.created_at, connectors = excluded.connectors,
    last_operation = excluded.last_operation, last_event_at = excluded.last_event_at, deleted = excluded.deleted,
    details_url = excluded.details_url`;

/** Runs inside a transaction the caller opened on `client`. */
export async function ingestBatch(client: pg.PoolClient, events: FlowEvent[], options: IngestOptions): Promise<IngestResult> {
  // One writer at a time: a recompute must see the events a concurrent ingest is adding, which
  // READ COMMITTED alone does not guarantee. Only the lease holder syncs, so this rarely waits.
  await client.query(`SELECT pg_advisory_xact_lock(hashtext('flowwatch:ingest'))`);
  let inserted = 0;
  if (events.length > 0) {
    const ingestedAt = options.now.toISOString();
    const rows = events.map((event) => eventToRow(event, ingestedAt));
    const result = await client.query<{ flow_id: string | null }>(INSERT_EVENTS, [JSON.stringify(rows)]);
    inserted = result.rowCount ?? 0;
    const flowIds = [...new Set(result.rows.map((r) => r.flow_id).filter((id): id is string => id !== null))];
    if (flowIds.length > 0) await client.query(RECOMPUTE_INVENTORY, [flowIds]);
  }
  if (options.blob) {
    await client.query('INSERT INTO done_blobs (content_id, content_created, done_at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING', [
      options.blob.contentId,
      options.blob.contentCreated,
      options.now,
    ]);
  }
  return { inserted, duplicates: events.length - inserted };
}
