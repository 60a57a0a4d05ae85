/**
 * The SQLite ingest transaction: events (deduped on id), their connector rows and hourly
 * connector counts, the flow inventory, and the blob's done mark, all committed together.
 */
import type Database from 'better-sqlite3';
import type { FlowEvent } from '../../model/flow-event.ts';
import { checkEvent } from '../event-checks.ts';
import { distinctConnectors } from '../filter-rules.ts';
import { applyInventoryEvent, type InventoryState } from '../inventory-rules.ts';
import { flowRowToState, type FlowStateRow } from '../flow-rows.ts';
import type { StatementCache } from './statements.ts';
import type { IngestOptions, IngestResult } from '../event-store.ts';

export const HOUR_MS = 3_600_000;

/** Runs inside `db.transaction`; throws (rolling everything back) on any bad event. */
export function ingestInTransaction(
  statements: StatementCache,
  events: FlowEvent[],
  options: IngestOptions,
): IngestResult {
  return ingestBlobsInTransaction(statements, [{ events, blob: options.blob }], options.now)[0];
}

type FlowBound = FlowEvent & { flowId: string };

/** What one batch adds up before writing it once: hourly counts and each flow's new events. */
interface BatchTotals {
  hourly: Map<string, { hour: number; operation: string; key: string; display: string; count: number }>;
  operationHourly: Map<string, { hour: number; operation: string; count: number }>;
  byFlow: Map<string, FlowBound[]>;
}

/**
 * Several blobs in one transaction, each with its done mark; one result per blob. The hourly
 * rollups and the inventory are updated once per batch (one row write per hour slot and per
 * flow, however many blobs touched it), which is most of what batching saves. Throws (rolling
 * everything back) on any bad event.
 */
