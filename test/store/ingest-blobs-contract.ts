/**
 * The ingestBlobs part of the Store contract (the sync's several-blobs-per-transaction path): the
 * result equals SQLite's blob-by-blob ingest of the same blobs, one result per blob, and one bad
 * event rolls back every blob of the call. Registered by storeContract, so every Store runs it.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { FlowEvent } from '../../src/model/flow-event.ts';
import { SqliteStore } from '../../src/store/sqlite/sqlite-store.ts';
import type { BlobIngest } from '../../src/store/event-store.ts';
import type { Store } from '../../src/store/store.ts';
import { flowEvent } from './flow-event-fixtures.ts';

const NOW = new Date('2026-05-06T00:00:00.000Z');
const WEEK = { from: '2026-05-01T00:00:00Z', to: '2026-05-08T00:00:00Z' };
const FLOW_A = '7e2d4a19-8c3b-4f05-a6d1-3b9e5c7f2a40';
const FLOW_B = 'c1f0a8e2-5b7d-4c93-9e64-2d8a1f3b7c55';

function blob(id: string, events: FlowEvent[]): BlobIngest {
  return { events, blob: { contentId: id, contentCreated: '2026-05-05T10:00:00.000Z' } };
}

/** Three blobs as the sync sees them: one flow's history split across blobs, out of order, a record repeated in a later blob. */
function threeBlobs(): BlobIngest[] {
  const create = flowEvent({
    flowId: FLOW_A,
    operation: 'CreateFlow',
    occurredAt: '2026-05-04T09:00:00.000Z',
    flowName: 'Invoices',
    connectors: ['SharePoint', 'Office 365 Outlook'],
  });
  const edit = flowEvent({
    flowId: FLOW_A,
    operation: 'EditFlow',
    occurredAt: '2026-05-04T11:30:00.000Z',
    actorUpn: 'jordan.kim@contoso.example',
    connectors: ['SharePoint', 'HTTP'],
  });
  const other = flowEvent({
    flowId: FLOW_B,
    operation: 'CreateFlow',
    occurredAt: '2026-05-04T10:15:00.000Z',
    connectors: ['HTTP'],
  });
  const remove = flowEvent({
    flowId: FLOW_A,
    operation: 'DeleteFlow',
    occurredAt: '2026-05-04T12:00:00.000Z',
    connectors: [],
  });
  return [blob('blob-1', [edit, other]), blob('blob-2', [create, { ...edit }]), blob('blob-3', [remove])];
}

async function snapshot(store: Store) {
  const { events } = await store.events.findEvents(WEEK, { limit: 100, offset: 0 });
  return {
    events: events.map(({ ingestedAt: _at, ...e }) => e),
    flows: (await store.inventory.getFlows([FLOW_A, FLOW_B])).sort((a, b) => a.flowId.localeCompare(b.flowId)),
    byConnector: await store.events.countBy(WEEK, 'connector'),
    byConnectorInOneHour: await store.events.countBy(
      { from: '2026-05-04T11:00:00Z', to: '2026-05-04T12:00:00Z' },
      'connector',
    ),
    byActor: await store.events.countBy(WEEK, 'actor'),
    done: [...(await store.syncState.doneBlobs(['blob-1', 'blob-2', 'blob-3']))].sort(),
  };
}

export function ingestBlobsContract(run: (fn: (store: Store) => Promise<void>) => () => Promise<void>): void {
  describe('ingestBlobs', () => {
    test(
      'stores several blobs in one call exactly as SQLite does blob by blob, with one result per blob',
      run(async (store) => {
        const oneByOne = SqliteStore.open(':memory:');
        try {
          const blobs = threeBlobs();
          // The edit repeated in blob-2 is a duplicate of blob-1's, counted where it was seen again.
          assert.deepEqual(await store.events.ingestBlobs(blobs, { now: NOW }), [
            { inserted: 2, duplicates: 0 },
            { inserted: 1, duplicates: 1 },
            { inserted: 1, duplicates: 0 },
          ]);
          for (const b of blobs) await oneByOne.events.ingest(b.events, { now: NOW, blob: b.blob });
          const expected = await snapshot(oneByOne);
          assert.deepEqual(await snapshot(store), expected);
          // The snapshot says something: the inventory took the name from the create and kept the
          // edit's connectors through the delete, whatever blob each came in.
          const flowA = expected.flows.find((f) => f.flowId === FLOW_A)!;
          assert.equal(flowA.flowName, 'Invoices');
          assert.equal(flowA.deleted, true);
          assert.deepEqual(flowA.connectors, ['SharePoint', 'HTTP']);
          assert.deepEqual(expected.done, ['blob-1', 'blob-2', 'blob-3']);
          assert.deepEqual(expected.byConnector, [
            { key: 'HTTP', count: 2 },
            { key: 'SharePoint', count: 2 },
            { key: 'Office 365 Outlook', count: 1 },
          ]);
        } finally {
          await oneByOne.close();
        }
      }),
    );

    test(
      'one bad event rolls back every blob of the call: no events, no inventory, no done marks',
      run(async (store) => {
        const blobs = threeBlobs();
        blobs[2] = blob('blob-3', [
          { ...flowEvent({ occurredAt: '2026-05-04T13:00:00.000Z' }), occurredAt: 'not a time' },
        ]);
        await assert.rejects(store.events.ingestBlobs(blobs, { now: NOW }), /not an ISO 8601 instant/);
        const after = await snapshot(store);
        assert.deepEqual([after.events, after.flows, after.done, after.byConnector], [[], [], [], []]);
      }),
    );
  });
}
