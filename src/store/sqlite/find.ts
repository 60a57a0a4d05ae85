/**
 * findEvents and listEvents for the SQLite store, in two steps: the page's sequence numbers from
 * an index alone (only small tuples are sorted), then those rows by primary key. Sorting whole
 * rows, raw record included, to keep 25 of a few thousand was most of a list answer's cost.
 */
import type { ListedFlowEvent, StoredFlowEvent } from '../../model/flow-event.ts';
import { checkPage } from '../page-checks.ts';
import { filterOperations } from '../filter-rules.ts';
import { eventSelection, isTimeAndOperationsOnly, placeholders } from './filter.ts';
import { countOperationsInRange } from './operation-counts.ts';
import type { StatementCache } from './statements.ts';
import type { EventFilter, Page } from '../../model/event-query.ts';
import { toIso, toMillis } from '../time-ranges.ts';

/** Every column but `raw`, in the order rowToListed reads them (rows are read as arrays; `raw` follows when asked for). */
const LISTED_COLUMNS =
  'seq, id, operation, occurred_at, actor_upn, result_status, environment_id, flow_id, flow_name, details_url, connectors, sharing_permission, recipient_upn, license_name, initiated_by, tenant_id, client_ip, ingested_ms';

type Row = [
  number,
  string,
  string,
  string,
  string | null,
  string | null,
  string | null,
  string | null,
  string | null,
  string | null,
  string,
  number | null,
  string | null,
  string | null,
  string | null,
  string | null,
  string | null,
  number,
  string?,
];

function rowToListed(row: Row): ListedFlowEvent {
  return {
    id: row[1],
    operation: row[2],
    occurredAt: row[3],
    actorUpn: row[4],
    resultStatus: row[5],
    environmentId: row[6],
    flowId: row[7],
    flowName: row[8],
    detailsUrl: row[9],
    connectors: JSON.parse(row[10]) as string[],
    sharingPermission: row[11],
    recipientUpn: row[12],
    licenseName: row[13],
    initiatedBy: row[14] as StoredFlowEvent['initiatedBy'],
    tenantId: row[15],
    clientIp: row[16],
    ingestedAt: toIso(row[17]),
  };
}

export function findEventsSqlite(
  statements: StatementCache,
  filter: EventFilter,
  page: Page,
): { events: StoredFlowEvent[]; total: number } {
  checkPage(page);
  const total = countEvents(statements, filter);
  if (page.limit === 0 || page.offset >= total) return { events: [], total };
  const rows = readRows(statements, pageSeqs(statements, filter, page), true);
  return { events: rows.map(rowToEvent), total };
}

function rowToEvent(row: Row): StoredFlowEvent {
  return { ...rowToListed(row), raw: JSON.parse(row[18]!) as Record<string, unknown> };
}

export function listEventsSqlite(statements: StatementCache, filter: EventFilter, page: Page): ListedFlowEvent[] {
  checkPage(page);
  if (page.limit === 0) return [];
  return readRows(statements, pageSeqs(statements, filter, page), false).map(rowToListed);
}

function countEvents(statements: StatementCache, filter: EventFilter): number {
  if (isTimeAndOperationsOnly(filter)) {
    const counts = countOperationsInRange(
      statements,
      toMillis(filter.from, 'filter.from'),
      toMillis(filter.to, 'filter.to'),
      filterOperations(filter),
    );
    return [...counts.values()].reduce((a, b) => a + b, 0);
  }
  const counted = eventSelection(filter, false);
  return statements
    .get(`SELECT count(*) FROM ${counted.from} WHERE ${counted.where}`)
    .pluck()
    .get(...counted.params) as number;
}

/**
 * The page's sequence numbers, newest first (seq breaks ties between events of the same instant,
 * newest stored first). With operations as the only narrowing, each operation is read newest
 * first from its own part of the (operation, time) index, at most offset + limit entries each,
 * and the parts merged: a rare operation reads only its own entries and a common one stops after
 * the page, whatever the period.
 */
function pageSeqs(statements: StatementCache, filter: EventFilter, page: Page): number[] {
  const operations = filterOperations(filter);
  if (operations && isTimeAndOperationsOnly(filter)) {
    const part = `SELECT * FROM (SELECT seq, occurred_ms FROM events INDEXED BY events_by_operation
      WHERE operation = ? AND occurred_ms >= ? AND occurred_ms < ? ORDER BY occurred_ms DESC, seq DESC LIMIT ?)`;
    const from = toMillis(filter.from, 'filter.from');
    const to = toMillis(filter.to, 'filter.to');
    const params = operations.flatMap((operation) => [operation, from, to, page.offset + page.limit]);
    return statements
      .get(
        `SELECT seq FROM (${operations.map(() => part).join(' UNION ALL ')}) ORDER BY occurred_ms DESC, seq DESC LIMIT ? OFFSET ?`,
      )
      .pluck()
      .all(...params, page.limit, page.offset) as number[];
  }
  // Time alone walks the time index newest first; a connector filter reads the connector rows,
  // which carry the event's seq.
  const listed = eventSelection(filter, false, isTimeAndOperationsOnly(filter) ? 'events_by_time' : undefined);
  const seq = listed.hasEvents ? 'e.seq' : 'c.event_seq';
  return statements
    .get(`SELECT ${seq} FROM ${listed.from} WHERE ${listed.where} ORDER BY ${listed.newestFirst} LIMIT ? OFFSET ?`)
    .pluck()
    .all(...listed.params, page.limit, page.offset) as number[];
}

/** The rows of `seqs`, in that order. */
function readRows(statements: StatementCache, seqs: number[], withRaw: boolean): Row[] {
  if (seqs.length === 0) return [];
  const rows = statements
    .get(`SELECT ${LISTED_COLUMNS}${withRaw ? ', raw' : ''} FROM events WHERE seq IN (${placeholders(seqs.length)})`)
    .raw(true)
    .all(...seqs) as Row[];
  const bySeq = new Map(rows.map((row) => [row[0], row]));
  return seqs.map((seq) => bySeq.get(seq)!);
}
