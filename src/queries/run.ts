import type { FlowInventoryEntry, ListedFlowEvent } from '../model/flow-event.ts';
import type { InventoryState } from '../model/flow-identity.ts';
import { describeFlow, environmentLabel, type FlowDescription } from './describe-flow.ts';
import { environmentOf, flowOf, readFlowFacts, type FlowFacts } from './flow-facts.ts';
import type { EventFilter, GroupCount } from '../model/event-query.ts';
import type { Store } from '../store/store.ts';
import { SYNC_COVERAGE_SOURCE } from '../model/coverage-source.ts';
import { readActivity } from './activity.ts';
import { readCoverage } from './coverage.ts';
import { matchEnvironments } from './match-environments.ts';
import { connectorNamesFor } from './connectors.ts';
import { describeQuery } from './describe.ts';
import { PAGE_SIZE } from './page-size.ts';
import { resolvePeriod } from './period.ts';
import type { EventWithFlow, FlowQuery, MakerGroup, QueryResult, ResolvedPeriod } from './query.ts';

/** The sync source whose coverage tells whether an empty answer means "nothing happened". */
export const COVERAGE_SOURCE = SYNC_COVERAGE_SOURCE;
export { COVERAGE_SOURCES } from './coverage.ts';
/** Makers per page and flows shown per maker. */
export const MAKERS_PER_PAGE = 10;
export const FLOWS_PER_MAKER = 5;
/**
 * How long after the last synced instant the time since still counts as "not synced yet" rather
 * than missing: three sync intervals at the default SYNC_INTERVAL_MINUTES of 5.
 */
export const DEFAULT_STALE_AFTER_MS = 15 * 60_000;

/** What answering reads: the events, the flows they name, and the sync's coverage. */
export type QueryStore = Pick<Store, 'events' | 'inventory' | 'syncState' | 'flowIdentity'> &
  Partial<Pick<Store, 'backfill'>>;

export interface RunContext {
  now: Date;
  /** The asker's zone; a zone named in the question wins. */
  timeZone: string;
  offset?: number;
  limit?: number;
  /** See DEFAULT_STALE_AFTER_MS; pass about 3 × the sync interval when it is not the default. */
  staleAfterMs?: number;
  /** How this replica's inventory sync stands (InventorySync.status()); 'ok' when not said. */
  inventory?: InventoryState;
}

/**
 * Answers a query from the store. Pure apart from the store calls. `counts` (events per
 * operation) is filled for every shape, so any answer can say how many events it covers.
 * Coverage is judged for [from, min(to, now)) by the sync's rule (src/sync/coverage.ts): the
 * stretch after the last sync counts as missing only once that sync is older than staleAfterMs.
 */
export async function runQuery(store: QueryStore, query: FlowQuery, ctx: RunContext): Promise<QueryResult> {
  const period = resolvePeriod(query.period, query.timeZone ?? ctx.timeZone, ctx.now);
  const filter = eventFilter(query, period, query.environment ? await environmentIdOf(store, query.environment) : null);
  const inventory = ctx.inventory ?? 'ok';
  const offset = Math.max(0, Math.trunc(ctx.offset ?? 0));
  const limit = Math.max(1, Math.trunc(ctx.limit ?? PAGE_SIZE));
  const countsRead = store.events.countBy(filter, 'operation');
  const [coverage, counts, rows] = await Promise.all([
    readCoverage(store, period, ctx.now, ctx.staleAfterMs ?? DEFAULT_STALE_AFTER_MS),
    countsRead,
    fetchRows(store, query, filter, { offset, limit, zone: period.timeZone, inventory }, countsRead).then((r) =>
      endRankingAt(r, query.top),
    ),
  ]);
  return {
    query,
    period,
    understood: describeQuery(query),
    coverage,
    counts,
    ...rows,
    inventory,
  };
}

/**
 * The id of the environment an admin named ("in environment Sales"): records carry only ids, so a
 * name the inventory lists is read as its id; anything else is taken as an id. Two environments
 * with one name: the first listed (ids tell them apart).
 */
async function environmentIdOf(store: QueryStore, said: string): Promise<string> {
  return matchEnvironments(await store.flowIdentity.listEnvironments(), said)[0] ?? said;
}

function eventFilter(query: FlowQuery, period: ResolvedPeriod, environmentId: string | null): EventFilter {
  const filter: EventFilter = { from: period.from, to: period.to };
  if (query.operations.length > 0) filter.operations = query.operations;
  if (query.maker) filter.actorUpn = query.maker.toLowerCase();
  if (query.connector) filter.connectors = connectorNamesFor(query.connector);
  if (environmentId) filter.environmentId = environmentId;
  return filter;
}

type Rows = Pick<QueryResult, 'events' | 'makers' | 'connectors' | 'environments' | 'activity'>;

