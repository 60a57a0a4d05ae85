/**
 * What the digest says about flows turned off or suspended (issue 11): the inventory's state
 * changes seen since the channel's previous digest (or in the period, without one), one item per
 * flow, its latest such change, newest first. The admin APIs never say when a state changed, only
 * what it is now, so each item carries when the inventory saw it (FlowStateChange.seenAt). A
 * suspension names the data-policy change it follows where the log shows one (suspension-causes.ts).
 */
import type { TimeRange } from '../model/event-query.ts';
import type { FlowStateChange } from '../model/flow-identity.ts';
import type { Section, StateChangeItem } from '../model/digest-model.ts';
import type { Store } from '../store/store.ts';
import { describeFlow, describeSuspension } from './describe-flow.ts';
import { environmentOf, flowOf, readFlowFacts } from './flow-facts.ts';
import { causeOf, SUSPENSION_LOOKBACK_MS } from './suspension-causes.ts';

export type StateChangeStore = Pick<Store, 'flowIdentity'> & Partial<Pick<Store, 'governance'>>;

const NEWS: ReadonlySet<FlowStateChange['to']> = new Set(['off', 'suspended']);
/** Data-policy changes read to link suspensions to (as suspensionsByPolicyChange does). */
const MAX_POLICY_CHANGES = 1000;

export async function readStateChangesDigest(
  store: StateChangeStore,
  range: TimeRange,
  limit: number,
): Promise<Section<StateChangeItem>> {
  const latest = new Map<string, FlowStateChange>();
  for (const change of await store.flowIdentity.listStateChanges(range.from, range.to))
    if (NEWS.has(change.to)) latest.set(change.flowId, change); // oldest first: the last one wins
  const changes = [...latest.values()].reverse();
  const shown = changes.slice(0, limit);
  const [facts, policyChanges] = await Promise.all([
    readFlowFacts(
      store,
      shown.map((c) => c.flowId),
    ),
    shown.some((c) => c.to === 'suspended') && store.governance
      ? store.governance
          .listGovernanceEvents(
            {
              from: new Date(Date.parse(range.from) - SUSPENSION_LOOKBACK_MS).toISOString(),
              to: range.to,
              actions: ['policy-created', 'policy-updated'],
            },
            { limit: MAX_POLICY_CHANGES, offset: 0 },
          )
          .then((r) => r.events)
      : [],
  ]);
  const items = shown.map((change): StateChangeItem => {
    const flow = flowOf(facts, change.flowId);
    const environmentId = flow?.environmentId ?? null;
    const clues = { flowId: change.flowId, environmentId, recordName: null, creatorUpn: null };
    const about = describeFlow(clues, flow, environmentOf(facts, environmentId), 'ok');
    const cause = change.to === 'suspended' ? causeOf(policyChanges, change.seenAt, environmentId) : null;
    return {
      flowId: change.flowId,
      environmentId,
      flowName: about.name,
      link: null, // the digest builder links it (cards/safe-link.ts)
      stateText: about.stateText,
      stateTone: about.tone,
      from: change.from,
      to: change.to as StateChangeItem['to'],
      changeText: change.to === 'off' ? 'Turned off' : `Suspended: ${describeSuspension(change.suspensionReason)}`,
      seenAt: change.seenAt,
      owner: about.owner,
      environment: about.environment,
      cause: cause
        ? { occurredAt: cause.occurredAt, actorUpn: cause.actorUpn, policyName: cause.resourceName ?? cause.resourceId }
        : null,
    };
  });
  return { total: changes.length, items };
}
