/**
 * PostgresStore.ingestBlobs (the sync's several-blobs-per-transaction path): the result equals
 * SQLite's blob-by-blob ingest of the same blobs, one result per blob, and one bad event rolls
 * back every blob of the call.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { FlowEvent } from '../../src/model/flowEvent.ts';
import { openPostgresStore, type PostgresStore } from '../../src/store/postgres.ts';
import { SqliteStore } from '../../src/store/sqlite.ts';
import type { BlobIngest, Store } from '../../src/store/store.ts';
import { flowEvent } from './flowEventFixtures.ts';
import { adminQuery, createTestSchema, postgresSkipReason, TEST_DATABASE_URL, type TestSchema } from './postgresTestDatabase.ts';

const skip = await postgresSkipReason();
const NOW = new Date('2026-05-06T00:00:00.000Z');
const WEEK = { from: '2026-05-01T00:00:00Z', to: '2026-05-08T00:00:00Z' };
const FLOW_A = '7e2d4a19-8c3b-4f05-a6d1-3b9e5c7f2a40';
const FLOW_B = 'c1f0a8e2-5b7d-4c93-9e64-2d8a1f3b7c55';

function blob(id: string, events: FlowEvent[]): BlobIngest {
  return { events, blob: { contentId: id, contentCreated: '2026-05-05T10:00:00.000Z' } };
}

/** One flow's history split across blobs, out of order, with a record repeated in a later blob. */
function threeBlobs(): BlobIngest[] {
  const create = flowEvent({ flowId: FLOW_A, operation: 'CreateFlow', occurredAt: '2026-05-04T09:00:00.000Z', flowName: 'Invoices', connectors: ['SharePoint', 'Office 365 Outlook'] });
  const edit = flowEvent({ flowId: FLOW_A, operation: 'EditFlow', occurredAt: '2026-05-04T11:30:00.000Z', actorUpn: 'jordan.kim@contoso.example', connectors: ['SharePoint', 'HTTP'] });
  const other = flowEvent({ flowId: FLOW_B, operation: 'CreateFlow', occurredAt: '2026-05-04T10:15:00.000Z', connectors: ['HTTP'] });
  const remove = flowEvent({ flowId: FLOW_A, operation: 'DeleteFlow', occurredAt: '2026-05-04T12:00:00.000Z', connectors: [] });
  return [blob('blob-1', [edit, other]), blob('blob-2', [create, { ...edit }]), blob('blob-3', [remove])];
}

async function snapshot(store: Store) {
  const { events } = await store.findEvents(WEEK, { limit: 100, offset: 0 });
  return {
    events: events.map(({ ingestedAt: _at, ...e }) => e),
    flows: (await store.getFlows([FLOW_A, FLOW_B])).sort((a, b) => a.flowId.localeCompare(b.flowId)),
    byConnector: await store.countBy(WEEK, 'connector'),
    byActor: await store.countBy(WEEK, 'actor'),
    done: [...(await store.doneBlobs(['blob-1', 'blob-2', 'blob-3']))].sort(),
  };
}

describe('PostgresStore.ingestBlobs', { skip: skip ?? false }, () => {
  let db: TestSchema;
  let dir: string;
  const stores: Array<{ close(): Promise<void> }> = [];
  let n = 0;
  const openPg = async (): Promise<PostgresStore> => {
    const store = await openPostgresStore({ connectionString: TEST_DATABASE_URL, schema: `${db.schema}_${++n}`, max: 2 });
    stores.push(store);
    return store;
  };

  before(async () => {
    db = await createTestSchema('fw_blobs');
    dir = mkdtempSync(path.join(tmpdir(), 'flowwatch-pg-blobs-'));
  });
  after(async () => {
    await Promise.all(stores.map((s) => s.close()));
    for (let i = 1; i <= n; i++) await adminQuery(TEST_DATABASE_URL, `DROP SCHEMA IF EXISTS ${db.schema}_${i} CASCADE`);
    await db.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  test('stores several blobs in one call exactly as SQLite does blob by blob, with one result per blob', async () => {
    const batched = await openPg();
    const sqlite = SqliteStore.open(path.join(dir, 'one-by-one.db'));
    stores.push(sqlite);
    const blobs = threeBlobs();
    assert.deepEqual(await batched.ingestBlobs(blobs, { now: NOW }), [
      { inserted: 2, duplicates: 0 },
      { inserted: 1, duplicates: 1 },
      { inserted: 1, duplicates: 0 },
    ]);
    for (const b of blobs) await sqlite.ingest(b.events, { now: NOW, blob: b.blob });
    const expected = await snapshot(sqlite);
    assert.deepEqual(await snapshot(batched), expected);
    const flowA = expected.flows.find((f) => f.flowId === FLOW_A)!;
    assert.equal(flowA.flowName, 'Invoices');
    assert.equal(flowA.deleted, true);
    assert.deepEqual(flowA.connectors, ['SharePoint', 'HTTP']);
    assert.deepEqual(expected.done, ['blob-1', 'blob-2', 'blob-3']);
  });

  test('one bad event rolls back every blob of the call: no events, no inventory, no done marks', async () => {
    const store = await openPg();
    const blobs = threeBlobs();
    blobs[2] = blob('blob-3', [{ ...flowEvent({ occurredAt: '2026-05-04T13:00:00.000Z' }), occurredAt: 'not a time' }]);
    await assert.rejects(store.ingestBlobs(blobs, { now: NOW }), /not an ISO 8601 instant/);
    const after = await snapshot(store);
    assert.deepEqual([after.events, after.flows, after.done, after.byConnector], [[], [], [], []]);
  });
});
