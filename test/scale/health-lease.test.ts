/**
 * /healthz of replicas on one PostgreSQL store: each says whether it holds the sync lease and
 * which replica does, from its own renew beat, so a health call asks the store nothing more than
 * it does without a lease; after a takeover both replicas name the new leader.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { HealthReport } from '../../src/http/health.ts';
import { createLogger } from '../../src/log.ts';
import { LeaseKeeper } from '../../src/replicas/lease-keeper.ts';
import { openPostgresStore, type PostgresStore } from '../../src/store/postgres/postgres-store.ts';
import type { Store } from '../../src/store/store.ts';
import { startBotHarness, type BotHarness } from '../http/helpers/bot-harness.ts';
import {
  createTestSchema,
  postgresSkipReason,
  TEST_DATABASE_URL,
  type TestSchema,
} from '../store/postgres-test-database.ts';

const skip = await postgresSkipReason();
const TTL = 60_000;

/** The store, with every Store method call the bot makes written down. */
function countingStore(store: PostgresStore): { store: Store; calls: string[] } {
  const calls: string[] = [];
  const proxy = new Proxy(store, {
    get(target, prop, receiver) {
      const value = Reflect.get(target, prop, receiver) as unknown;
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        calls.push(String(prop));
        return (value as (...a: unknown[]) => unknown).apply(target, args);
      };
    },
  });
  return { store: proxy, calls };
}

describe('/healthz and the sync lease', { skip: skip ?? false }, () => {
  let db: TestSchema;
  let store: PostgresStore;
  const harnesses: BotHarness[] = [];
  let clockMs = Date.parse('2026-11-25T09:30:00.000Z');
  const now = () => new Date(clockMs);
  const log = createLogger('error');

  before(async () => {
    db = await createTestSchema('fw_health');
    store = await openPostgresStore({ connectionString: TEST_DATABASE_URL, schema: db.schema, max: 4 });
  });
  after(async () => {
    await Promise.all(harnesses.map((h) => h.close()));
    await store?.close();
    await db?.drop();
  });

  async function health(h: BotHarness): Promise<HealthReport> {
    const res = await fetch(`${h.bot.url}/healthz`);
    assert.equal(res.status, 200);
    return (await res.json()) as HealthReport;
  }

  test('each replica says whether it leads and who does; a takeover shows on both', async () => {
    const keeperA = new LeaseKeeper({ leases: store.leases, name: 'sync', holder: 'replica-a', ttlMs: TTL, now, log });
    const keeperB = new LeaseKeeper({ leases: store.leases, name: 'sync', holder: 'replica-b', ttlMs: TTL, now, log });
    const a = countingStore(store);
    const b = countingStore(store);
    const plain = countingStore(store);
    const replicaA = await startBotHarness({ store: a.store, deps: { syncLease: keeperA } });
    harnesses.push(replicaA);
    const replicaB = await startBotHarness({ store: b.store, deps: { syncLease: keeperB } });
    harnesses.push(replicaB);
    const withoutLease = await startBotHarness({ store: plain.store });
    harnesses.push(withoutLease);

    // Before the first beat nothing is known.
    assert.deepEqual((await health(replicaA)).syncLease, {
      replica: 'replica-a',
      held: false,
      leader: null,
      leaderSeenAt: null,
      heldUntil: null,
      acquisitions: 0,
    });
    assert.equal((await health(withoutLease)).syncLease, null);

    assert.equal(await keeperA.acquire(), true);
    assert.equal(await keeperB.acquire(), false);
    const beat = now().toISOString();
    assert.deepEqual((await health(replicaA)).syncLease, {
      replica: 'replica-a',
      held: true,
      leader: 'replica-a',
      leaderSeenAt: beat,
      heldUntil: new Date(clockMs + TTL).toISOString(),
      acquisitions: 1,
    });
    assert.deepEqual((await health(replicaB)).syncLease, {
      replica: 'replica-b',
      held: false,
      leader: 'replica-a',
      leaderSeenAt: beat,
      heldUntil: null,
      acquisitions: 0,
    });

    // A health call asks the store the same with the lease shown as without it.
    a.calls.length = 0;
    plain.calls.length = 0;
    await health(replicaA);
    await health(withoutLease);
    assert.deepEqual(a.calls, plain.calls);
    assert.ok(plain.calls.length > 0, 'the health call does reach the store');

    // replica-a stops renewing (as when killed); after the TTL replica-b takes over.
    clockMs += TTL + 1;
    assert.equal(await keeperB.acquire(), true);
    assert.equal((await health(replicaB)).syncLease?.leader, 'replica-b');
    assert.equal((await health(replicaB)).syncLease?.held, true);
    const stale = (await health(replicaA)).syncLease;
    assert.equal(stale?.held, false, 'its hold ran out');
    assert.equal(await keeperA.acquire(), false);
    const afterTakeover = (await health(replicaA)).syncLease;
    assert.equal(afterTakeover?.leader, 'replica-b');
    assert.equal(afterTakeover?.held, false);
    assert.equal(afterTakeover?.leaderSeenAt, now().toISOString());
  });
});
