/**
 * The LeaseStore contract: a lease is held by one holder until it expires or is released, renewed
 * only by its holder, per name; a lost claim names the holder. Registered by storeContract.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { RunWithStore } from './contract-helpers.ts';

const T0 = new Date('2026-03-30T06:00:00.000Z');
const at = (ms: number) => new Date(T0.getTime() + ms);
const MINUTE = 60_000;

export function leaseContract(run: RunWithStore): void {
  describe('claim and release', () => {
    test(
      'acquire, renew, expire, release',
      run(async (store) => {
        assert.equal((await store.leases.claim('digest', 'replica-a', MINUTE, T0)).won, true);
        assert.equal((await store.leases.claim('digest', 'replica-b', MINUTE, at(30_000))).won, false, 'held by a');
        assert.equal(
          (await store.leases.claim('digest', 'replica-a', MINUTE, at(50_000))).won,
          true,
          'renewed until +110 s',
        );
        assert.equal(
          (await store.leases.claim('digest', 'replica-b', MINUTE, at(100_000))).won,
          false,
          'the renewal counts',
        );
        assert.equal(
          (await store.leases.claim('sync', 'replica-b', MINUTE, at(100_000))).won,
          true,
          'leases are per name',
        );
        assert.equal(
          (await store.leases.claim('digest', 'replica-b', MINUTE, at(110_000))).won,
          true,
          'expired, taken over',
        );
        assert.equal((await store.leases.claim('digest', 'replica-a', MINUTE, at(120_000))).won, false);

        await store.leases.release('digest', 'replica-a');
        assert.equal(
          (await store.leases.claim('digest', 'replica-a', MINUTE, at(121_000))).won,
          false,
          'only the holder releases',
        );
        await store.leases.release('digest', 'replica-b');
        assert.equal(
          (await store.leases.claim('digest', 'replica-a', MINUTE, at(122_000))).won,
          true,
          'free after release',
        );
      }),
    );
  });

  test(
    'a claim says who holds the lease: this holder when won, the other one while it has not expired',
    run(async (store) => {
      assert.deepEqual(await store.leases.claim('sync', 'replica-a', MINUTE, T0), { won: true, holder: 'replica-a' });
      assert.deepEqual(await store.leases.claim('sync', 'replica-b', MINUTE, at(1000)), {
        won: false,
        holder: 'replica-a',
      });
      assert.deepEqual(await store.leases.claim('sync', 'replica-b', MINUTE, at(MINUTE)), {
        won: true,
        holder: 'replica-b',
      });
      await store.leases.release('sync', 'replica-b');
      assert.deepEqual(await store.leases.claim('sync', 'replica-a', MINUTE, at(MINUTE + 1)), {
        won: true,
        holder: 'replica-a',
      });
    }),
  );
}
