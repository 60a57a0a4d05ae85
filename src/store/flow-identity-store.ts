import type {
  EnvironmentIdentity,
  FlowIdentity,
  FlowListing,
  FlowRunState,
  FlowStateChange,
  InventoryPass,
  OwnerIdentity,
  WorkflowConnectors,
} from '../model/flow-identity.ts';

/** Which flows an estate question asks about ("suspended flows", "flows using HTTP", …). */
export interface FlowIdentityFilter {
  /** Any of these connector names (exact, case-insensitive), from the current connector list. */
  connectors?: string[];
  states?: FlowRunState[];
  ownerUpn?: string;
  environmentIds?: string[];
  /** `modifiedAt` (the admin API's lastModifiedTime) in [modifiedFrom, modifiedTo), compared as ISO text. */
  modifiedFrom?: string;
  modifiedTo?: string;
  /** Deleted flows (tombstones) are left out unless this is true. */
  includeDeleted?: boolean;
}

/**
 * The flow inventory from the Power Platform admin APIs (issue 11), as opposed to InventoryStore,
 * which is what the events themselves say. The inventory sync writes it; answers read it.
 * The write side belongs to src/sync/inventory/; its contract suite is test/store/flow-identity-contract.ts.
 */
export interface FlowIdentityStore {
  /** The known flows among `flowIds`, matched by Flow id or Dataverse id; unknown ids left out. */
  getFlowIdentities(flowIds: string[]): Promise<FlowIdentity[]>;
  /** Flows matching the filter, by display name then id; `limit` rows from `offset`. */
  listFlowIdentities(filter: FlowIdentityFilter, limit: number, offset: number): Promise<FlowIdentity[]>;
  countFlowIdentities(filter: FlowIdentityFilter): Promise<number>;
  /** Every environment the inventory knows, by display name. */
  listEnvironments(): Promise<EnvironmentIdentity[]>;
  /** State changes seen in [from, to), oldest first. */
  listStateChanges(from: string, to: string): Promise<FlowStateChange[]>;
  /** People known by object id; ids not known are left out. */
  getOwners(objectIds: string[]): Promise<OwnerIdentity[]>;
}

/**
 * The write side of the flow inventory, for the inventory sync (src/sync/inventory/). Every
 * method is one transaction and idempotent, so a pass killed between two calls and resumed from
 * its saved InventoryPass ends where an uninterrupted pass would.
 */
export interface FlowIdentityWriter {
  /** Upserts environments as the BAP list gives them. */
  saveEnvironments(environments: EnvironmentIdentity[], now: string): Promise<void>;
  /**
   * Upserts flows from the admin list or a single-flow GET, marks them seen at `now` (a deleted
   * flow that is listed again is restored) and records a state change for each known flow whose
   * state differs from the stored one. A flow seen for the first time records a change only when
   * it is not on and its environment was read to the end before (so the first pass lists none).
   * Returns the changes recorded.
   */
  saveFlows(flows: FlowListing[], now: string): Promise<FlowStateChange[]>;
  /**
   * After a listing of `environmentId` was read to the end: every flow of it not seen since
   * `seenSince` (the pass's start) becomes a tombstone (deleted, keeping its last name, owner and
   * connectors) with a state change to 'deleted'. Also records the environment as fully read.
   * Returns how many flows it marked.
   */
  markUnseenDeleted(environmentId: string, seenSince: string, now: string): Promise<number>;
  /** Dataverse ids and current connectors (source 'dataverse'); rows for flows not stored are skipped. */
  saveWorkflowConnectors(rows: WorkflowConnectors[]): Promise<void>;
  /**
   * For stored flows among `flowIds` without Dataverse connectors: the connectors of the latest
   * event that carried any (InventoryStore's list), source 'last-edit', as of that event's time.
   */
  adoptLastEditConnectors(flowIds: string[]): Promise<void>;
  saveOwners(owners: OwnerIdentity[], now: string): Promise<void>;
  /** Creator object ids of stored flows that no owner row resolves yet, at most `limit`. */
  unresolvedCreators(limit: number): Promise<string[]>;
  /** The latest pass (finished or not), or null before the first. */
  getPass(): Promise<InventoryPass | null>;
  savePass(pass: InventoryPass): Promise<void>;
}
