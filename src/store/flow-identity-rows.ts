/**
 * The flow inventory's tables as both stores read and write them (migrations "flow identity"):
 * the same snake_case columns and the same SQL, with booleans as the store's own type
 * (PostgreSQL boolean, SQLite 0 or 1) and connector lists as JSON text in both.
 */
import type {
  EnvironmentIdentity,
  FlowIdentity,
  FlowListing,
  FlowRunState,
  FlowStateChange,
  OwnerIdentity,
} from '../model/flow-identity.ts';
import type { FlowIdentityFilter } from './flow-identity-store.ts';

export interface FlowIdentityRow {
  flow_id: string;
  dataverse_id: string | null;
  environment_id: string;
  display_name: string;
  state: string;
  suspension_reason: string | null;
  created_at: string | null;
  modified_at: string | null;
  creator_object_id: string | null;
  solution_aware: boolean | number;
  connectors: string;
  connector_source: string | null;
  connectors_as_of: string | null;
  deleted: boolean | number;
  deleted_at: string | null;
  last_seen_at: string;
  env_id: string | null;
  env_display_name: string | null;
  env_type: string | null;
  env_dataverse_url: string | null;
  owner_upn: string | null;
  owner_display_name: string | null;
  owner_gone: boolean | number | null;
  owner_known: string | null;
}

/** The joined SELECT every read uses; a WHERE clause and an ORDER follow. */
export const FLOW_IDENTITY_SELECT = `SELECT f.flow_id, f.dataverse_id, f.environment_id, f.display_name, f.state,
  f.suspension_reason, f.created_at, f.modified_at, f.creator_object_id, f.solution_aware, f.connectors,
  f.connector_source, f.connectors_as_of, f.deleted, f.deleted_at, f.last_seen_at,
  e.environment_id AS env_id, e.display_name AS env_display_name, e.type AS env_type, e.dataverse_url AS env_dataverse_url,
  o.upn AS owner_upn, o.display_name AS owner_display_name, o.gone AS owner_gone, o.object_id AS owner_known
FROM inventory_flows f
LEFT JOIN inventory_environments e ON e.environment_id = f.environment_id
LEFT JOIN inventory_owners o ON o.object_id = f.creator_object_id`;

export const FLOW_IDENTITY_ORDER = 'ORDER BY f.display_name_lc, f.flow_id';

const truthy = (value: boolean | number | null) => value === true || value === 1;

export function rowToFlowIdentity(row: FlowIdentityRow): FlowIdentity {
  const environment: EnvironmentIdentity | null = row.env_id
    ? {
        environmentId: row.env_id,
        displayName: row.env_display_name ?? row.env_id,
        type: row.env_type,
        dataverseUrl: row.env_dataverse_url,
      }
    : null;
  // An owner not resolved yet is still a person with an object id: the card can say so.
  const owner: OwnerIdentity | null = row.creator_object_id
    ? {
        objectId: row.creator_object_id,
        upn: row.owner_upn,
        displayName: row.owner_display_name,
        gone: row.owner_known !== null && truthy(row.owner_gone),
      }
    : null;
  return {
    flowId: row.flow_id,
    dataverseId: row.dataverse_id,
    environmentId: row.environment_id,
    environment,
    displayName: row.display_name,
    state: row.state as FlowRunState,
    suspensionReason: row.suspension_reason,
    createdAt: row.created_at,
    modifiedAt: row.modified_at,
    owner,
    solutionAware: truthy(row.solution_aware),
    connectors: JSON.parse(row.connectors) as string[],
    connectorSource: row.connector_source as FlowIdentity['connectorSource'],
    connectorsAsOf: row.connectors_as_of,
    deleted: truthy(row.deleted),
    deletedAt: row.deleted_at,
    lastSeenAt: row.last_seen_at,
  };
}

/** Adds one bound value and returns its placeholder ("?" in SQLite, "$n" in PostgreSQL). */
export type Bind = (value: unknown) => string;

const list = (values: unknown[], bind: Bind) => values.map((v) => bind(v)).join(', ');

/**
 * The WHERE clause of a filter. An absent member does not filter; an empty list matches nothing
 * ("any of these" of none).
 */