export function ingestBlobsInTransaction(
  statements: StatementCache,
  blobs: ReadonlyArray<{ events: FlowEvent[]; blob?: IngestOptions['blob'] }>,
  now: Date,
): IngestResult[] {
  const ingestedMs = now.getTime();
  const insertEvent =
    statements.get(`INSERT OR IGNORE INTO events (id, operation, occurred_at, occurred_ms, actor_upn, result_status,
    environment_id, flow_id, flow_name, details_url, connectors, sharing_permission, recipient_upn, license_name, initiated_by,
    tenant_id, client_ip, raw, ingested_ms) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
  const insertConnector = statements.get(
    'INSERT OR IGNORE INTO event_connectors (event_seq, connector_lc, connector, occurred_ms, operation) VALUES (?, ?, ?, ?, ?)',
  );
  const markDone = statements.get(
    'INSERT OR IGNORE INTO done_blobs (content_id, content_created, done_ms) VALUES (?, ?, ?)',
  );
  const results: IngestResult[] = [];
  const totals: BatchTotals = { hourly: new Map(), operationHourly: new Map(), byFlow: new Map() };

  for (const { events, blob } of blobs) {
    let inserted = 0;
    let duplicates = 0;
    for (const event of events) {
      const occurredMs = checkEvent(event);
      const info = insertEventRow(insertEvent, event, occurredMs, ingestedMs);
      if (info.changes === 0) {
        duplicates++;
        continue;
      }
      inserted++;
      addConnectorsAndCounts(insertConnector, totals, event, occurredMs, info.lastInsertRowid);
      if (event.flowId) {
        const list = totals.byFlow.get(event.flowId);
        if (list) list.push(event as FlowBound);
        else totals.byFlow.set(event.flowId, [event as FlowBound]);
      }
    }
    if (blob) markDone.run(blob.contentId, blob.contentCreated, ingestedMs);
    results.push({ inserted, duplicates });
  }

  writeHourlyCounts(statements, totals);
  updateInventory(statements, totals.byFlow);
  return results;
}

/** Inserts the event unless its id is already stored (then `changes` is 0). */
function insertEventRow(
  insertEvent: Database.Statement,
  event: FlowEvent,
  occurredMs: number,
  ingestedMs: number,
): Database.RunResult {
  return insertEvent.run(
    event.id,
    event.operation,
    event.occurredAt,
    occurredMs,
    event.actorUpn,
    event.resultStatus,
    event.environmentId,
    event.flowId,
    event.flowName,
    event.detailsUrl,
    JSON.stringify(event.connectors),
    event.sharingPermission,
    event.recipientUpn,
    event.licenseName,
    event.initiatedBy,
    event.tenantId,
    event.clientIp,
    JSON.stringify(event.raw ?? {}),
    ingestedMs,
  );
}

/** A new event's connector rows, and its share of the batch's hourly counts (per operation, per connector). */
function addConnectorsAndCounts(
  insertConnector: Database.Statement,
  totals: BatchTotals,
  event: FlowEvent,
  occurredMs: number,
  eventSeq: number | bigint,
): void {
  const hour = Math.floor(occurredMs / HOUR_MS) * HOUR_MS;
  const operationSlot = `${hour}\u0000${event.operation}`;
  const perOperation = totals.operationHourly.get(operationSlot);
  if (perOperation) perOperation.count++;
  else totals.operationHourly.set(operationSlot, { hour, operation: event.operation, count: 1 });
  for (const [key, display] of distinctConnectors(event.connectors)) {
    insertConnector.run(eventSeq, key, display, occurredMs, event.operation);
    const slot = `${hour}\u0000${event.operation}\u0000${key}`;
    const counted = totals.hourly.get(slot);
    if (counted) {
      counted.count++;
      if (display < counted.display) counted.display = display;
    } else totals.hourly.set(slot, { hour, operation: event.operation, key, display, count: 1 });
  }
}

function writeHourlyCounts(statements: StatementCache, totals: BatchTotals): void {
  const addHourly =
    statements.get(`INSERT INTO connector_hourly_counts (hour_ms, operation, connector_lc, connector, count) VALUES (?, ?, ?, ?, ?)
    ON CONFLICT (hour_ms, operation, connector_lc) DO UPDATE SET count = count + excluded.count, connector = min(connector, excluded.connector)`);
  for (const h of totals.hourly.values()) addHourly.run(h.hour, h.operation, h.key, h.display, h.count);
  const addOperationHourly =
    statements.get(`INSERT INTO operation_hourly_counts (hour_ms, operation, count) VALUES (?, ?, ?)
    ON CONFLICT (hour_ms, operation) DO UPDATE SET count = count + excluded.count`);
  for (const h of totals.operationHourly.values()) addOperationHourly.run(h.hour, h.operation, h.count);
}

function updateInventory(statements: StatementCache, byFlow: Map<string, FlowBound[]>): void {
  const select = statements.get('SELECT * FROM flows WHERE flow_id = ?');
  const upsert =
    statements.get(`INSERT INTO flows (flow_id, environment_id, flow_name, creator_upn, created_at, connectors, last_operation,
    last_event_at, deleted, details_url, seen) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
    ON CONFLICT (flow_id) DO UPDATE SET environment_id = excluded.environment_id, flow_name = excluded.flow_name,
    creator_upn = excluded.creator_upn, created_at = excluded.created_at, connectors = excluded.connectors,
    last_operation = excluded.last_operation, last_event_at = excluded.last_event_at, deleted = excluded.deleted,
    details_url = excluded.details_url, seen = excluded.seen`);
  for (const [flowId, flowEvents] of byFlow) {
    const row = select.get(flowId) as FlowStateRow | undefined;
    let state: InventoryState | null = row ? flowRowToState(row) : null;
    for (const event of flowEvents) state = applyInventoryEvent(state, event);
    if (!state) continue;
    upsert.run(
      state.flowId,
      state.environmentId,
      state.flowName,
      state.creatorUpn,
      state.createdAt,
      JSON.stringify(state.connectors),
      state.lastOperation,
      state.lastEventAt,
      state.deleted ? 1 : 0,
      state.detailsUrl,
      JSON.stringify(state.seen),
    );
  }
}