async function fetchRows(
  store: QueryStore,
  query: FlowQuery,
  filter: EventFilter,
  { offset, limit, zone, inventory }: { offset: number; limit: number; zone: string; inventory: InventoryState },
  counts: Promise<GroupCount[]>,
): Promise<Rows> {
  switch (query.shape) {
    case 'count':
      // Counts get a chart of the same events per hour, day or week (the card's Chart.VerticalBar).
      return { activity: await readActivity(store, filter, zone) };
    case 'list':
      return { events: await listEvents(store, filter, { offset, limit, inventory }, counts) };
    case 'byMaker':
      return { makers: await groupByMaker(store, filter, offset, Math.min(limit, MAKERS_PER_PAGE), inventory) };
    case 'byConnector': {
      const all = await store.events.countBy(filter, 'connector');
      return { connectors: { items: all.slice(offset, offset + limit), total: all.length, offset } };
    }
    case 'byEnvironment': {
      const [all, facts] = await Promise.all([store.events.countBy(filter, 'environment'), readFlowFacts(store, [])]);
      const items = all.slice(offset, offset + limit).map((c) => {
        const env = environmentOf(facts, c.key || null);
        return { ...c, label: env ? environmentLabel(env) : null };
      });
      return { environments: { items, total: all.length, offset } };
    }
  }
}

/** "top 5 makers": the ranking ends at its fifth row, whatever the page size or offset. */
function endRankingAt(rows: Rows, top: number | undefined): Rows {
  if (top === undefined) return rows;
  const cut = <T>(page: { items: T[]; total: number; offset: number }) => ({
    items: page.items.slice(0, Math.max(0, top - page.offset)),
    total: Math.min(page.total, top),
    offset: page.offset,
  });
  return {
    ...rows,
    ...(rows.makers ? { makers: cut(rows.makers) } : {}),
    ...(rows.connectors ? { connectors: cut(rows.connectors) } : {}),
    ...(rows.environments ? { environments: cut(rows.environments) } : {}),
  };
}

/** The total is the sum of the per-operation counts (every event has one operation), so the page alone is read. */
async function listEvents(
  store: QueryStore,
  filter: EventFilter,
  { offset, limit, inventory }: { offset: number; limit: number; inventory: InventoryState },
  counts: Promise<GroupCount[]>,
): Promise<NonNullable<QueryResult['events']>> {
  const [events, total] = await Promise.all([
    store.events.listEvents(filter, { limit, offset }),
    counts.then((c) => c.reduce((n, g) => n + g.count, 0)),
  ]);
  const ids = events.map((e) => e.flowId);
  const [flows, facts] = await Promise.all([flowsById(store, ids), readFlowFacts(store, ids)]);
  // A new object per event: what the store returned stays as it was.
  const items: EventWithFlow[] = events.map((e) => {
    const flow = (e.flowId && flows.get(e.flowId)) || null;
    return { ...e, flow, identity: describeEventFlow(e, flow, facts, inventory) };
  });
  return { items, total, offset };
}

/** The event's flow as answers show it, from the inventory's facts and what the events say. */
export function describeEventFlow(
  event: Pick<ListedFlowEvent, 'flowId' | 'environmentId' | 'flowName'>,
  flow: FlowInventoryEntry | null,
  facts: FlowFacts,
  inventory: InventoryState,
): FlowDescription {
  const environmentId = event.environmentId ?? flow?.environmentId ?? null;
  const clues = {
    flowId: event.flowId,
    environmentId,
    recordName: event.flowName ?? flow?.flowName ?? null,
    creatorUpn: flow?.creatorUpn ?? null,
    deletedByEvents: flow?.deleted ?? false,
  };
  // The store says whether a pass ever ran (a replica that does not sync never runs one itself).
  const ran = facts.environments.size > 0;
  const state = ran && inventory === 'never' ? 'ok' : !ran && inventory === 'ok' ? 'never' : inventory;
  return describeFlow(clues, flowOf(facts, event.flowId), environmentOf(facts, environmentId), state);
}

async function groupByMaker(
  store: QueryStore,
  filter: EventFilter,
  offset: number,
  limit: number,
  inventory: InventoryState,
): Promise<NonNullable<QueryResult['makers']>> {
  const makers = await store.events.countBy(filter, 'actor');
  const page = makers.slice(offset, offset + limit);
  const topFlows = (
    await store.events.countFlowsByActor(
      filter,
      page.map((m) => m.key),
      FLOWS_PER_MAKER,
    )
  ).map((a) => a.flows);
  const ids = topFlows.flat().map((c) => c.key);
  const [seen, facts] = await Promise.all([flowsById(store, ids), readFlowFacts(store, ids)]);
  const items: MakerGroup[] = page.map((maker, i) => ({
    maker: maker.key,
    count: maker.count,
    flows: topFlows[i].map((c) => flowSummary(c, seen.get(c.key) ?? null, facts, inventory)),
  }));
  return { items, total: makers.length, offset };
}

function flowSummary(
  count: GroupCount,
  entry: FlowInventoryEntry | null,
  facts: FlowFacts,
  inventory: InventoryState,
): MakerGroup['flows'][number] {
  const about = describeEventFlow({ flowId: count.key, environmentId: null, flowName: null }, entry, facts, inventory);
  return {
    flowId: count.key,
    flowName: about.name,
    environmentId: entry?.environmentId ?? null,
    detailsUrl: entry?.detailsUrl ?? null,
    count: count.count,
    stateText: about.stateText,
    environment: about.environment,
  };
}

/** The inventory entries of the flows named, by id (ids repeated or null are fine). */
export async function flowsById(
  store: QueryStore,
  ids: Array<string | null>,
): Promise<Map<string, FlowInventoryEntry>> {
  const unique = [...new Set(ids.filter((id): id is string => Boolean(id)))];
  if (unique.length === 0) return new Map();
  const entries = await store.inventory.getFlows(unique);
  return new Map(entries.map((e) => [e.flowId, e]));
}
