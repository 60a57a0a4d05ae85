import type { GroupCount, TimeRange } from '../model/event-query.ts';
import type { FlowInventoryEntry, StoredFlowEvent } from '../model/flow-event.ts';
import { missingCoverage } from './coverage.ts';
import { readFlowFacts, type FlowFacts } from './flow-facts.ts';
import { flowsById, type QueryStore } from './run.ts';

/** What the digest of one period reads, before it is shaped into sections (src/digest/). */
export interface DigestData {
  created: EventPage;
  /** Every EditFlow record (edits come in bursts: one save logs several, audit-apis.md §3.2). */
  edited: EventPage;
  deleted: EventPage;
  permissions: EventPage;
  trials: EventPage;
  /** Events of earlier periods stored in [lateSince, now); empty without a lateSince. */
  late: EventPage;
  countsByOperation: GroupCount[];
  previousCountsByOperation: GroupCount[];
  countsByActor: GroupCount[];
  /** Connectors named by creates and edits (only those records carry connectors). */
  countsByConnector: GroupCount[];
  missing: TimeRange[];
  /** The inventory entries of every flow the pages above name. */
  flows: Map<string, FlowInventoryEntry>;
  /** What the admin APIs' inventory knows of those flows (names, states) and of every environment. */
  facts: FlowFacts;
  /**
   * For the first `limit` edited flows (newest edit first): the connectors of the latest earlier
   * CreateFlow/EditFlow record that named any, before the flow's first edit in the period; null
   * when none is known.
   */
  connectorsBeforeEdits: Map<string, string[] | null>;
}

export interface EventPage {
  events: StoredFlowEvent[];
  total: number;
}

export interface DigestDataRequest {
  range: TimeRange;
  previous: TimeRange;
  now: Date;
  /** When the channel's previous digest was sent; null for none (then nothing counts as late). */
  lateSince: string | null;
  /** Items per section (permissions read twice as many, edits ten times as many). */
  limit: number;
  coverageSources: readonly string[];
  staleAfterMs: number;
}

const EPOCH = '1970-01-01T00:00:00.000Z';
const NONE: EventPage = { events: [], total: 0 };

/** Reads everything one digest shows, in one round of parallel reads plus the edited flows' history. */
export async function readDigestData(store: QueryStore, request: DigestDataRequest): Promise<DigestData> {
  const { range, limit, now } = request;
  const inPeriod = (operations: string[]) => ({ ...range, operations });
  const page = { limit, offset: 0 };
  const events = store.events;
  const [created, edited, deleted, permissions, trials, counts, previousCounts, actors, connectors, missing, late] =
    await Promise.all([
      events.findEvents(inPeriod(['CreateFlow']), page),
      events.findEvents(inPeriod(['EditFlow']), { limit: limit * 10, offset: 0 }),
      events.findEvents(inPeriod(['DeleteFlow']), page),
      events.findEvents(inPeriod(['PutPermissions', 'DeletePermissions']), { limit: limit * 2, offset: 0 }),
      events.findEvents(inPeriod(['StartAPaidTrial', 'RenewTrial']), page),
      events.countBy(range, 'operation'),
      events.countBy(request.previous, 'operation'),
      events.countBy(range, 'actor'),
      events.countBy(inPeriod(['CreateFlow', 'EditFlow']), 'connector'),
      missingCoverage(store.syncState, range, request.coverageSources, now, request.staleAfterMs),
      request.lateSince
        ? events.findEvents(
            { from: EPOCH, to: range.from, ingestedFrom: request.lateSince, ingestedTo: now.toISOString() },
            page,
          )
        : NONE,
    ]);
  const pages = [created, edited, deleted, permissions, late];
  const ids = pages.flatMap((p) => p.events.map((e) => e.flowId));
  const [flows, facts, connectorsBeforeEdits] = await Promise.all([
    flowsById(store, ids),
    readFlowFacts(store, ids),
    connectorsBefore(store, firstEditOfEachFlow(edited.events, limit)),
  ]);
  return {
    created,
    edited,
    deleted,
    permissions,
    trials,
    late,
    countsByOperation: counts,
    previousCountsByOperation: previousCounts,
    countsByActor: actors,
    countsByConnector: connectors,
    missing,
    flows,
    facts,
    connectorsBeforeEdits,
  };
}

/** Flow id → the time of its oldest edit in the list, for the first `limit` flows (list is newest first). */
function firstEditOfEachFlow(edits: StoredFlowEvent[], limit: number): Map<string, string> {
  const oldest = new Map<string, string>();
  const order: string[] = [];
  for (const e of edits) {
    if (!e.flowId) continue;
    if (!oldest.has(e.flowId)) order.push(e.flowId);
    oldest.set(e.flowId, e.occurredAt);
  }
  return new Map(order.slice(0, limit).map((id) => [id, oldest.get(id)!]));
}

export async function connectorsBefore(
  store: QueryStore,
  firstEdits: Map<string, string>,
): Promise<Map<string, string[] | null>> {
  const entries = await Promise.all(
    [...firstEdits].map(async ([flowId, before]) => {
      const { events } = await store.events.findEvents(
        { from: EPOCH, to: before, flowId, operations: ['CreateFlow', 'EditFlow'] },
        { limit: 20, offset: 0 },
      );
      return [flowId, events.find((e) => e.connectors.length > 0)?.connectors ?? null] as const;
    }),
  );
  return new Map(entries);
}
