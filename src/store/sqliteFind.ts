/** findEvents for the SQLite store: the total, then one page newest first. */
import type { StoredFlowEvent } from '../model/flowEvent.ts';
import { eventSelection, filterOperations, isTimeAndOperationsOnly } from './sqliteFilter.ts';
import { countOperationsInRange } from './sqliteOperationCounts.ts';
import type { StatementCache } from './sqliteStatements.ts';
import type { EventFilter, Page } from './store.ts';
import { toIso, toMillis } from './timeRanges.ts';

interface EventRow {
  id: string;
  operation: string;
  occurred_at: string;
  actor_upn: string | null;
  result_status: string | null;
  environment_id: string | null;
  flow_id: string | null;
  flow_name: string | null;
  details_url: string | null;
  connectors: string;
  sharing_permission: number | null;
  recipient_upn: string | null;
  license_name: string | null;
  initiated_by: string | null;
  tenant_id: string | null;
  client_ip: string | null;
  raw: string;
  ingested_ms: number;
}

function rowToEvent(row: EventRow): StoredFlowEvent {
  return {
    id: row.id,
    operation: row.operation,
    occurredAt: row.occurred_at,
    actorUpn: row.actor_upn,
    resultStatus: row.result_status,
    environmentId: row.environment_id,
    flowId: row.flow_id,
    flowName: row.flow_name,
    detailsUrl: row.details_url,
    connectors: JSON.parse(row.connectors) as string[],
    sharingPermission: row.sharing_permission,
    recipientUpn: row.recipient_upn,
    licenseName: row.license_name,
    initiatedBy: row.initiated_by as StoredFlowEvent['initiatedBy'],
    tenantId: row.tenant_id,
    clientIp: row.client_ip,
    raw: JSON.parse(row.raw) as Record<string, unknown>,
    ingestedAt: toIso(row.ingested_ms),
  };
}

function checkPage(page: Page): void {
  if (!Number.isInteger(page.limit) || page.limit < 0) throw new RangeError(`page limit ${page.limit} is not a whole number >= 0`);
  if (!Number.isInteger(page.offset) || page.offset < 0) throw new RangeError(`page offset ${page.offset} is not a whole number >= 0`);
}

/** Up to this many matches are read through the operation index and sorted; more are found faster walking time backwards. */
const SORT_AT_MOST = 5000;

export function findEventsSqlite(statements: StatementCache, filter: EventFilter, page: Page): { events: StoredFlowEvent[]; total: number } {
  checkPage(page);
  const operations = filterOperations(filter);
  const timeAndOperationsOnly = isTimeAndOperationsOnly(filter);
  let total: number;
  if (timeAndOperationsOnly) {
    const counts = countOperationsInRange(statements, toMillis(filter.from, 'filter.from'), toMillis(filter.to, 'filter.to'), operations);
    total = [...counts.values()].reduce((a, b) => a + b, 0);
  } else {
    const counted = eventSelection(filter, false);
    total = statements.get(`SELECT count(*) FROM ${counted.from} WHERE ${counted.where}`).pluck().get(...counted.params) as number;
  }
  if (page.limit === 0 || page.offset >= total) return { events: [], total };
  // Rare operations ("trials this month"): read just those and sort them. Common ones: walk the
  // time index newest first and stop after the page, which a planner without statistics may not do.
  const index = timeAndOperationsOnly ? (operations && total <= SORT_AT_MOST ? 'events_by_operation' : 'events_by_time') : undefined;
  const listed = eventSelection(filter, true, index);
  // seq breaks ties between events of the same instant, newest stored first.
  const rows = statements
    .get(`SELECT e.* FROM ${listed.from} WHERE ${listed.where} ORDER BY ${listed.newestFirst} LIMIT ? OFFSET ?`)
    .all(...listed.params, page.limit, page.offset) as EventRow[];
  return { events: rows.map(rowToEvent), total };
}
