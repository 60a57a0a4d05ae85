/**
 * What only the PostgreSQL store has to get right: migrations once under concurrent start-up,
 * batched ingest, leases and digest claims across several pools (replicas), and surviving a
 * database that goes away and comes back. The shared behaviour is in postgresContract.test.ts.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import type { FlowEvent } from '../../src/model/flow-event.ts';
import { POSTGRES_MIGRATIONS } from '../../src/store/migrations/postgres.ts';
import { openPostgresStore, type PostgresStore } from '../../src/store/postgres/postgres-store.ts';
import { migratePostgres } from '../../src/store/postgres/migrate.ts';
import { createPostgresPool } from '../../src/store/postgres/pool.ts';
import { isStoreUnavailable } from '../../src/store/store-unavailable-error.ts';
import { waitUntil } from '../helpers/wait-until.ts';
import { startTcpProxy } from '../scale/tcp-proxy.ts';
import {
  adminQuery,
  createTestSchema,
  postgresSkipReason,
  TEST_DATABASE_URL,
  type TestSchema,
} from './postgres-test-database.ts';

const skip = await postgresSkipReason();
const TENANT = '3f2c1a9e-0b7d-4c55-9a61-2d8e4f7b6c10';
const ENV = 'Default-3f2c1a9e-0b7d-4c55-9a61-2d8e4f7b6c10';

function flowEvent(n: number, overrides: Partial<FlowEvent> = {}): FlowEvent {
  const id = `0c6f3e4a-1b2d-4e5f-8a9b-${String(n).padStart(12, '0')}`;
  const flowId = overrides.flowId ?? `7d1e5c3b-9a2f-4b6d-8c0e-${String(n % 50).padStart(12, '0')}`;
  const occurredAt = overrides.occurredAt ?? new Date(Date.UTC(2026, 10, 24, 8, 0, n)).toISOString();
  const detailsUrl = `https://make.powerautomate.com/environments/${ENV}/flows/${flowId}/details`;
  return {
    id,
    operation: 'EditFlow',
    occurredAt,
    actorUpn: `maker${n % 7}@contoso.onmicrosoft.com`,
    resultStatus: 'Succeeded',
    environmentId: ENV,
    flowId,
    flowName: null,
    detailsUrl,
    connectors: ['Office 365 Outlook', 'SharePoint'],
    sharingPermission: null,
    recipientUpn: null,
    licenseName: null,
    initiatedBy: null,
    tenantId: TENANT,
    clientIp: '203.0.113.24',
    raw: {
      Id: id,
      RecordType: 30,
      CreationTime: occurredAt.replace(/\.\d+Z$/, ''),
      Operation: overrides.operation ?? 'EditFlow',
      OrganizationId: TENANT,
      Workload: 'MicrosoftFlow',
      FlowDetailsUrl: detailsUrl,
      FlowConnectorNames: 'Office 365 Outlook, SharePoint',
    },
    ...overrides,
  };
}

const NOW = new Date('2026-11-24T09:00:00.000Z');

describe('PostgreSQL store', { skip: skip ?? false }, () => {
  let db: TestSchema;
  const opened: PostgresStore[] = [];
  const open = async (extra: { max?: number; connectionString?: string; applicationName?: string } = {}) => {
    const store = await openPostgresStore({
      connectionString: extra.connectionString ?? TEST_DATABASE_URL,
      schema: db.schema,
      max: extra.max ?? 4,
      ...(extra.applicationName ? { applicationName: extra.applicationName } : {}),
    });
    opened.push(store);
    return store;
  };

  before(async () => {
    db = await createTestSchema('fw_pgstore');
  });
  after(async () => {
    await Promise.all(opened.map((s) => s.close().catch(() => undefined)));
    await db.drop();
  });

  test('runs each migration once when several replicas migrate at the same moment', async () => {
    const schema = `${db.schema}_mig`;
    const migrations = [
      { version: 1, name: 'counter', sql: 'CREATE TABLE applied_counter (n integer NOT NULL)' },
      { version: 2, name: 'count', sql: 'INSERT INTO applied_counter VALUES (1)' },
    ];
    const pools = Array.from({ length: 4 }, () =>
      createPostgresPool({ connectionString: TEST_DATABASE_URL, schema, max: 2 }),
    );
    try {
      const applied = await Promise.all(pools.map((pool) => migratePostgres(pool, migrations, { schema })));
      assert.deepEqual(applied.flat().sort(), [1, 2]);
      const { rows } = await adminQuery(TEST_DATABASE_URL, `SELECT count(*)::int AS n FROM ${schema}.applied_counter`);
      assert.equal(rows[0].n, 1);
    } finally {
      await Promise.all(pools.map((pool) => pool.end()));
      await adminQuery(TEST_DATABASE_URL, `DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    }
  });

  test('opens the store from several replicas at once', async () => {
    const stores = await Promise.all([open(), open(), open(), open()]);
    await Promise.all(stores.map((s) => s.ping()));
    const { rows } = await adminQuery(
      TEST_DATABASE_URL,
      `SELECT version FROM ${db.schema}.schema_migrations ORDER BY version`,
    );
    assert.deepEqual(
      rows.map((r) => r.version),
      POSTGRES_MIGRATIONS.map((m) => m.version),
    );
  });

  test('ingests a batch in one go, counts duplicates inside and across batches, and marks the blob done', async () => {
    const store = await open();
    const events = Array.from({ length: 300 }, (_, i) => flowEvent(1000 + i));
    const first = await store.events.ingest([...events, events[0]], {
      now: NOW,
      blob: { contentId: 'blob-a', contentCreated: '2026-11-24T08:10:00.000Z' },
    });
    assert.deepEqual(first, { inserted: 300, duplicates: 1 });
    const again = await store.events.ingest(events.slice(0, 10), { now: NOW });
    assert.deepEqual(again, { inserted: 0, duplicates: 10 });
    assert.deepEqual([...(await store.syncState.doneBlobs(['blob-a', 'blob-b']))], ['blob-a']);
  });

  test('keeps a raw record and strings with NUL characters instead of failing the batch', async () => {
    const store = await open();
    const event = flowEvent(5000, { actorUpn: 'bad\u0000actor@contoso.com', raw: { Id: 'x', Note: 'a\u0000b' } });
    assert.deepEqual(await store.events.ingest([event], { now: NOW }), { inserted: 1, duplicates: 0 });
    const { events } = await store.events.findEvents(
      { from: event.occurredAt, to: '2026-11-25T00:00:00.000Z', flowId: event.flowId! },
      { limit: 500, offset: 0 },
    );
    const stored = events.find((e) => e.id === event.id)!;
    assert.deepEqual(stored.raw, { Id: 'x', Note: 'a\u0000b' });
    assert.equal(stored.actorUpn, 'bad\uFFFDactor@contoso.com');
  });

  test('round-trips quotes, backslashes and non-ASCII text through the batched insert unchanged', async () => {
    const store = await open();
    const tricky = `O'Brien's \\ "Rechnung" \\n 'quoted' E'x' \u00e9\u{1F680} $1 ;--`;
    const event = flowEvent(6000, {
      flowName: tricky,
      connectors: [tricky, 'SharePoint'],
      raw: { Id: 'r', FlowConnectorNames: tricky, Nested: { list: [1, 'two', null, tricky] }, Path: 'C:\\temp\\x' },
    });
    assert.deepEqual(
      await store.events.ingest([event], {
        now: NOW,
        blob: { contentId: `blob'\\${tricky}`, contentCreated: '2026-11-24T08:10:00.000Z' },
      }),
      { inserted: 1, duplicates: 0 },
    );
    const { events } = await store.events.findEvents(
      { from: '2026-11-24T00:00:00.000Z', to: '2026-11-25T00:00:00.000Z', flowId: event.flowId! },
      { limit: 500, offset: 0 },
    );
    const stored = events.find((e) => e.id === event.id)!;
    assert.equal(stored.flowName, tricky);
    assert.deepEqual(stored.connectors, [tricky, 'SharePoint']);
    assert.deepEqual(stored.raw, event.raw);
    assert.equal((await store.inventory.getFlows([event.flowId!]))[0]?.flowName, tricky);
    assert.deepEqual([...(await store.syncState.doneBlobs([`blob'\\${tricky}`]))], [`blob'\\${tricky}`]);
  });

  test('lets one holder hold a lease until it expires, then another takes it over', async () => {
    const [a, b] = await Promise.all([open(), open()]);
    const t0 = new Date('2026-11-24T10:00:00.000Z');
    const at = (ms: number) => new Date(t0.getTime() + ms);
    assert.equal((await a.leases.claim('sync', 'replica-a', 60_000, t0)).won, true);
    assert.equal((await b.leases.claim('sync', 'replica-b', 60_000, at(1_000))).won, false);
    assert.equal((await a.leases.claim('sync', 'replica-a', 60_000, at(30_000))).won, true, 'renewal');
    assert.equal(
      (await b.leases.claim('sync', 'replica-b', 60_000, at(80_000))).won,
      false,
      'renewed lease still runs',
    );
    assert.equal((await b.leases.claim('sync', 'replica-b', 60_000, at(90_000))).won, true, 'expired lease taken over');
    assert.equal((await a.leases.claim('sync', 'replica-a', 60_000, at(91_000))).won, false);
    await b.leases.release('sync', 'replica-b');
    assert.equal((await a.leases.claim('sync', 'replica-a', 60_000, at(92_000))).won, true, 'released lease is free');
  });

  test('gives a lease to exactly one of many replicas asking at once', async () => {
    const stores = await Promise.all([open(), open(), open()]);
    const now = new Date('2026-11-24T11:00:00.000Z');
    const wins = await Promise.all(
      stores.flatMap((s, i) =>
        [0, 1, 2].map((j) => s.leases.claim('race', `replica-${i}-${j}`, 60_000, now).then((claim) => claim.won)),
      ),
    );
    assert.equal(wins.filter(Boolean).length, 1);
  });

  test('gives a digest run to exactly one of many replicas claiming at once, and never again once sent', async () => {
    const stores = await Promise.all([open(), open(), open()]);
    const now = new Date('2026-11-25T08:00:00.000Z');
    const request = (claimedBy: string) => ({
      conversationId: '19:a1b2c3@thread.tacv2',
      periodKey: '2026-11-24',
      from: '2026-11-24T00:00:00.000Z',
      to: '2026-11-25T00:00:00.000Z',
      claimedBy,
      late: false,
      now,
      staleAfterMs: 10 * 60_000,
    });
    const claims = await Promise.all(
      stores.flatMap((s, i) => [0, 1, 2].map((j) => s.botState.claimDigestRun(request(`replica-${i}-${j}`)))),
    );
    const winners = claims.filter((c) => c !== null);
    assert.equal(winners.length, 1);
    await stores[0].botState.markDigestSent('19:a1b2c3@thread.tacv2', '2026-11-24', {
      activityId: '1732435200000',
      sentAt: now,
    });
    const later = new Date(now.getTime() + 3_600_000);
    assert.equal(await stores[1].botState.claimDigestRun({ ...request('replica-late'), now: later }), null);
  });

  test('reports an unreachable database as StoreUnavailableError', async () => {
    const closed = net.createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as net.AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const url = new URL(TEST_DATABASE_URL);
    url.host = `127.0.0.1:${port}`;
    await assert.rejects(openPostgresStore({ connectionString: url.toString(), schema: db.schema, max: 2 }), (error) =>
      isStoreUnavailable(error),
    );
  });

  test('says the store is unavailable while the database is away and works again when it is back', async () => {
    const target = new URL(TEST_DATABASE_URL);
    const proxy = await startTcpProxy({ host: target.hostname, port: Number(target.port || 5432) });
    try {
      const url = new URL(TEST_DATABASE_URL);
      url.host = `127.0.0.1:${proxy.port}`;
      const store = await open({ connectionString: url.toString(), max: 2 });
      await store.events.ingest([flowEvent(7000)], { now: NOW });
      await proxy.stop();
      await assert.rejects(store.ping(), (error) => isStoreUnavailable(error));
      await assert.rejects(store.events.ingest([flowEvent(7001)], { now: NOW }), (error) => isStoreUnavailable(error));
      await proxy.start();
      assert.deepEqual(await store.events.ingest([flowEvent(7001), flowEvent(7000)], { now: NOW }), {
        inserted: 1,
        duplicates: 1,
      });
    } finally {
      await proxy.close();
    }
  });

  test('fails an ingest cut off by a server-side termination cleanly, and the pool reconnects', async () => {
    const store = await open({ applicationName: `fw_terminate_${process.pid}` });
    await store.ping();
    // Hold the ingest lock from outside so the store's transaction is in flight when its backend dies.
    const { default: pg } = await import('pg');
    const blocker = new pg.Client({ connectionString: TEST_DATABASE_URL });
    await blocker.connect();
    try {
      await blocker.query(`SELECT pg_advisory_lock(hashtext('flowwatch:ingest:' || $1))`, [db.schema]);
      // Settled into a value at once: the rejection may come before the assertion below is reached.
      const pending = store.events.ingest([flowEvent(8000)], { now: NOW }).then(
        () => null,
        (error: unknown) => error,
      );
      await waitUntil(
        'the ingest to wait on the advisory lock',
        async () => {
          const { rows } = await blocker.query(
            `SELECT count(*)::int AS n FROM pg_stat_activity WHERE application_name = $1 AND wait_event_type = 'Lock'`,
            [`fw_terminate_${process.pid}`],
          );
          return rows[0].n === 1;
        },
        { timeoutMs: 5_000, intervalMs: 25 },
      );
      await blocker.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = $1', [
        `fw_terminate_${process.pid}`,
      ]);
      assert.ok(isStoreUnavailable(await pending), 'the cut-off ingest fails as store unavailable');
      await blocker.query(`SELECT pg_advisory_unlock(hashtext('flowwatch:ingest:' || $1))`, [db.schema]);
      assert.deepEqual(await store.events.ingest([flowEvent(8000)], { now: NOW }), { inserted: 1, duplicates: 0 });
    } finally {
      await blocker.end();
    }
  });
});
