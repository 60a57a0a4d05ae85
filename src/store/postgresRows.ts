/**
 * Row <-> object mapping of the PostgreSQL store. Columns are snake_case; text times are returned
 * exactly as they were stored.
 */
import type { FlowEvent, FlowInventoryEntry, Initiator, StoredFlowEvent } from '../model/flowEvent.ts';
import type { ChannelSubscription, DigestDaysSetting, DigestRun, DigestRunState } from './botState.ts';
import type { SyncGap, SyncReportRecord } from './store.ts';

export interface EventRow {
  id: string;
  operation: string;
  occurred_at: string;
  actor_upn: string | null;
  result_status: string | null;
  environment_id: string | null;
  flow_id: string | null;
  flow_name: string | null;
  details_url: string | null;
  connectors: string[];
  sharing_permission: number | null;
  recipient_upn: string | null;
  license_name: string | null;
  initiated_by: string | null;
  tenant_id: string | null;
  client_ip: string | null;
  raw: string;
  ingested_at: string;
}

/** PostgreSQL text cannot hold NUL; a broken record with one must not stop the whole batch. */
function pgText(value: string | null): string | null {
  return value === null ? null : value.replace(/\u0000/g, '\uFFFD');
}

/** The JSON object of one event as `json_to_recordset` reads it in the batched insert. */
export function eventToRow(event: FlowEvent, ingestedAt: string): EventRow {
  return {
    id: pgText(event.id)!,
    operation: pgText(event.operation)!,
    occurred_at: event.occurredAt,
    actor_upn: pgText(event.actorUpn),
    result_status: pgText(event.resultStatus),
    environment_id: pgText(event.environmentId),
    flow_id: pgText(event.flowId),
    flow_name: pgText(event.flowName),
    details_url: pgText(event.detailsUrl),
    connectors: event.connectors.map((c) => pgText(c)!),
    sharing_permission: event.sharingPermission,
    recipient_upn: pgText(event.recipientUpn),
    license_name: pgText(event.licenseName),
    initiated_by: event.initiatedBy,
    tenant_id: pgText(event.tenantId),
    client_ip: pgText(event.clientIp),
    // JSON.stringify escapes NUL as \u0000, so the raw record survives byte for byte.
    raw: JSON.stringify(event.raw),
    ingested_at: ingestedAt,
  };
}

export function rowToEvent(row: EventRow): StoredFlowEvent {
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
    raw: JSON.parse(row.raw) as Record<string, unknown>,
    ingestedAt: row.ingested_at,
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
}

export function rowToFlow(row: FlowRow): FlowInventoryEntry {
  return {
    flowId: row.flow_id,
    environmentId: row.environment_id,
    flowName: row.flow_name,
    creatorUpn: row.creator_upn,
    createdAt: row.created_at,
    connectors: row.connectors,
    lastOperation: row.last_operation,
    lastEventAt: row.last_event_at,
    deleted: row.deleted,
    detailsUrl: row.details_url,
  };
}

export interface GapRow {
  source: string;
  content_id: string | null;
  from_at: string;
  to_at: string;
  reason: string;
  recorded_at: string;
}

export function rowToGap(row: GapRow): SyncGap {
  return { source: row.source, contentId: row.content_id, from: row.from_at, to: row.to_at, reason: row.reason, recordedAt: row.recorded_at };
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

export interface SubscriptionRow {
  conversation_id: string;
  tenant_id: string;
  team_id: string | null;
  team_name: string | null;
  channel_name: string | null;
  service_url: string;
  reference: string;
  digest_time: string;
  time_zone: string;
  days: string;
  enabled: boolean;
  created_at: string;
  updated_at: string;
}

export function rowToSubscription(row: SubscriptionRow): ChannelSubscription {
  return {
    conversationId: row.conversation_id,
    tenantId: row.tenant_id,
    teamId: row.team_id,
    teamName: row.team_name,
    channelName: row.channel_name,
    serviceUrl: row.service_url,
    reference: JSON.parse(row.reference) as Record<string, unknown>,
    digestTime: row.digest_time,
    timeZone: row.time_zone,
    days: row.days as DigestDaysSetting,
    enabled: row.enabled,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export interface DigestRunRow {
  conversation_id: string;
  period_key: string;
  from_at: string;
  to_at: string;
  state: string;
  claimed_by: string;
  claimed_at: string;
  sent_at: string | null;
  activity_id: string | null;
  late: boolean;
  attempts: number;
  last_error: string | null;
}

export function rowToDigestRun(row: DigestRunRow): DigestRun {
  return {
    conversationId: row.conversation_id,
    periodKey: row.period_key,
    from: row.from_at,
    to: row.to_at,
    state: row.state as DigestRunState,
    claimedBy: row.claimed_by,
    claimedAt: row.claimed_at,
    sentAt: row.sent_at,
    activityId: row.activity_id,
    late: row.late,
    attempts: row.attempts,
    lastError: row.last_error,
  };
}
