/**
 * Questions about connections and data policies (issue 12): "connections shared this week",
 * "connections turned off by data policy this month", "data policy changes this month", "who
 * changed data policies". Pure apart from the store calls, like run.ts, with the same coverage
 * rule: the admin records come in the same Audit.General blobs as the flow records, so the sync's
 * coverage says whether an empty answer means "nothing happened".
 */
import type { GroupCount } from '../model/event-query.ts';
import {
  CONNECTION_ACTIONS,
  POLICY_ACTIONS,
  type GovernanceAction,
  type ListedGovernanceEvent,
} from '../model/governance-event.ts';
import type { GovernanceFilter } from '../store/governance-store.ts';
import type { Store } from '../store/store.ts';
import { readCoverage, type Coverage } from './coverage.ts';
import { environmentLabel } from './describe-flow.ts';
import { environmentOf, readFlowFacts, type FlowFacts } from './flow-facts.ts';
import { PAGE_SIZE } from './page-size.ts';
import { resolvePeriod } from './period.ts';
import type { PeriodSpec, ResolvedPeriod } from './query.ts';
import { DEFAULT_STALE_AFTER_MS, type RunContext } from './run.ts';
import { suspensionsByPolicyChange, type SuspendedFlow } from './suspension-causes.ts';

export const GOVERNANCE_TOPICS = [
  'connectionsShared',
  'connectionsTurnedOff',
  'connectionActivity',
  'policyChanges',
  'policyChangers',
] as const;
export type GovernanceTopic = (typeof GOVERNANCE_TOPICS)[number];

/** A question about connections or data policies, parsed. Pure data: what its Refresh button carries. */
export interface GovernanceQuery {
  topic: GovernanceTopic;
  period: PeriodSpec;
  /** IANA zone said in the question; wins over the asker's zone. */
  timeZone?: string;
}

/** The actions each topic lists. */
export const TOPIC_ACTIONS: Record<GovernanceTopic, readonly GovernanceAction[]> = {
  connectionsShared: ['connection-shared'],
  connectionsTurnedOff: ['connection-turned-off'],
  connectionActivity: CONNECTION_ACTIONS,
  policyChanges: POLICY_ACTIONS,
  policyChangers: POLICY_ACTIONS,
};

/** The answer's heading, and the question that reads back as the same query (corpus, Read as). */
export const TOPIC_TEXT: Record<GovernanceTopic, { title: string; question: string }> = {
  connectionsShared: { title: 'Connections shared', question: 'connections shared' },
  connectionsTurnedOff: {
    title: 'Connections turned off by a data policy',
    question: 'connections turned off by data policy',
  },
  connectionActivity: { title: 'Connection events', question: 'connection activity' },
  policyChanges: { title: 'Data policy changes', question: 'data policy changes' },
  policyChangers: { title: 'Who changed data policies', question: 'who changed data policies' },
};

export interface GovernanceResult {
  query: GovernanceQuery;
  period: ResolvedPeriod;
  understood: string;
  coverage: Coverage;
  events: { items: ListedGovernanceEvent[]; total: number; offset: number };
  /** policyChangers: changes per admin, most first ('' for none named). */
  actors?: GroupCount[];
  /** The listed events' environments the inventory knows, by id as given: "Sales (Production)". */
  environments: Record<string, string>;
  /** Policy topics: the flows the inventory saw suspended after a listed change, by its event id. */
  suspensions?: Record<string, SuspendedFlow[]>;
}

export type GovernanceQueryStore = Pick<Store, 'governance' | 'syncState' | 'flowIdentity'> &
  Partial<Pick<Store, 'backfill'>>;

export async function runGovernanceQuery(
  store: GovernanceQueryStore,
  query: GovernanceQuery,
  ctx: RunContext,
): Promise<GovernanceResult> {
  const period = resolvePeriod(query.period, query.timeZone ?? ctx.timeZone, ctx.now);
  const filter: GovernanceFilter = { from: period.from, to: period.to, actions: TOPIC_ACTIONS[query.topic] };
  const offset = Math.max(0, Math.trunc(ctx.offset ?? 0));
  const limit = Math.max(1, Math.trunc(ctx.limit ?? PAGE_SIZE));
  const policies = query.topic === 'policyChanges' || query.topic === 'policyChangers';
  const [coverage, page, actors, suspended, facts] = await Promise.all([
    readCoverage(store, period, ctx.now, ctx.staleAfterMs ?? DEFAULT_STALE_AFTER_MS),
    store.governance.listGovernanceEvents(filter, { limit, offset }),
    query.topic === 'policyChangers' ? store.governance.countGovernanceByActor(filter) : Promise.resolve(undefined),
    // Suspensions seen up to now: the inventory sees them after the change, possibly after the period.
    policies ? suspensionsByPolicyChange(store, { from: period.from, to: ctx.now.toISOString() }) : undefined,
    readFlowFacts(store, []),
  ]);
  const suspensions =
    suspended && page.events.some((e) => suspended.has(e.id))
      ? Object.fromEntries(page.events.filter((e) => suspended.has(e.id)).map((e) => [e.id, suspended.get(e.id)!]))
      : undefined;
  return {
    query,
    period,
    understood: TOPIC_TEXT[query.topic].title,
    coverage,
    events: { items: page.events, total: page.total, offset },
    environments: environmentLabels(
      facts,
      page.events.map((e) => e.environmentId),
    ),
    ...(actors ? { actors } : {}),
    ...(suspensions ? { suspensions } : {}),
  };
}

/**
 * Each environment id (as given) with its name as answers show it, for the ids the BAP list
 * knows: connection and policy records name an environment and no flow, so nothing else names it.
 */
export function environmentLabels(facts: FlowFacts, ids: Array<string | null>): Record<string, string> {
  const labels: Record<string, string> = {};
  for (const id of ids) {
    const env = environmentOf(facts, id);
    if (id && env) labels[id] = environmentLabel(env);
  }
  return labels;
}
