/** getFlows for the SQLite store: inventory entries by flow id. */
import type { FlowInventoryEntry } from '../model/flowEvent.ts';
import { placeholders } from './sqliteFilter.ts';
import { chunks, type StatementCache } from './sqliteStatements.ts';

/** A flows row as SQLite returns it: connectors as JSON text, deleted as 0 or 1. */
export interface FlowEntryRow {
  flow_id: string;
  environment_id: string | null;
  flow_name: string | null;
  creator_upn: string | null;
  created_at: string | null;
  connectors: string;
  last_operation: string;
  last_event_at: string;
  deleted: number;
  details_url: string | null;
}

/** One object literal with every member: see sqliteIngest.ts's flowRowToState, which adds `seen` to it. */
export function flowRowToEntry(row: FlowEntryRow): FlowInventoryEntry {
  return {
    flowId: row.flow_id,
    environmentId: row.environment_id,
    flowName: row.flow_name,
    creatorUpn: row.creator_upn,
    createdAt: row.created_at,
    connectors: JSON.parse(row.connectors) as string[],
    lastOperation: row.last_operation,
    lastEventAt: row.last_event_at,
    deleted: row.deleted === 1,
    detailsUrl: row.details_url,
  };
}

export function getFlowsSqlite(statements: StatementCache, flowIds: string[]): FlowInventoryEntry[] {
  const out: FlowInventoryEntry[] = [];
  for (const ids of chunks([...new Set(flowIds)])) {
    // The entry's columns only: `seen` is the inventory's own bookkeeping, and parsing it was a
    // third of this read, which every list answer makes.
    const rows = statements
      .get(
        `SELECT flow_id, environment_id, flow_name, creator_upn, created_at, connectors, last_operation, last_event_at, deleted, details_url
         FROM flows WHERE flow_id IN (${placeholders(ids.length)})`,
      )
      .all(...ids) as FlowEntryRow[];
    for (const row of rows) out.push(flowRowToEntry(row));
  }
  return out;
}
