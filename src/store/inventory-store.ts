import type { FlowInventoryEntry } from '../model/flow-event.ts';

/**
 * The flow inventory: what is known of each flow from its events (name, environment, creator,
 * connectors, last operation, deleted or not). Ingest keeps it up to date in the same transaction
 * as the events (inventory-rules.ts); this is its read side.
 */
export interface InventoryStore {
  /** The known flows among `flowIds`, in no particular order; ids not known are left out. */
  getFlows(flowIds: string[]): Promise<FlowInventoryEntry[]>;
}
