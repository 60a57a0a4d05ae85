/** getFlows for the SQLite store: inventory entries by flow id. */
import type { FlowInventoryEntry } from '../../model/flow-event.ts';
import { FLOW_ENTRY_COLUMNS, flowRowToEntry, type FlowEntryRow } from '../flow-rows.ts';
import { placeholders } from './filter.ts';
import { chunks, type StatementCache } from './statements.ts';

export function getFlowsSqlite(statements: StatementCache, flowIds: string[]): FlowInventoryEntry[] {
  const out: FlowInventoryEntry[] = [];
  for (const ids of chunks([...new Set(flowIds)])) {
    const rows = statements
      .get(`SELECT ${FLOW_ENTRY_COLUMNS} FROM flows WHERE flow_id IN (${placeholders(ids.length)})`)
      .all(...ids) as FlowEntryRow[];
    for (const row of rows) out.push(flowRowToEntry(row));
  }
  return out;
}
