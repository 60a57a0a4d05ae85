/**
 * Rows of the flows table (the inventory) as both stores read them: the same snake_case columns,
 * with connectors and deleted in the store's own types (PostgreSQL text[] and boolean, SQLite
 * JSON text and 0 or 1).
 */
import type { FlowInventoryEntry } from '../model/flow-event.ts';
import type { InventoryState } from './inventory-rules.ts';

export interface FlowEntryRow {
  flow_id: string;
  environment_id: string | null;
  flow_name: string | null;
  creator_upn: string | null;
  created_at: string | null;
  connectors: string[] | string;
  last_operation: string;
  last_event_at: string;
  deleted: boolean | number;
  details_url: string | null;
}

/** The columns of a FlowEntryRow: `seen`, the inventory's own bookkeeping, is left out (parsing it was a third of getFlows). */
export const FLOW_ENTRY_COLUMNS =
  'flow_id, environment_id, flow_name, creator_upn, created_at, connectors, last_operation, last_event_at, deleted, details_url';

/** With the inventory's own bookkeeping, which only ingest reads. */
export interface FlowStateRow extends FlowEntryRow {
  seen: string;
}

/** One object literal with every member (flowRowToState adds `seen` to it in place). */
export function flowRowToEntry(row: FlowEntryRow): FlowInventoryEntry {
  return {
    flowId: row.flow_id,
    environmentId: row.environment_id,
    flowName: row.flow_name,
    creatorUpn: row.creator_upn,
    createdAt: row.created_at,
    connectors: typeof row.connectors === 'string' ? (JSON.parse(row.connectors) as string[]) : row.connectors,
    lastOperation: row.last_operation,
    lastEventAt: row.last_event_at,
    deleted: row.deleted === true || row.deleted === 1,
    detailsUrl: row.details_url,
  };
}

export function flowRowToState(row: FlowStateRow): InventoryState {
  return { ...flowRowToEntry(row), seen: JSON.parse(row.seen) as InventoryState['seen'] };
}
