/**
 * Answers questions about the flows as they are now (issue 11: "which flows use HTTP",
 * "suspended flows", "flows owned by …", "flows in environment Sales") from the flow inventory
 * the admin APIs fill; events play no part, so there is no period and no coverage.
 */
import { matchEnvironments } from './match-environments.ts';
import type { FlowIdentity, InventoryState } from '../model/flow-identity.ts';
import type { Store } from '../store/store.ts';
import type { FlowIdentityFilter } from '../store/flow-identity-store.ts';
import { connectorNamesFor } from './connectors.ts';
import { describeFlow, type FlowDescription } from './describe-flow.ts';
import { joinWords } from './operation-groups.ts';
import { PAGE_SIZE } from './page-size.ts';
import type { EstateQuery } from './query.ts';

export type EstateStore = Pick<Store, 'flowIdentity'>;

/** One flow of an estate answer: how answers show it, with its current connectors and since when. */
export interface EstateFlow extends FlowDescription {
  connectors: string[];
  /** 'dataverse': the flow's definition now; 'last-edit': the last create or edit record's list. */
  connectorSource: FlowIdentity['connectorSource'];
  connectorsAsOf: string | null;
  /** For the maker portal link (cards/safe-link.ts builds it from the ids). */
  environmentId: string;
}

export interface EstateResult {
  query: EstateQuery;
  /** "Flows using HTTP, HTTP with Microsoft Entra ID or HTTP Webhook, suspended". */
  understood: string;
  total: number;
  offset: number;
  /** Empty for a count. */
  flows: EstateFlow[];
  inventory: InventoryState;
  /** When the inventory was last read whole (its last finished pass); null before the first. */
  asOf: string | null;
  /** The environment named is not one the inventory knows: nothing is listed, and the card says so. */
  unknownEnvironment: string | null;
}

export async function runEstate(
  store: EstateStore,
  query: EstateQuery,
  ctx: { offset?: number; limit?: number; inventory?: InventoryState },
): Promise<EstateResult> {
  const offset = Math.max(0, Math.trunc(ctx.offset ?? 0));
  const limit = Math.max(1, Math.trunc(ctx.limit ?? PAGE_SIZE));
  const [environments, pass] = await Promise.all([store.flowIdentity.listEnvironments(), store.flowIdentity.getPass()]);
  const inventory = ctx.inventory === 'never' && environments.length > 0 ? 'ok' : (ctx.inventory ?? 'ok');
  const base = {
    query,
    understood: describeEstate(query),
    offset,
    inventory: environments.length === 0 && inventory === 'ok' ? ('never' as const) : inventory,
    asOf: pass?.finishedAt ?? null,
  };
  const environmentIds = query.environment ? matchEnvironments(environments, query.environment) : undefined;
  if (environmentIds?.length === 0)
    return { ...base, total: 0, flows: [], unknownEnvironment: query.environment ?? null };
  const filter: FlowIdentityFilter = {
    ...(query.connector ? { connectors: connectorNamesFor(query.connector) } : {}),
    ...(query.states ? { states: query.states } : {}),
    ...(query.owner ? { ownerUpn: query.owner } : {}),
    ...(environmentIds ? { environmentIds } : {}),
  };
  const [total, flows] = await Promise.all([
    store.flowIdentity.countFlowIdentities(filter),
    query.shape === 'count' ? [] : store.flowIdentity.listFlowIdentities(filter, limit, offset),
  ]);
  return { ...base, total, flows: flows.map((f) => estateFlow(f, base.inventory)), unknownEnvironment: null };
}

function estateFlow(flow: FlowIdentity, inventory: InventoryState): EstateFlow {
  const clues = { flowId: flow.flowId, environmentId: flow.environmentId, recordName: null, creatorUpn: null };
  return {
    ...describeFlow(clues, flow, flow.environment, inventory),
    connectors: flow.connectors,
    connectorSource: flow.connectorSource,
    connectorsAsOf: flow.connectorsAsOf,
    environmentId: flow.environmentId,
  };
}

const STATE_ADJECTIVE = { on: 'on', off: 'turned off', suspended: 'suspended' } as const;

/** "Suspended flows using HTTP, HTTP with Microsoft Entra ID or HTTP Webhook, owned by …, in environment Sales". */
export function describeEstate(query: EstateQuery): string {
  const states = query.states?.map((s) => STATE_ADJECTIVE[s]) ?? [];
  let text = states.length > 0 ? `${joinWords(states, 'or')} flows` : 'flows';
  if (query.connector) text += ` using ${joinWords(connectorNamesFor(query.connector), 'or')}`;
  if (query.owner) text += ` owned by ${query.owner}`;
  if (query.environment) text += ` in environment ${query.environment}`;
  text = query.shape === 'count' ? `Number of ${text}` : text;
  return text.charAt(0).toUpperCase() + text.slice(1);
}
