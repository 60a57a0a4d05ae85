/**
 * What alert and history cards say of a flow: its name, owner, environment and state from the
 * flow inventory (issue 11) where the inventory knows it, else what the stored events know (the
 * creator of its earliest CreateFlow, whether it was deleted). Audit records carry no name or
 * state (flow-inventory.md §1), so without the inventory a card honestly says "not known".
 */
import type { FlowFacts, FlowStateView } from '../model/alert-card-model.ts';
import type { FlowInventoryEntry } from '../model/flow-event.ts';
import type { EnvironmentIdentity, FlowIdentity } from '../model/flow-identity.ts';
import { flowsById, type QueryStore } from '../queries/run.ts';
import type { Store } from '../store/store.ts';

export type FactsStore = QueryStore & Pick<Store, 'flowIdentity'>;

/** The events' and the inventory's knowledge of some flows, read once for a card. */
export interface FlowLookup {
  entries: Map<string, FlowInventoryEntry>;
  /** By lower-cased Flow id. */
  identities: Map<string, FlowIdentity>;
  environments: Map<string, EnvironmentIdentity>;
}

export async function lookUpFlows(store: FactsStore, ids: Array<string | null>): Promise<FlowLookup> {
  const known = [...new Set(ids.filter((id): id is string => Boolean(id)))];
  const [entries, identities, environments] = await Promise.all([
    flowsById(store, known),
    known.length > 0 ? store.flowIdentity.getFlowIdentities(known) : Promise.resolve([]),
    known.length > 0 ? store.flowIdentity.listEnvironments() : Promise.resolve([]),
  ]);
  return {
    entries,
    identities: new Map(identities.map((f) => [f.flowId.toLowerCase(), f])),
    environments: new Map(environments.map((e) => [e.environmentId.toLowerCase(), e])),
  };
}

function stateOf(identity: FlowIdentity | undefined, entry: FlowInventoryEntry | undefined): FlowStateView {
  if (identity)
    return {
      state: identity.deleted ? 'deleted' : identity.state,
      suspensionReason: !identity.deleted && identity.state === 'suspended' ? identity.suspensionReason : null,
      source: 'inventory',
    };
  return { state: entry?.deleted ? 'deleted' : 'unknown', suspensionReason: null, source: 'events' };
}

/** `known`: what the event itself says (its environment and, in imported or test data, a name). */
export function factsOf(
  lookup: FlowLookup,
  flowId: string | null,
  known: { environmentId: string | null; flowName: string | null } = { environmentId: null, flowName: null },
): FlowFacts {
  const entry = flowId ? lookup.entries.get(flowId) : undefined;
  const identity = flowId ? lookup.identities.get(flowId.toLowerCase()) : undefined;
  const environmentId = identity?.environmentId ?? known.environmentId ?? entry?.environmentId ?? null;
  const environment =
    identity?.environment ?? (environmentId ? lookup.environments.get(environmentId.toLowerCase()) : undefined);
  const owner = identity?.owner;
  return {
    flowName: identity?.displayName || known.flowName || entry?.flowName || null,
    owner: owner?.upn ?? owner?.displayName ?? entry?.creatorUpn ?? null,
    ownerGone: owner?.gone ?? false,
    environmentId,
    environmentName: environment?.displayName ?? null,
    state: stateOf(identity, entry),
  };
}
