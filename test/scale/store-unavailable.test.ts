/**
 * A PostgreSQL store that goes away for a while (a TCP proxy in front of the server, stopped and
 * started again): chat answers and Refresh clicks say the store is unavailable instead of failing
 * obscurely, /healthz says 503, and answers come back once the database does, without a restart.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { openPostgresStore, type PostgresStore } from '../../src/store/postgres/postgres-store.ts';
import { cardActionInvoke, personalMessage } from '../bot/fixtures/teams-activities.ts';
import { flowEvent } from '../bot/fixtures/flow-events.ts';
import { cardOf, startBotHarness, TEST_NOW, type BotHarness } from '../http/helpers/bot-harness.ts';
import {
  createTestSchema,
  postgresSkipReason,
  TEST_DATABASE_URL,
  type TestSchema,
} from '../store/postgres-test-database.ts';
import { startTcpProxy, type TcpProxy } from './tcp-proxy.ts';

const skip = await postgresSkipReason();

describe('chat while the PostgreSQL store is away', { skip: skip ?? false }, () => {
  let db: TestSchema;
  let proxy: TcpProxy;
  let store: PostgresStore;
  let h: BotHarness;

  before(async () => {
    db = await createTestSchema('fw_unavailable');
    const target = new URL(TEST_DATABASE_URL);
    proxy = await startTcpProxy({ host: target.hostname, port: Number(target.port || 5432) });
    const viaProxy = new URL(TEST_DATABASE_URL);
    viaProxy.host = `127.0.0.1:${proxy.port}`;
    store = await openPostgresStore({
      connectionString: viaProxy.toString(),
      schema: db.schema,
      max: 2,
      connectTimeoutMs: 2_000,
    });
    await store.events.ingest(
      [flowEvent({ operation: 'CreateFlow', occurredAt: '2026-11-25T08:05:00Z', flowName: 'Vendor onboarding' })],
      { now: TEST_NOW },
    );
    await store.syncState.addCoverage('mgmt:Audit.General', {
      from: '2026-11-16T00:00:00.000Z',
      to: TEST_NOW.toISOString(),
    });
    h = await startBotHarness({ store });
  });
  after(async () => {
    await h?.close();
    await store?.close();
    await proxy?.close();
    await db?.drop();
  });

  test('says the store is unavailable, reports 503 on /healthz, and answers again once the database is back', async () => {
    const serviceUrl = h.connector.serviceUrl;
    h.connector.reset();
    assert.equal((await h.post(personalMessage({ serviceUrl, text: 'new flows today' }))).status, 200);
    assert.match(JSON.stringify(cardOf(h.connector.sentActivities()[0].activity)), /Vendor onboarding/);

    await proxy.stop();
    h.connector.reset();
    assert.equal((await h.post(personalMessage({ serviceUrl, text: 'new flows today' }))).status, 200);
    const replies = h.connector.sentActivities();
    assert.equal(replies.length, 1);
    assert.match(replies[0].activity.text ?? '', /store is unavailable/);

    const data = { query: { operations: ['CreateFlow'], period: { kind: 'today' }, shape: 'list' }, offset: 0 };
    const invoke = await h.post(cardActionInvoke({ serviceUrl, verb: 'refresh', data }));
    assert.equal(invoke.status, 200);
    const body = invoke.body as { statusCode: number; value: { code: string; message: string } };
    assert.equal(body.value.code, 'StoreUnavailable');
    assert.match(body.value.message, /store is unavailable/);

    const health = await fetch(`${h.bot.url}/healthz`);
    assert.equal(health.status, 503);
    assert.equal(((await health.json()) as { store: { reachable: boolean } }).store.reachable, false);

    await proxy.start();
    h.connector.reset();
    assert.equal((await h.post(personalMessage({ serviceUrl, text: 'new flows today' }))).status, 200);
    assert.match(JSON.stringify(cardOf(h.connector.sentActivities()[0].activity)), /Vendor onboarding/);
    assert.equal((await fetch(`${h.bot.url}/healthz`)).status, 200);
  });
});
