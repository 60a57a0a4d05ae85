import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { FlowEvent } from '../../src/model/flow-event.ts';
import { SqliteStore } from '../../src/store/sqlite/sqlite-store.ts';
import type { BlobIngest, EventStore, IngestOptions, IngestResult } from '../../src/store/event-store.ts';
import { BlobWriter } from '../../src/sync/blob-writer.ts';
import { flowEvent } from '../store/flow-event-fixtures.ts';

const dir = mkdtempSync(path.join(tmpdir(), 'flowwatch-blob-writer-'));
after(() => rmSync(dir, { recursive: true, force: true }));
let files = 0;
const now = () => new Date('2026-05-06T00:00:00.000Z');

/** A real SQLite store's events that note each call: 'batch:N' for ingestBlobs of N blobs, 'one' for ingest. */
function spiedStore(): { store: EventStore; calls: string[]; sqlite: SqliteStore } {
  const sqlite = SqliteStore.open(path.join(dir, `w-${++files}.db`));
  const calls: string[] = [];
  const store: EventStore = Object.assign(Object.create(sqlite.events) as EventStore, {
    ingest: (events: FlowEvent[], o: IngestOptions) => {
      calls.push('one');
      return sqlite.events.ingest(events, o);
    },
    ingestBlobs: (blobs: BlobIngest[], o: { now: Date }) => {
      calls.push(`batch:${blobs.length}`);
      return sqlite.events.ingestBlobs(blobs, o);
    },
  });
  return { store, calls, sqlite };
}

function queued(id: string, events: FlowEvent[], committed: Array<[string, IngestResult]>) {
  return {
    events,
    blob: { contentId: id, contentCreated: '2026-05-05T10:00:00.000Z' },
    committed: (r: IngestResult) => void committed.push([id, r]),
  };
}

const event = (hour: number) => flowEvent({ occurredAt: `2026-05-04T${String(hour).padStart(2, '0')}:00:00.000Z` });

describe('BlobWriter', () => {
  test('commits the blobs queued before a flush in one transaction, then reports each', async () => {
    const { store, calls, sqlite } = spiedStore();
    try {
      const committed: Array<[string, IngestResult]> = [];
      const writer = new BlobWriter(store, now, { maxBatchEvents: 100, maxBatchBlobs: 100, maxDelayMs: 60_000 });
      const shared = event(1);
      await writer.add(queued('b1', [shared, event(2)], committed));
      await writer.add(queued('b2', [], committed));
      await writer.add(queued('b3', [{ ...shared }, event(3)], committed));
      assert.deepEqual(calls, [], 'nothing is committed before the batch is full or flushed');
      assert.deepEqual(committed, []);
      await writer.flush();
      assert.deepEqual(calls, ['batch:3']);
      assert.deepEqual(committed, [
        ['b1', { inserted: 2, duplicates: 0 }],
        ['b2', { inserted: 0, duplicates: 0 }],
        ['b3', { inserted: 1, duplicates: 1 }],
      ]);
      assert.deepEqual([...(await sqlite.syncState.doneBlobs(['b1', 'b2', 'b3']))].sort(), ['b1', 'b2', 'b3']);
    } finally {
      await sqlite.close();
    }
  });

  test('a full batch is committed while the caller that filled it waits', async () => {
    const { store, calls, sqlite } = spiedStore();
    try {
      const committed: Array<[string, IngestResult]> = [];
      const writer = new BlobWriter(store, now, { maxBatchEvents: 3, maxBatchBlobs: 100, maxDelayMs: 60_000 });
      await writer.add(queued('b1', [event(1), event(2)], committed));
      assert.deepEqual(calls, []);
      await writer.add(queued('b2', [event(3)], committed));
      assert.deepEqual(calls, ['batch:2']);
      assert.deepEqual(
        committed.map(([id]) => id),
        ['b1', 'b2'],
      );
      await writer.add(queued('b3', [event(4)], committed));
      await writer.flush();
      assert.deepEqual(calls, ['batch:2', 'batch:1']);
    } finally {
      await sqlite.close();
    }
  });

  test('what waits is committed after maxDelayMs without a flush', async () => {
    const { store, calls, sqlite } = spiedStore();
    try {
      const writer = new BlobWriter(store, now, { maxBatchEvents: 100, maxBatchBlobs: 100, maxDelayMs: 5 });
      const done = new Promise<string>(
        (resolve) =>
          void writer.add({
            events: [event(1)],
            blob: { contentId: 'b1', contentCreated: '2026-05-05T10:00:00.000Z' },
            committed: () => resolve('b1'),
          }),
      );
      assert.equal(await done, 'b1');
      assert.deepEqual(calls, ['batch:1']);
      assert.equal((await sqlite.syncState.doneBlobs(['b1'])).size, 1);
    } finally {
      await sqlite.close();
    }
  });

  test('a bad blob costs only itself: the rest of its batch is committed, and the writer then refuses more', async () => {
    const { store, calls, sqlite } = spiedStore();
    try {
      const committed: Array<[string, IngestResult]> = [];
      const writer = new BlobWriter(store, now, { maxBatchEvents: 100, maxBatchBlobs: 100, maxDelayMs: 60_000 });
      await writer.add(queued('b1', [event(1)], committed));
      await writer.add(queued('bad', [event(2), { ...event(3), occurredAt: 'not a time' }], committed));
      await writer.add(queued('b3', [event(4)], committed));
      await assert.rejects(writer.flush(), /not an ISO 8601 instant/);
      assert.deepEqual(calls, ['batch:3', 'one', 'one', 'one']);
      assert.deepEqual(
        committed.map(([id]) => id),
        ['b1', 'b3'],
      );
      assert.deepEqual([...(await sqlite.syncState.doneBlobs(['b1', 'bad', 'b3']))].sort(), ['b1', 'b3']);
      const { total } = await sqlite.events.findEvents(
        { from: '2026-05-04T00:00:00Z', to: '2026-05-05T00:00:00Z' },
        { limit: 10, offset: 0 },
      );
      assert.equal(total, 2, 'the good event of the bad blob is not stored either');
      await assert.rejects(writer.add(queued('b4', [event(5)], committed)), /not an ISO 8601 instant/);
    } finally {
      await sqlite.close();
    }
  });
});
