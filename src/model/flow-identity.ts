/**
 * What the Power Platform admin APIs say a flow is (issue 11; ../shared/reference/flow-inventory.md):
 * its name, state, owner, environment and current connectors. Audit records carry none of these
 * (reference §1), so answers join events to this. Times are ISO 8601 UTC strings.
 */

/** `properties.state` of the Flow admin v2 list (Started, Stopped, Suspended), in admins' words. */
export type FlowRunState = 'on' | 'off' | 'suspended';

/** One environment from the BAP admin list (reference §2). */
export interface EnvironmentIdentity {
  /** `name`: the environment id that audit records' FlowDetailsUrl carries. */
  environmentId: string;
  /** `properties.displayName`. */
  displayName: string;
  /** `properties.environmentSku` as given: Production, Sandbox, Trial, Developer, Default, … */
  type: string | null;
  /** `properties.linkedEnvironmentMetadata.instanceApiUrl`, when the environment has Dataverse. */
  dataverseUrl: string | null;
}

/** A maker resolved to a person (reference §5): from a stored CreateFlow's actor, else Graph. */
export interface OwnerIdentity {
  /** Entra object id (`properties.creator.objectId`). */
  objectId: string;
  upn: string | null;
  displayName: string | null;
  /** Graph answered 404: the user is gone from the directory. */
  gone: boolean;
}

/** Where a flow's connector list comes from (reference §3). */
export type ConnectorSource = 'dataverse' | 'last-edit';

/** One flow as the inventory knows it, joined with its environment and owner. */
export interface FlowIdentity {
  /** The Flow service id (`name` in the v2 list): what FlowDetailsUrl carries. */
  flowId: string;
  /** Dataverse `workflowid` when the flow is in Dataverse and it differs from flowId (reference §3). */
  dataverseId: string | null;
  environmentId: string;
  environment: EnvironmentIdentity | null;
  /** Current display name, or the last known one when deleted. */
  displayName: string;
  state: FlowRunState;
  /** `properties.flowSuspensionReason` when suspended (a data-policy violation is the common one). */
  suspensionReason: string | null;
  createdAt: string | null;
  modifiedAt: string | null;
  owner: OwnerIdentity | null;
  /** Solution-aware (`properties.isManaged`). */
  solutionAware: boolean;
  /** Connector display names as admins know them ("SharePoint", "HTTP"). */
  connectors: string[];
  connectorSource: ConnectorSource | null;
  /** When that connector list was true: Dataverse modifiedon, or the last create/edit's time. */
  connectorsAsOf: string | null;
  /** A full inventory pass read the flow's environment to the end and the flow was not in it. */
  deleted: boolean;
  /** When the inventory first found it gone. */
  deletedAt: string | null;
  /** The last time an inventory pass or a targeted refresh saw it. */
  lastSeenAt: string;
}

/** A change of state the inventory saw between two passes; the digest lists these. */
export interface FlowStateChange {
  flowId: string;
  from: FlowRunState | 'deleted' | null;
  to: FlowRunState | 'deleted';
  suspensionReason: string | null;
  /** When the inventory saw the change (not when it happened: the admin APIs do not say). */
  seenAt: string;
}

/**
 * One flow as the Flow admin v2 list or the single-flow GET gives it (reference §2), in the
 * model's words: what the inventory sync hands the store (FlowIdentityWriter.saveFlows).
 */
export interface FlowListing {
  flowId: string;
  environmentId: string;
  displayName: string;
  state: FlowRunState;
  suspensionReason: string | null;
  createdAt: string | null;
  modifiedAt: string | null;
  /** `properties.creator.objectId`. */
  creatorObjectId: string | null;
  solutionAware: boolean;
}

/** One Dataverse `workflows` row (reference §3), linked to its Flow id. */
export interface WorkflowConnectors {
  /** The Flow service id the row belongs to (`resourceid`, else `workflowid` itself). */
  flowId: string;
  /** `workflowid`. */
  dataverseId: string;
  /** Display names, as FlowConnectorNames spells them (connector-names.ts). */
  connectors: string[];
  /** `modifiedon`. */
  modifiedAt: string | null;
}

/** How far an inventory pass got, per environment; saved after every page so a killed pass resumes. */
export interface InventoryPass {
  passId: string;
  startedAt: string;
  finishedAt: string | null;
  /** Environments of the pass (from the BAP list), keyed by environment id. */
  environments: Record<string, EnvironmentProgress>;
}

export interface EnvironmentProgress {
  /** The next page of the Flow admin list to read; null before the first page and once done. */
  flowsNextLink: string | null;
  /** The listing was read to the end (only then are unseen flows marked deleted). */
  flowsDone: boolean;
  workflowsNextLink: string | null;
  /** Dataverse rows read to the end, or the environment has no Dataverse (or no access). */
  workflowsDone: boolean;
}

/**
 * How the inventory stands on this replica: 'not-registered' when the admin APIs answered 403
 * (the app is not a Power Platform management app), so cards can say why flows have no names.
 */
export type InventoryState = 'never' | 'ok' | 'not-registered' | 'failed';
