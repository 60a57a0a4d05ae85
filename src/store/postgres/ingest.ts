/**
 * Batched ingest for PostgreSQL in two round trips whatever the batch size (one blob or several): (1) open the
 * transaction and run one multi-row INSERT … ON CONFLICT DO NOTHING RETURNING for the events
 * (they travel as one JSON document through json_to_recordset) that also stores the new events'
 * connector rows and hourly counts and reads the stored inventory of their flows; (2) one multi-row upsert of that inventory, updated in JS by the
 * shared rules of inventory.ts so both stores agree, the blob's done mark, and the commit.
 * Each round trip is one multi-statement simple query, so the JSON goes in as an escaped literal
 * rather than a bind parameter (the extended protocol allows one statement per message); round
 * trips, not rows, are what a small per-blob batch costs.
 */
import type pg from 'pg';
import type { FlowEvent } from '../../model/flow-event.ts';
import { applyInventoryEvent, type InventoryState } from '../inventory-rules.ts';
import { checkEvent } from '../event-checks.ts';
import { flowRowToState } from '../flow-rows.ts';
import { eventToRow, flowStateToRow, withoutNul, type FlowRow } from './rows.ts';
import type { BlobIngest, IngestResult } from '../event-store.ts';

/** The events of one blob and its done mark (absent for ingest without a blob). */
/**
 * No WAL flush wait at commit (the SQLite store's synchronous=NORMAL trade-off, without its loss
 * on a process crash): a server crash can drop only the last few ingests, each together with its
 * blob's done mark, and WAL order means any later cursor or coverage commit (which does flush)
 * makes them durable first. A dropped blob is simply fetched again.
 * One writer per schema at a time (advisory lock): the inventory read-modify-write must see what a
 * concurrent ingest adds, which READ COMMITTED alone does not give. Only the lease holder syncs,
 * so it rarely waits.
 */
const BEGIN_INGEST = `BEGIN; SET LOCAL synchronous_commit = off; SELECT pg_advisory_xact_lock(hashtext('flowwatch:ingest:' || current_schema()));`;

/** Hour slots of the rollups start at floor(occurred_ms / hour), also before 1970 (SQL's mod keeps the dividend's sign). */
export const HOUR_MS = 3_600_000;

/**
 * Events, their connector rows and the hourly rollups in one statement: only the rows the INSERT
 * returns (new ids) feed the rest, so a duplicate changes no count.
 */
const insertEvents = (json: string) => `
  WITH input AS (
    SELECT * FROM json_to_recordset(${json}::json) AS x(id text, operation text, occurred_at text, occurred_ms bigint,
      actor_upn text, result_status text, environment_id text, flow_id text, flow_name text, details_url text,
      connectors text[], connector_keys text[], connector_names text[], sharing_permission double precision,
      recipient_upn text, license_name text, initiated_by text, tenant_id text, client_ip text, raw text, ingested_ms bigint)
  ), inserted AS (
    INSERT INTO flow_events (id, operation, occurred_at, occurred_ms, actor_upn, result_status, environment_id, flow_id,
      flow_name, details_url, connectors, connector_keys, connector_names, sharing_permission, recipient_upn, license_name,
      initiated_by, tenant_id, client_ip, raw, ingested_ms)
    SELECT id, operation, occurred_at, occurred_ms, actor_upn, result_status, environment_id, flow_id,
      flow_name, details_url, connectors, connector_keys, connector_names, sharing_permission, recipient_upn, license_name,
      initiated_by, tenant_id, client_ip, raw, ingested_ms
    FROM input
    ON CONFLICT (id) DO NOTHING
    RETURNING id, seq, operation, occurred_ms, connector_keys, connector_names
  ), hours AS (
    SELECT i.*, i.occurred_ms - mod(mod(i.occurred_ms, ${HOUR_MS}) + ${HOUR_MS}, ${HOUR_MS}) AS hour_ms FROM inserted i
  ), connector_rows AS (
    SELECT h.*, c.k, c.name FROM hours h, unnest(h.connector_keys, h.connector_names) AS c(k, name)
  ), stored_connector_rows AS (
    INSERT INTO event_connectors (connector_key, occurred_ms, event_seq, operation, connector_name)
    SELECT k, occurred_ms, seq, operation, name FROM connector_rows
  ), counted_operations AS (
    INSERT INTO operation_hourly_counts AS o (hour_ms, operation, count)
    SELECT hour_ms, operation, count(*) FROM hours GROUP BY 1, 2
    ON CONFLICT (hour_ms, operation) DO UPDATE SET count = o.count + excluded.count
  ), counted_connectors AS (
    INSERT INTO connector_hourly_counts AS h (hour_ms, operation, connector_key, connector_name, count)
    SELECT hour_ms, operation, k, min(name COLLATE "C"), count(*) FROM connector_rows GROUP BY 1, 2, 3
    ON CONFLICT (hour_ms, operation, connector_key) DO UPDATE
      SET count = h.count + excluded.count, connector_name = least(h.connector_name COLLATE "C", excluded.connector_name COLLATE "C")
  )
  SELECT
    (SELECT coalesce(json_agg(id), '[]'::json) FROM inserted) AS inserted,
    (SELECT coalesce(json_agg(f), '[]'::json) FROM flows f WHERE f.flow_id IN (SELECT flow_id FROM input)) AS flows;`;

