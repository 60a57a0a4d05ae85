import type {
  EnvironmentIdentity,
  FlowIdentity,
  FlowRunState,
  FlowStateChange,
  OwnerIdentity,
} from '../model/flow-identity.ts';

/** Which flows an estate question asks about ("suspended flows", "flows using HTTP", …). */
export interface FlowIdentityFilter {
  /** Any of these connector names (exact, case-insensitive), from the current connector list. */
  connectors?: string[];
  states?: FlowRunState[];
  ownerUpn?: string;
  environmentIds?: string[];
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
