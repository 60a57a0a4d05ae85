/**
 * One Power Automate audit event, normalized from any source (Management Activity API blob,
 * Graph auditLogRecord, legacy psws row). Field meanings: ../shared/reference/audit-apis.md §3.
 */
export const KNOWN_OPERATIONS = [
  'CreateFlow',
  'EditFlow',
  'DeleteFlow',
  'PutPermissions',
  'DeletePermissions',
  'StartAPaidTrial',
  'RenewTrial',
] as const;

export type KnownOperation = (typeof KNOWN_OPERATIONS)[number];

/** Who started the action (`UserTypeInitiated`: 1 user, 2 admin). */
export type Initiator = 'user' | 'admin';

export interface FlowEvent {
  /** The record `Id` (GUID); events are deduped on it. */
  id: string;
  /** The `Operation` as given; unknown operations are kept, not dropped. */
  operation: string;
  /** When it happened, ISO 8601 UTC with `Z` (`CreationTime` has no zone and is UTC). */
  occurredAt: string;
  /** `UserUPN`, else `UserId`, lower-cased. */
  actorUpn: string | null;
  resultStatus: string | null;
  /** Parsed from the path of `FlowDetailsUrl` (`/environments/{env}/flows/{flow}/…`). */
  environmentId: string | null;
  flowId: string | null;
  /** Display name, when a record carries one (most do not); the inventory keeps the last known. */
  flowName: string | null;
  detailsUrl: string | null;
  /** `FlowConnectorNames` split on commas and trimmed; empty when the record has none. */
  connectors: string[];
  /** `SharingPermission`: 3 owner (can edit), 2 run-only user; other values kept as given. */
  sharingPermission: number | null;
  recipientUpn: string | null;
  licenseName: string | null;
  initiatedBy: Initiator | null;
  /** `OrganizationId`. */
  tenantId: string | null;
  clientIp: string | null;
  /** The record as received, for export and for fields we do not model yet. */
  raw: Record<string, unknown>;
}

/** A stored event: what the store adds when it first saw the event. */
export interface StoredFlowEvent extends FlowEvent {
  /** When this store first stored the event (ISO UTC). Lets a digest find late arrivals. */
  ingestedAt: string;
}

/** A stored event without its raw record: what answers show (see Store.listEvents). */
export type ListedFlowEvent = Omit<StoredFlowEvent, 'raw'>;

/** The last known state of one flow, kept from events (so a delete can say what was deleted). */
export interface FlowInventoryEntry {
  flowId: string;
  environmentId: string | null;
  flowName: string | null;
  /** Actor of the earliest CreateFlow seen, else of the earliest event seen. */
  creatorUpn: string | null;
  createdAt: string | null;
  /** Connectors as of the latest event (by occurredAt) that carried any. */
  connectors: string[];
  lastOperation: string;
  lastEventAt: string;
  deleted: boolean;
  detailsUrl: string | null;
}
