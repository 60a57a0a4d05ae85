/**
 * A Power Platform connection or admin event (issue 12): a connection created, edited, deleted,
 * shared, unshared or turned off by a data policy, a data policy created, changed or deleted, an
 * environment's lifecycle. Normalized from the audit record by src/audit/normalize-governance.ts,
 * which names the sources of every field and operation.
 */

/** What the event is about; 'other' keeps admin events Flowwatch does not model yet (never dropped). */
export type GovernanceKind = 'connection' | 'data-policy' | 'environment' | 'other';

/**
 * What happened, as Flowwatch asks about it. PutConnection is "Connection created or edited"
 * (the portal's own label: one operation for both), so there is no separate 'connection-edited'.
 */
export const GOVERNANCE_ACTIONS = [
  'connection-created-or-edited',
  'connection-deleted',
  'connection-shared',
  'connection-unshared',
  'connection-turned-off',
  'policy-created',
  'policy-updated',
  'policy-deleted',
  'policy-other',
  'environment',
  'other',
] as const;

export type GovernanceAction = (typeof GOVERNANCE_ACTIONS)[number];

export interface GovernanceEvent {
  /** The record `Id`, lower-cased; deduped on it like flow events. */
  id: string;
  kind: GovernanceKind;
  action: GovernanceAction;
  /** The record's `Operation` (the admin activity's name) as given, e.g. GovernanceApiPolicyOperation, PutConnection. */
  operation: string;
  /** The finer operation an admin record carries in its property list, e.g. UpdateDlpPolicy; else null. */
  detailOperation: string | null;
  occurredAt: string;
  /** The UPN of who did it, lower-cased; null for the platform's own actions (a data-policy evaluation). */
  actorUpn: string | null;
  resultStatus: string | null;
  /** A GUID or Default-{tenant}, the provider path stripped ("/providers/…/environments/{id}"). */
  environmentId: string | null;
  /** The connection id, the policy id, the environment id: what the event is about. */
  resourceId: string | null;
  /** The policy's display name where the record carries one. */
  resourceName: string | null;
  tenantId: string | null;
  clientIp: string | null;
  /** The admin record's Name/Value list as a map (keys as given); empty for records without one. */
  properties: Record<string, string>;
  /** The record as received. */
  raw: Record<string, unknown>;
}

/** A stored governance event: when this store first saw it. */
export interface StoredGovernanceEvent extends GovernanceEvent {
  ingestedAt: string;
}

/** What answers show: without the raw record. */
export type ListedGovernanceEvent = Omit<StoredGovernanceEvent, 'raw'>;

export const CONNECTION_ACTIONS: readonly GovernanceAction[] = GOVERNANCE_ACTIONS.filter((a) =>
  a.startsWith('connection-'),
);
export const POLICY_ACTIONS: readonly GovernanceAction[] = GOVERNANCE_ACTIONS.filter((a) => a.startsWith('policy-'));
