/**
 * The events a channel's alerts look at: stored (by ingest time) in [from, to), oldest first, in
 * pages; and for each edit among them the flow's connectors before it (the previous create or
 * edit that named any: in the batch when there is one, else from the store).
 */
import type { StoredFlowEvent } from '../model/flow-event.ts';
import { connectorsBefore } from '../queries/digest-data.ts';
import type { QueryStore } from '../queries/run.ts';

const EPOCH = '1970-01-01T00:00:00.000Z';
/** Far in the future: events are filtered by ingest time, whenever they happened. */
const END = '9999-12-31T23:59:59.999Z';
const PAGE = 1000;
/** Most events one evaluation reads; the rest waits for the next sync (the cursor stops at the last one read). */
export const MAX_EVENTS_PER_LOOK = 5000;

export async function readNewEvents(
  store: Pick<QueryStore, 'events'>,
  ingestedFrom: string,
  ingestedTo: string,
): Promise<StoredFlowEvent[]> {
  const filter = { from: EPOCH, to: END, ingestedFrom, ingestedTo };
  const out: StoredFlowEvent[] = [];
  for (let offset = 0; offset < MAX_EVENTS_PER_LOOK; offset += PAGE) {
    const { events } = await store.events.findEvents(filter, { limit: PAGE, offset });
    out.push(...events);
    if (events.length < PAGE) break;
  }
  return out.sort((a, b) => a.occurredAt.localeCompare(b.occurredAt) || a.id.localeCompare(b.id));
}

export async function previousConnectorsOf(
  store: QueryStore,
  events: readonly StoredFlowEvent[],
): Promise<Map<string, string[] | null>> {
  const result = new Map<string, string[] | null>();
  const lastInBatch = new Map<string, string[]>();
  const firstEdits = new Map<string, string>();
  const firstEditId = new Map<string, string>();
  for (const e of events) {
    if (!e.flowId) continue;
    if (e.operation === 'EditFlow') {
      const known = lastInBatch.get(e.flowId);
      if (known) result.set(e.id, known);
      else if (!firstEdits.has(e.flowId)) {
        firstEdits.set(e.flowId, e.occurredAt);
        firstEditId.set(e.flowId, e.id);
      }
    }
    if ((e.operation === 'CreateFlow' || e.operation === 'EditFlow') && e.connectors.length > 0)
      lastInBatch.set(e.flowId, e.connectors);
  }
  const fromStore = await connectorsBefore(store, firstEdits);
  for (const [flowId, connectors] of fromStore) result.set(firstEditId.get(flowId)!, connectors);
  return result;
}
