/** getFlows for the SQLite store: inventory entries by flow id. */
import type { FlowInventoryEntry } from '../model/flowEvent.ts';
import { placeholders } from './sqliteFilter.ts';
import { chunks, type StatementCache } from './sqliteStatements.ts';

export function getFlowsSqlite(statements: StatementCache, flowIds: string[]): FlowInventoryEntry[] {
  const out: FlowInventoryEntry[] = [];
  for (const ids of chunks([...new Set(flowIds)])) {
    // The entry's columns only: `seen` is the inventory's own bookkeeping, and parsing it was a
    // third of this read, which every list answer makes.
    const rows = statements
      .get(
        `SELECT flow_id AS flowId, environment_id AS environmentId, flow_name AS flowName, creator_upn AS creatorUpn,
           created_at AS createdAt, connectors, last_operation AS lastOperation, last_event_at AS lastEventAt, deleted,
           details_url AS detailsUrl
         FROM flows WHERE flow_id IN (${placeholders(ids.length)})`,
      )
      .all(...ids) as Array<Omit<FlowInventoryEntry, 'connectors' | 'deleted'> & { connectors: string; deleted: number }>;
    for (const row of rows) {
      // Spelled out rather than `{ ...row, connectors, deleted }`: members added to a spread copy give each entry a hidden class of its own in V8.
      out.push({
        flowId: row.flowId,
        environmentId: row.environmentId,
        flowName: row.flowName,
        creatorUpn: row.creatorUpn,
        createdAt: row.createdAt,
        connectors: JSON.parse(row.connectors) as string[],
        lastOperation: row.lastOperation,
        lastEventAt: row.lastEventAt,
        deleted: row.deleted === 1,
        detailsUrl: row.detailsUrl,
      });
    }
  }
  return out;
}
