import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { SqliteStore } from '../../src/store/sqlite/sqlite-store.ts';
import { SQLITE_MIGRATIONS } from '../../src/store/migrations/sqlite.ts';
import { storeContract } from './contract.ts';
import { flowEvent } from './flow-event-fixtures.ts';

const dir = mkdtempSync(path.join(tmpdir(), 'flowwatch-sqlite-'));
after(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;
const freshFile = () => path.join(dir, `store-${++n}`, 'flowwatch.db');

storeContract('sqlite', async () => SqliteStore.open(freshFile()));
// The question reads on a reader thread: same answers, read-your-writes included.
storeContract('sqlite with a reader thread', async () => SqliteStore.open(freshFile(), { readerThreads: 1 }));

describe('SqliteStore file', () => {
  test('creates the directory, and keeps data across reopen with migrations applied once', async () => {
    const file = freshFile();
    assert.equal(existsSync(path.dirname(file)), false);
    const first = SqliteStore.open(file);
    const event = flowEvent({ occurredAt: '2026-05-04T09:12:44.000Z', operation: 'CreateFlow' });
    await first.events.ingest([event], {
      now: new Date('2026-05-05T00:00:00.000Z'),
      blob: { contentId: 'c1', contentCreated: '2026-05-04T09:30:15.123Z' },
    });
    await first.syncState.setCursor('mgmt:Audit.General', '2026-05-04T10:00:00.000Z');
    await first.close();

    const second = SqliteStore.open(file);
    try {
      assert.deepEqual(
        second.appliedMigrations(),
        SQLITE_MIGRATIONS.map((m) => m.version),
      );
      const { events } = await second.events.findEvents(
        { from: '2026-05-04T00:00:00Z', to: '2026-05-05T00:00:00Z' },
        { limit: 10, offset: 0 },
      );
      assert.deepEqual(
        events.map((e) => e.id),
        [event.id],
      );
      assert.deepEqual([...(await second.syncState.doneBlobs(['c1']))], ['c1']);
      assert.equal(await second.syncState.getCursor('mgmt:Audit.General'), '2026-05-04T10:00:00.000Z');
    } finally {
      await second.close();
    }
    const db = new Database(file, { readonly: true });
    try {
      const rows = db.prepare('SELECT version, count(*) AS n FROM schema_migrations GROUP BY version').all() as Array<{
        version: number;
        n: number;
      }>;
      assert.deepEqual(
        rows,
        SQLITE_MIGRATIONS.map((m) => ({ version: m.version, n: 1 })),
      );
      assert.equal(db.pragma('journal_mode', { simple: true }), 'wal');
    } finally {
      db.close();
    }
  });

  test('migration 4 fills the per-hour operation counts from the events already stored', async () => {
    const file = freshFile();
    const store = SqliteStore.open(file);
    const events = [0, 1, 2, 3, 4].map((i) =>
      flowEvent({ occurredAt: `2026-05-04T0${i}:30:00.000Z`, operation: i % 2 === 0 ? 'CreateFlow' : 'EditFlow' }),
    );
    await store.events.ingest(events, { now: new Date('2026-05-05T00:00:00.000Z') });
    await store.close();
    const db = new Database(file);
    db.exec('DROP TABLE operation_hourly_counts; DELETE FROM schema_migrations WHERE version = 4');
    db.close();
    const reopened = SqliteStore.open(file);
    try {
      const day = { from: '2026-05-04T00:00:00.000Z', to: '2026-05-05T00:00:00.000Z' };
      assert.deepEqual(await reopened.events.countBy(day, 'operation'), [
        { key: 'CreateFlow', count: 3 },
        { key: 'EditFlow', count: 2 },
      ]);
      assert.equal((await reopened.events.findEvents(day, { limit: 1, offset: 0 })).total, 5);
    } finally {
      await reopened.close();
    }
  });

  test('refuses times that are not instants instead of storing them', async () => {
    const store = SqliteStore.open(freshFile());
    try {
      await assert.rejects(
        store.events.findEvents({ from: 'yesterday', to: '2026-05-05T00:00:00Z' }, { limit: 1, offset: 0 }),
        /not an ISO 8601 instant/,
      );
      await assert.rejects(store.syncState.setCursor('s', 'soon'), /not an ISO 8601 instant/);
      await assert.rejects(
        store.events.findEvents({ from: '2026-05-04T00:00:00Z', to: '2026-05-05T00:00:00Z' }, { limit: -1, offset: 0 }),
        /page limit/,
      );
    } finally {
      await store.close();
    }
  });
});
