/**
 * LeaseKeeper over the real PostgreSQL store: one leader at a time, takeover after the leader
 * stops renewing (as when it is killed), renewals keep a live leader, store outages do not throw.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createLogger } from '../../src/log.ts';
import { LeaseKeeper } from '../../src/replicas/lease-keeper.ts';
import { openPostgresStore, type PostgresStore } from '../../src/store/postgres/postgres-store.ts';
import { StoreUnavailableError } from '../../src/store/store-unavailable-error.ts';
import { ManualTime } from '../helpers/manual-time.ts';
import {
  createTestSchema,
  postgresSkipReason,
  TEST_DATABASE_URL,
  type TestSchema,
} from '../store/postgres-test-database.ts';

const skip = await postgresSkipReason();
const TTL = 60_000;

function recordingLog() {
  const lines: Array<{ msg: string }> = [];
  return { lines, log: createLogger('debug', {}, (line) => lines.push(JSON.parse(line) as { msg: string })) };
}

describe('LeaseKeeper', { skip: skip ?? false }, () => {
  let db: TestSchema;
  let store: PostgresStore;
  let lease = 0;
  const nextLease = () => `sync-${++lease}`;

  before(async () => {
    db = await createTestSchema('fw_lease');
    store = await openPostgresStore({ connectionString: TEST_DATABASE_URL, schema: db.schema, max: 4 });
  });
  after(async () => {
    await store.close();
    await db.drop();
  });

  test('one replica leads; the other takes over only after the leader stops renewing for a TTL', async () => {
    const clock = new ManualTime(Date.parse('2026-11-24T08:00:00.000Z'));
    const name = nextLease();
    const a = recordingLog();
    const b = recordingLog();
    let bTookOver = 0;
    const leader = new LeaseKeeper({
      leases: store.leases,
      name,
      holder: 'replica-a',
      ttlMs: TTL,
      now: clock.now,
      log: a.log,
    });
    const follower = new LeaseKeeper({
      leases: store.leases,
      name,
      holder: 'replica-b',
      ttlMs: TTL,
      now: clock.now,
      log: b.log,
      onAcquired: () => bTookOver++,
    });

    assert.equal(await leader.acquire(), true);
    assert.equal(await follower.acquire(), false);
    await clock.advance(40_000);
    assert.equal(await leader.acquire(), true, 'renewal');
    await clock.advance(40_000);
    assert.equal(await follower.acquire(), false, 'renewed at +40 s, so still held at +80 s');
    assert.equal(bTookOver, 0);

    await clock.advance(TTL); // the leader is gone: no renewal for a whole TTL
    assert.equal(await follower.acquire(), true);
    assert.equal(bTookOver, 1);
    assert.ok(b.lines.some((l) => l.msg === 'lease acquired: this replica now leads'));
    assert.equal(follower.status().held, true);

    assert.equal(await leader.acquire(), false);
    assert.equal(leader.held, false);
    assert.ok(a.lines.some((l) => l.msg === 'lease lost to another replica'));
  });

  test('a released lease is free for the next replica at once', async () => {
    const clock = new ManualTime(Date.parse('2026-11-24T09:00:00.000Z'));
    const name = nextLease();
    const { log } = recordingLog();
    const a = new LeaseKeeper({ leases: store.leases, name, holder: 'replica-a', ttlMs: TTL, now: clock.now, log });
    const b = new LeaseKeeper({ leases: store.leases, name, holder: 'replica-b', ttlMs: TTL, now: clock.now, log });
    assert.equal(await a.acquire(), true);
    await a.release();
    assert.equal(a.held, false);
    assert.equal(await b.acquire(), true);
  });

  test('an unreachable store makes an attempt fail quietly; a hold already won lasts until its own expiry', async () => {
    const clock = new ManualTime(Date.parse('2026-11-24T10:00:00.000Z'));
    const name = nextLease();
    let down = false;
    const flaky = {
      claim: (n: string, h: string, ttl: number, now: Date) =>
        down
          ? Promise.reject(new StoreUnavailableError('PostgreSQL is unavailable'))
          : store.leases.claim(n, h, ttl, now),
      release: (n: string, h: string) => store.leases.release(n, h),
    };
    const { log, lines } = recordingLog();
    const keeper = new LeaseKeeper({ leases: flaky, name, holder: 'replica-a', ttlMs: TTL, now: clock.now, log });
    assert.equal(await keeper.acquire(), true);
    down = true;
    await clock.advance(20_000);
    assert.equal(await keeper.acquire(), true, 'still inside the TTL of the last renewal');
    assert.match(keeper.status().lastError ?? '', /unavailable/);
    await clock.advance(TTL);
    assert.equal(await keeper.acquire(), false, 'the hold ran out while the store was away');
    assert.ok(lines.some((l) => l.msg.startsWith('lease: could not reach the store')));
    down = false;
    assert.equal(await keeper.acquire(), true);
  });

  test('with the beat running, a follower takes over by itself at most a beat after the leader stops', async () => {
    const time = new ManualTime(Date.parse('2026-11-24T11:00:00.000Z'));
    const name = nextLease();
    const { log } = recordingLog();
    const pollMs = TTL / 3;
    let takeovers = 0;
    const beat = { ttlMs: TTL, pollMs, now: time.now, setTimer: time.setTimer, log };
    const leader = new LeaseKeeper({ leases: store.leases, name, holder: 'replica-a', ...beat });
    const follower = new LeaseKeeper({
      leases: store.leases,
      name,
      holder: 'replica-b',
      ...beat,
      onAcquired: () => takeovers++,
    });
    assert.equal(await leader.acquire(), true);
    leader.start();
    follower.start();
    try {
      // Several TTLs pass while both beat: the leader keeps renewing, so no takeover.
      await time.advance(4 * TTL);
      assert.equal(takeovers, 0);
      assert.equal(leader.held, true);
      assert.equal(follower.status().leader, 'replica-a');
      // The leader renewed at the last beat (now); its lease runs out a TTL later.
      leader.stop();
      assert.equal(time.pending, 1, "only the follower's beat is left");
      await time.advance(TTL - pollMs);
      assert.equal(takeovers, 0, 'the lease is still good for one more beat');
      await time.advance(2 * pollMs);
      assert.equal(takeovers, 1);
      assert.equal(follower.held, true);
      assert.equal(leader.held, false);
    } finally {
      leader.stop();
      follower.stop();
    }
  });
});
