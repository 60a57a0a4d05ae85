/** getFlows for the SQLite store: inventory entries by flow id. */
import type { FlowInventoryEntry } from '../model/flowEvent.ts';
import { flowRowToEntry, type FlowEntryRow } from './flowRows.ts';
import { placeholders } from './sqliteFilter.ts';
import { chunks, type StatementCache } from './sqliteStatements.ts';

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
