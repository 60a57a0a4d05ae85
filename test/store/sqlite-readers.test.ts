/**
 * Reader threads of the SQLite store: what happens when a thread cannot start or the store
 * closes, and that reads see what the store's own connection has just committed.
 */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { SqliteReaders } from '../../src/store/sqlite/readers.ts';
import { SqliteStore } from '../../src/store/sqlite/sqlite-store.ts';
import { flowEvent } from './flow-event-fixtures.ts';

const dir = mkdtempSync(path.join(tmpdir(), 'flowwatch-readers-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const DAY = { from: '2026-05-04T00:00:00.000Z', to: '2026-05-05T00:00:00.000Z' };
const NOW = new Date('2026-05-05T00:00:00.000Z');

test('a thread that cannot open the file fails its read with the reason; the next read starts a new thread', async () => {
  const file = path.join(dir, 'later', 'flowwatch.db');
  const readers = new SqliteReaders(file, 1);
  try {
    await assert.rejects(readers.run('countBy', DAY, 'operation'), (error: Error) => {
      // better-sqlite3 checks the directory itself before SQLite is asked (lib/database.js), so a
      // missing directory gives this message, not SQLite's "unable to open database file".
      assert.equal(error.message, 'SQLite read failed: Cannot open database because the directory does not exist');
      return true;
    });
    mkdirSync(path.dirname(file), { recursive: true });
    const store = SqliteStore.open(file);
    try {
      await store.events.ingest([flowEvent({ occurredAt: '2026-05-04T09:00:00.000Z', operation: 'CreateFlow' })], {
        now: NOW,
      });
      assert.deepEqual(await readers.run('countBy', DAY, 'operation'), [{ key: 'CreateFlow', count: 1 }]);
    } finally {
      await store.close();
    }
  } finally {
    await readers.close();
  }
});

test('reads on threads see each commit made before them, and errors keep their class', async () => {
  const store = SqliteStore.open(path.join(dir, 'rw', 'flowwatch.db'), { readerThreads: 2 });
  try {
    for (let i = 0; i < 20; i++) {
      await store.events.ingest(
        [flowEvent({ occurredAt: `2026-05-04T09:${String(i).padStart(2, '0')}:00.000Z`, operation: 'EditFlow' })],
        { now: NOW },
      );
      // Several reads in flight at once, spread over both threads.
      const [counts, listed, found] = await Promise.all([
        store.events.countBy(DAY, 'operation'),
        store.events.listEvents(DAY, { limit: 100, offset: 0 }),
        store.events.findEvents(DAY, { limit: 1, offset: 0 }),
      ]);
      assert.deepEqual(counts, [{ key: 'EditFlow', count: i + 1 }]);
      assert.equal(listed.length, i + 1);
      assert.equal(found.total, i + 1);
    }
    await assert.rejects(store.events.listEvents(DAY, { limit: 1.5, offset: 0 }), RangeError);
  } finally {
    await store.close();
  }
});

test('after close, reads are refused', async () => {
  const store = SqliteStore.open(path.join(dir, 'closed', 'flowwatch.db'), { readerThreads: 1 });
  assert.deepEqual(await store.events.countBy(DAY, 'operation'), []);
  await store.close();
  await assert.rejects(store.events.countBy(DAY, 'operation'), /closed/);
});