const upsertFlows = (json: string) => `
    INSERT INTO flows (flow_id, environment_id, flow_name, creator_upn, created_at, connectors, last_operation,
      last_event_at, deleted, details_url, seen)
    SELECT * FROM json_to_recordset(${json}::json) AS x(flow_id text, environment_id text, flow_name text, creator_upn text,
      created_at text, connectors text[], last_operation text, last_event_at text, deleted boolean, details_url text, seen text)
    ON CONFLICT (flow_id) DO UPDATE SET environment_id = excluded.environment_id, flow_name = excluded.flow_name,
      creator_upn = excluded.creator_upn, created_at = excluded.created_at, connectors = excluded.connectors,
      last_operation = excluded.last_operation, last_event_at = excluded.last_event_at, deleted = excluded.deleted,
      details_url = excluded.details_url, seen = excluded.seen;`;

const markBlobsDone = (blobs: NonNullable<BlobIngest['blob']>[], doneMs: number) =>
  `INSERT INTO done_blobs (content_id, content_created, done_ms) VALUES ${blobs
    .map((b) => `(${sqlLiteral(b.contentId)}, ${sqlLiteral(b.contentCreated)}, ${Math.trunc(doneMs)})`)
    .join(', ')} ON CONFLICT DO NOTHING;`;

/** A string constant for a simple query: quotes doubled, and backslashes doubled in an E'' string. */
export function sqlLiteral(text: string): string {
  const quoted = text.replace(/'/g, "''");
  return text.includes('\\') ? `E'${quoted.replace(/\\/g, '\\\\')}'` : `'${quoted}'`;
}

type Results = pg.QueryResult | pg.QueryResult[];
const lastResult = (results: Results): pg.QueryResult =>
  Array.isArray(results) ? results[results.length - 1] : results;

/**
 * Runs the whole ingest transaction on `client` (which must not be in a transaction): every
 * blob's events and done mark, all or nothing; one result per blob, in order (an id seen again,
 * in the same blob or a later one, counts as a duplicate where it is seen again). Commits on
 * success, rolls back and rethrows on any bad event or database error.
 */
export async function ingestBatch(client: pg.PoolClient, batches: BlobIngest[], now: Date): Promise<IngestResult[]> {
  const perBlob = batches.map((b) => b.events.map(withoutNul));
  const events = perBlob.flat();
  const ingestedMs = now.getTime();
  const rows = events.map((event) => eventToRow(event, checkEvent(event), ingestedMs));
  const marks = batches.flatMap((b) => (b.blob ? [b.blob] : []));
  try {
    let insertedIds = new Set<string>();
    let flows: InventoryState[] = [];
    if (rows.length > 0) {
      const results = (await client.query(
        BEGIN_INGEST + insertEvents(sqlLiteral(JSON.stringify(rows))),
      )) as unknown as Results;
      const { inserted: ids, flows: stored } = lastResult(results).rows[0] as { inserted: string[]; flows: FlowRow[] };
      insertedIds = new Set(ids);
      flows = updatedInventory(events, new Set(ids), stored);
    } else {
      await client.query(BEGIN_INGEST);
    }
    const finish = [
      flows.length > 0 ? upsertFlows(sqlLiteral(JSON.stringify(flows.map(flowStateToRow)))) : '',
      marks.length > 0 ? markBlobsDone(marks, ingestedMs) : '',
      'COMMIT;',
    ];
    await client.query(finish.join('\n'));
    return perBlob.map((blobEvents) => {
      // The first copy of a newly stored id is the inserted one; every later copy is a duplicate.
      const inserted = blobEvents.filter((e) => insertedIds.delete(e.id)).length;
      return { inserted, duplicates: blobEvents.length - inserted };
    });
  } catch (error) {
    // A failed statement leaves the transaction aborted (or never begun: ROLLBACK then only warns);
    // a dead connection cannot roll back at all and is dropped by the caller.
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  }
}

/** The stored states of the touched flows with the newly inserted events applied, in arrival order. */
function updatedInventory(events: FlowEvent[], insertedIds: Set<string>, stored: FlowRow[]): InventoryState[] {
  const states = new Map<string, InventoryState>(stored.map((row) => [row.flow_id, flowRowToState(row)]));
  const touched = new Set<string>();
  for (const event of events) {
    // A second copy of an id inside one batch is a duplicate, like a copy from an earlier batch.
    if (!event.flowId || !insertedIds.delete(event.id)) continue;
    states.set(
      event.flowId,
      applyInventoryEvent(states.get(event.flowId) ?? null, event as FlowEvent & { flowId: string }),
    );
    touched.add(event.flowId);
  }
  return [...touched].map((flowId) => states.get(flowId)!);
}
