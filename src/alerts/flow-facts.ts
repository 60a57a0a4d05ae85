/**
 * What alert and history cards say of a flow, as every answer says it (src/queries/describe-flow.ts):
 * name, owner, state and environment from the flow inventory (issue 11), and where it knows
 * nothing, the stored events' creator and environment with the reason.
 */
import type { FlowFacts } from '../model/alert-card-model.ts';
import type { FlowInventoryEntry } from '../model/flow-event.ts';
import type { InventoryState } from '../model/flow-identity.ts';
import { describeFlow } from '../queries/describe-flow.ts';
import { environmentOf, flowOf, readFlowFacts, type FlowFacts as InventoryFacts } from '../queries/flow-facts.ts';
import { flowsById, type QueryStore } from '../queries/run.ts';
import type { Store } from '../store/store.ts';

export type FactsStore = QueryStore & Pick<Store, 'flowIdentity'>;

/** The events' and the inventory's knowledge of some flows, read once for a card. */
export interface FlowLookup {
  entries: Map<string, FlowInventoryEntry>;
  inventory: InventoryFacts;
  state: InventoryState;
}

export async function lookUpFlows(
  store: FactsStore,
  ids: Array<string | null>,
  state: InventoryState,
): Promise<FlowLookup> {
  const [entries, inventory] = await Promise.all([flowsById(store, ids), readFlowFacts(store, ids)]);
  return { entries, inventory, state };
}

/** `known`: what the event itself says (its environment and, in imported or test data, a name). */
export function factsOf(
  lookup: FlowLookup,
  flowId: string | null,
  known: { environmentId: string | null; flowName: string | null },
): FlowFacts {
  const entry = flowId ? lookup.entries.get(flowId) : undefined;
  const environmentId = known.environmentId ?? entry?.environmentId ?? null;
  const d = describeFlow(
    {
      flowId,
      environmentId,
      recordName: known.flowName ?? entry?.flowName ?? null,
      creatorUpn: entry?.creatorUpn ?? null,
      deletedByEvents: entry?.deleted ?? false,
    },
    flowOf(lookup.inventory, flowId),
    environmentOf(lookup.inventory, environmentId),
    lookup.state,
  );
  return {
    flowName: d.name,
    owner: d.owner,
    environmentId,
    environment: d.environment,
    stateText: d.stateText,
    stateTone: d.tone,
    unknownBecause: d.unnamedBecause,
  };
}
