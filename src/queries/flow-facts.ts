import type { EnvironmentIdentity, FlowIdentity } from '../model/flow-identity.ts';
import type { Store } from '../store/store.ts';

/** What the admin APIs' inventory (issue 11) knows of the flows and environments some events name. */
export interface FlowFacts {
  /** By Flow id and by Dataverse id: a solution-aware flow's records may carry either (flow-inventory.md §3). */
  flows: Map<string, FlowIdentity>;
  /** Every environment of the BAP list, by id (lower-cased: FlowDetailsUrl's case is not the list's). */
  environments: Map<string, EnvironmentIdentity>;
}

export const NO_FACTS: FlowFacts = { flows: new Map(), environments: new Map() };

/** One read of the flows named (ids repeated or null are fine) and one of the environments. */
export async function readFlowFacts(
  store: Pick<Store, 'flowIdentity'>,
  flowIds: Array<string | null>,
): Promise<FlowFacts> {
  const unique = [...new Set(flowIds.filter((id): id is string => Boolean(id)))];
  const [flows, environments] = await Promise.all([
    unique.length > 0 ? store.flowIdentity.getFlowIdentities(unique) : [],
    store.flowIdentity.listEnvironments(),
  ]);
  const byId = new Map<string, FlowIdentity>();
  for (const flow of flows) {
    byId.set(flow.flowId.toLowerCase(), flow);
    if (flow.dataverseId) byId.set(flow.dataverseId.toLowerCase(), flow);
  }
  return { flows: byId, environments: new Map(environments.map((e) => [e.environmentId.toLowerCase(), e])) };
}

export function flowOf(facts: FlowFacts, flowId: string | null): FlowIdentity | null {
  return (flowId && facts.flows.get(flowId.toLowerCase())) || null;
}

export function environmentOf(facts: FlowFacts, environmentId: string | null): EnvironmentIdentity | null {
  return (environmentId && facts.environments.get(environmentId.toLowerCase())) || null;
}
