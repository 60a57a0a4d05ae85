/** The governance_events row and its mapping, shared by both stores (migrations: *-connections.ts). */
import type { GroupCount } from '../model/event-query.ts';
import type {
  GovernanceAction,
  GovernanceEvent,
  GovernanceKind,
  ListedGovernanceEvent,
} from '../model/governance-event.ts';

export const GOVERNANCE_COLUMNS =
  'id, kind, action, operation, detail_operation, occurred_at, occurred_ms, actor_upn, result_status, environment_id, resource_id, resource_name, tenant_id, client_ip, properties, raw, ingested_at';

export const LISTED_GOVERNANCE_COLUMNS =
  'id, kind, action, operation, detail_operation, occurred_at, actor_upn, result_status, environment_id, resource_id, resource_name, tenant_id, client_ip, properties, ingested_at';

export interface GovernanceRow {
  id: string;
  kind: string;
  action: string;
  operation: string;
  detail_operation: string | null;
  occurred_at: string;
  actor_upn: string | null;
  result_status: string | null;
  environment_id: string | null;
  resource_id: string | null;
  resource_name: string | null;
  tenant_id: string | null;
  client_ip: string | null;
  properties: string;
  ingested_at: string;
}

export function rowToGovernanceEvent(row: GovernanceRow): ListedGovernanceEvent {
  return {
    id: row.id,
    kind: row.kind as GovernanceKind,
    action: row.action as GovernanceAction,
    operation: row.operation,
    detailOperation: row.detail_operation,
    occurredAt: row.occurred_at,
    actorUpn: row.actor_upn,
    resultStatus: row.result_status,
    environmentId: row.environment_id,
    resourceId: row.resource_id,
    resourceName: row.resource_name,
    tenantId: row.tenant_id,
    clientIp: row.client_ip,
    properties: JSON.parse(row.properties) as Record<string, string>,
    ingestedAt: row.ingested_at,
  };
}

export function rowToActorCount(row: { actor: string | null; n: number | string }): GroupCount {
  return { key: row.actor ?? '', count: Number(row.n) };
}

/** The row's values in GOVERNANCE_COLUMNS order; both stores insert them. */
export function governanceValues(e: GovernanceEvent, ingestedAt: string): unknown[] {
  return [
    e.id,
    e.kind,
    e.action,
    e.operation,
    e.detailOperation,
    e.occurredAt,
    Date.parse(e.occurredAt),
    e.actorUpn,
    e.resultStatus,
    e.environmentId,
    e.resourceId,
    e.resourceName,
    e.tenantId,
    e.clientIp,
    JSON.stringify(e.properties),
    JSON.stringify(e.raw),
    ingestedAt,
  ];
}
