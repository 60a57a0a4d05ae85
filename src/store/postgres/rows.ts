/**
 * Row <-> object mapping of the PostgreSQL store. Columns are snake_case; bigint columns arrive
 * as strings from the driver and are converted here.
 */
import type { FlowEvent, Initiator, ListedFlowEvent, StoredFlowEvent } from '../../model/flow-event.ts';
import { distinctConnectors } from '../filter-rules.ts';
import type { InventoryState } from '../inventory-rules.ts';
import type { SyncGap, SyncReportRecord } from '../sync-state-store.ts';
import { toIso } from '../time-ranges.ts';

export interface EventRow {
  id: string;
  operation: string;
  occurred_at: string;
  occurred_ms: number;
  actor_upn: string | null;
  result_status: string | null;
  environment_id: string | null;
  flow_id: string | null;
  flow_name: string | null;
  details_url: string | null;
  connectors: string[];
  connector_keys: string[];
  connector_names: string[];
  sharing_permission: number | null;
  recipient_upn: string | null;
  license_name: string | null;
  initiated_by: string | null;
  tenant_id: string | null;
  client_ip: string | null;
  raw: string;
  ingested_ms: number | string;
}

const NUL = /\u0000/g;
const clean = (value: string | null): string | null => (value === null ? null : value.replace(NUL, '\uFFFD'));

/**
 * PostgreSQL text cannot hold NUL (SQLite can); a broken record with one must not stop the whole
 * batch, so NUL becomes U+FFFD in the modelled fields. `raw` keeps it: it is stored as JSON text,
 * where NUL is escaped.
 */
export function withoutNul(event: FlowEvent): FlowEvent {
  return {
    ...event,
    id: clean(event.id)!,
    operation: clean(event.operation)!,
    actorUpn: clean(event.actorUpn),
    resultStatus: clean(event.resultStatus),
    environmentId: clean(event.environmentId),
    flowId: clean(event.flowId),
    flowName: clean(event.flowName),
    detailsUrl: clean(event.detailsUrl),
    connectors: event.connectors.map((c) => clean(c)!),
    recipientUpn: clean(event.recipientUpn),
    licenseName: clean(event.licenseName),
    tenantId: clean(event.tenantId),
    clientIp: clean(event.clientIp),
  };
}

export function eventToRow(event: FlowEvent, occurredMs: number, ingestedMs: number): EventRow {
  const connectors = distinctConnectors(event.connectors);
  return {
    id: event.id,
    operation: event.operation,
    occurred_at: event.occurredAt,
    occurred_ms: occurredMs,
    actor_upn: event.actorUpn,
    result_status: event.resultStatus,
    environment_id: event.environmentId,
    flow_id: event.flowId,
    flow_name: event.flowName,
    details_url: event.detailsUrl,
    connectors: event.connectors,
    connector_keys: [...connectors.keys()],
    connector_names: [...connectors.values()],
    sharing_permission: event.sharingPermission,
    recipient_upn: event.recipientUpn,
    license_name: event.licenseName,
    initiated_by: event.initiatedBy,
    tenant_id: event.tenantId,
    client_ip: event.clientIp,
    raw: JSON.stringify(event.raw ?? {}),
    ingested_ms: ingestedMs,
  };
}

export function rowToEvent(row: EventRow): StoredFlowEvent {
  return { ...rowToListedEvent(row), raw: JSON.parse(row.raw) as Record<string, unknown> };
}

export function rowToListedEvent(row: Omit<EventRow, 'raw'>): ListedFlowEvent {
  return {
    id: row.id,
    operation: row.operation,
    occurredAt: row.occurred_at,
    actorUpn: row.actor_upn,
    resultStatus: row.result_status,
    environmentId: row.environment_id,
    flowId: row.flow_id,
    flowName: row.flow_name,
    detailsUrl: row.details_url,
    connectors: row.connectors,
    sharingPermission: row.sharing_permission,
    recipientUpn: row.recipient_upn,
    licenseName: row.license_name,
    initiatedBy: row.initiated_by as Initiator | null,
    tenantId: row.tenant_id,
    clientIp: row.client_ip,
    ingestedAt: toIso(Number(row.ingested_ms)),
  };
}

export interface FlowRow {
  flow_id: string;
  environment_id: string | null;
  flow_name: string | null;
  creator_upn: string | null;
  created_at: string | null;
  connectors: string[];
  last_operation: string;
  last_event_at: string;
  deleted: boolean;
  details_url: string | null;
  seen: string;
}

export function flowStateToRow(state: InventoryState): FlowRow {
  return {
    flow_id: state.flowId,
    environment_id: state.environmentId,
    flow_name: state.flowName,
    creator_upn: state.creatorUpn,
    created_at: state.createdAt,
    connectors: state.connectors,
    last_operation: state.lastOperation,
    last_event_at: state.lastEventAt,
    deleted: state.deleted,
    details_url: state.detailsUrl,
    seen: JSON.stringify(state.seen),
  };
}

export interface GapRow {
  source: string;
  content_id: string | null;
  from_ms: string;
  to_ms: string;
  reason: string;
  recorded_at: string;
}

export function rowToGap(row: GapRow): SyncGap {
  return {
    source: row.source,
    contentId: row.content_id,
    from: toIso(Number(row.from_ms)),
    to: toIso(Number(row.to_ms)),
    reason: row.reason,
    recordedAt: row.recorded_at,
  };
}

export interface ReportRow {
  source: string;
  started_at: string;
  finished_at: string;
  ok: boolean;
  details: string;
}

export function rowToReport(row: ReportRow): SyncReportRecord {
  return {
    source: row.source,
    startedAt: row.started_at,
    finishedAt: row.finished_at,
    ok: row.ok,
    details: JSON.parse(row.details) as Record<string, unknown>,
  };
}