export function flowFilterWhere(filter: FlowIdentityFilter, bind: Bind, deletedFalse: string): string {
  const parts: string[] = [];
  if (!filter.includeDeleted) parts.push(`f.deleted = ${deletedFalse}`);
  if (filter.states) parts.push(filter.states.length ? `f.state IN (${list(filter.states, bind)})` : '1 = 0');
  if (filter.environmentIds) {
    parts.push(filter.environmentIds.length ? `f.environment_id IN (${list(filter.environmentIds, bind)})` : '1 = 0');
  }
  if (filter.modifiedFrom !== undefined) parts.push(`f.modified_at >= ${bind(filter.modifiedFrom)}`);
  if (filter.modifiedTo !== undefined) parts.push(`f.modified_at < ${bind(filter.modifiedTo)}`);
  if (filter.ownerUpn !== undefined) parts.push(`o.upn_lc = ${bind(filter.ownerUpn.trim().toLowerCase())}`);
  if (filter.connectors) {
    const keys = [...new Set(filter.connectors.map((c) => c.trim().toLowerCase()))];
    parts.push(
      keys.length
        ? `EXISTS (SELECT 1 FROM inventory_flow_connectors c WHERE c.flow_id = f.flow_id AND c.connector_lc IN (${list(keys, bind)}))`
        : '1 = 0',
    );
  }
  return parts.length ? `WHERE ${parts.join(' AND ')}` : '';
}

/** What saveFlows reads of a stored flow to decide its state change. */
export interface StoredFlowState {
  flow_id: string;
  state: string;
  deleted: boolean | number;
}

/**
 * The state change a listing makes, or null. `environmentListed`: the flow's environment was read
 * to the end before, so a flow new to the inventory is new to the tenant, not just to Flowwatch.
 */
export function stateChangeOf(
  stored: StoredFlowState | undefined,
  flow: FlowListing,
  environmentListed: boolean,
  now: string,
): FlowStateChange | null {
  const change = (from: FlowStateChange['from']): FlowStateChange => ({
    flowId: flow.flowId,
    from,
    to: flow.state,
    suspensionReason: flow.state === 'suspended' ? flow.suspensionReason : null,
    seenAt: now,
  });
  if (!stored) return environmentListed && flow.state !== 'on' ? change(null) : null;
  if (truthy(stored.deleted)) return change('deleted');
  return stored.state === flow.state ? null : change(stored.state as FlowRunState);
}

/** The columns saveFlows writes, in this order, for one listing. */
export const FLOW_WRITE_COLUMNS = [
  'flow_id',
  'environment_id',
  'display_name',
  'display_name_lc',
  'state',
  'suspension_reason',
  'created_at',
  'modified_at',
  'creator_object_id',
  'solution_aware',
  'last_seen_at',
  'last_seen_ms',
] as const;

export function flowWriteValues(flow: FlowListing, now: string, nowMs: number, bool: (b: boolean) => unknown) {
  return [
    flow.flowId,
    flow.environmentId,
    flow.displayName,
    flow.displayName.toLowerCase(),
    flow.state,
    flow.state === 'suspended' ? flow.suspensionReason : null,
    flow.createdAt,
    flow.modifiedAt,
    flow.creatorObjectId,
    bool(flow.solutionAware),
    now,
    nowMs,
  ];
}

/** Upsert of a listing: a restored flow loses its tombstone; connectors stay as they were. */
export function flowUpsertSql(placeholders: string[], falseValue: string): string {
  const updates = FLOW_WRITE_COLUMNS.filter((c) => c !== 'flow_id')
    .map((c) => `${c} = excluded.${c}`)
    .join(', ');
  return `INSERT INTO inventory_flows (${FLOW_WRITE_COLUMNS.join(', ')}, connectors, deleted)
    VALUES (${placeholders.join(', ')}, '[]', ${falseValue})
    ON CONFLICT (flow_id) DO UPDATE SET ${updates}, deleted = ${falseValue}, deleted_at = NULL`;
}

/** One connector list per flow, and its lower-case keys for filters. */
export function connectorKeys(connectors: string[]): string[] {
  return [...new Set(connectors.map((c) => c.trim().toLowerCase()).filter((c) => c.length > 0))];
}

/** The time of the connectors mark in an events-inventory `seen` JSON (inventory-rules.ts), or null. */
export function connectorsMarkTime(seen: string): string | null {
  const mark = (JSON.parse(seen) as { connectors?: { t: number } | null }).connectors;
  return mark ? new Date(mark.t).toISOString() : null;
}
