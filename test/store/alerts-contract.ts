/**
 * The alert claims contract (issue 14): a (rule, event) pair is claimed once, whichever holder
 * gets there first; a holder whose post failed gives its pairs back and a later claim wins them
 * again, while another holder cannot give back what it did not claim. Registered by storeContract.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { RunWithStore } from './contract-helpers.ts';

const CHANNEL = '19:alerts@thread.tacv2';
const AT = '2026-11-25T09:30:00.000Z';
const pairs = [
  { ruleKey: 'connector:http', eventId: 'e1' },
  { ruleKey: 'connector:http', eventId: 'e2' },
];

export function alertsContract(run: RunWithStore): void {
  describe('alert claims', () => {
    test(
      'claimed once; given back by its holder only, then claimed again',
      run(async (store) => {
        assert.deepEqual(await store.alerts.claimMatches(CHANNEL, pairs, 'replica-a', AT), pairs);
        assert.deepEqual(await store.alerts.claimMatches(CHANNEL, pairs, 'replica-b', AT), []);
        await store.alerts.releaseMatches(CHANNEL, pairs, 'replica-b');
        assert.deepEqual(await store.alerts.claimMatches(CHANNEL, pairs, 'replica-b', AT), [], 'b held nothing');
        await store.alerts.releaseMatches(CHANNEL, [pairs[0]], 'replica-a');
        assert.deepEqual(await store.alerts.claimMatches(CHANNEL, pairs, 'replica-b', AT), [pairs[0]]);
        assert.deepEqual(await store.alerts.claimMatches('19:other@thread.tacv2', pairs, 'replica-a', AT), pairs);
      }),
    );
  });
}
