/** From matches and the flows they name to the alert card's model, and a flow's history. */
import type { AlertCardModel, AlertFlowItem, FlowHistoryModel } from '../model/alert-card-model.ts';
import { describeRule } from '../model/alert-rule.ts';
import type { StoredFlowEvent } from '../model/flow-event.ts';
import type { InventoryState } from '../model/flow-identity.ts';
import { chooseFlowLink } from '../cards/safe-link.ts';
import { factsOf, lookUpFlows, type FactsStore, type FlowLookup } from './flow-facts.ts';
import type { AlertMatch } from './match-events.ts';

const EPOCH = '1970-01-01T00:00:00.000Z';
const END = '9999-12-31T23:59:59.999Z';
const HISTORY_EVENTS = 60;

/** One item per event, with every rule it matched. */
export function groupByEvent(matches: readonly AlertMatch[]): AlertMatch[][] {
  const byEvent = new Map<string, AlertMatch[]>();
  for (const m of matches) byEvent.set(m.event.id, [...(byEvent.get(m.event.id) ?? []), m]);
  return [...byEvent.values()];
}

function item(group: AlertMatch[], lookup: FlowLookup): AlertFlowItem {
  const e = group[0].event;
  const entry = e.flowId ? lookup.entries.get(e.flowId) : undefined;
  const added = new Set((group[0].added ?? []).map((c) => c.toLowerCase()));
  const isEdit = e.operation === 'EditFlow';
  return {
    because: group.map((m) => describeRule(m.rule)),
    operation: e.operation,
    occurredAt: e.occurredAt,
    actor: e.actorUpn,
    flowId: e.flowId,
    ...factsOf(lookup, e.flowId, { environmentId: e.environmentId, flowName: e.flowName }),
    link: chooseFlowLink(e.detailsUrl ?? entry?.detailsUrl ?? null, e.environmentId, e.flowId),
    connectors: (e.connectors.length > 0 ? e.connectors : (entry?.connectors ?? [])).map((name) => ({
      name,
      added: isEdit && added.has(name.toLowerCase()),
    })),
    recipient: e.operation === 'PutPermissions' ? e.recipientUpn : null,
  };
}

export async function alertCardModel(
  store: FactsStore,
  matches: readonly AlertMatch[],
  o: Omit<AlertCardModel, 'items' | 'total'> & { shown: number; inventoryState: InventoryState },
): Promise<AlertCardModel> {
  const groups = groupByEvent(matches);
  const offset = o.more?.offset ?? 0;
  const page = groups.slice(offset, offset + o.shown);
  const lookup = await lookUpFlows(
    store,
    page.map((g) => g[0].event.flowId),
    o.inventoryState,
  );
  return {
    conversationId: o.conversationId,
    timeZone: o.timeZone,
    rateNote: o.rateNote,
    more: o.more,
    total: groups.length,
    items: page.map((g) => item(g, lookup)),
  };
}

export async function flowHistoryModel(
  store: FactsStore,
  flowId: string,
  timeZone: string,
  now: Date,
  inventoryState: InventoryState,
): Promise<FlowHistoryModel> {
  const [{ events, total }, lookup] = await Promise.all([
    store.events.findEvents({ from: EPOCH, to: END, flowId }, { limit: HISTORY_EVENTS, offset: 0 }),
    lookUpFlows(store, [flowId], inventoryState),
  ]);
  const entry = lookup.entries.get(flowId);
  const named = events.find((e: StoredFlowEvent) => e.flowName)?.flowName ?? null;
  const facts = factsOf(lookup, flowId, { environmentId: entry?.environmentId ?? null, flowName: named });
  return {
    flowId,
    ...facts,
    link: chooseFlowLink(entry?.detailsUrl ?? null, facts.environmentId, flowId),
    events: events.map((e) => ({
      operation: e.operation,
      occurredAt: e.occurredAt,
      actor: e.actorUpn,
      connectors: e.connectors,
      recipient: e.recipientUpn,
    })),
    total,
    timeZone,
    generatedAt: now.toISOString(),
  };
}
