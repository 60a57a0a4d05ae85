import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { waitUntil } from './wait-until.ts';

describe('waitUntil', () => {
  test('resolves with the first truthy value the condition returns', async () => {
    let checks = 0;
    const value = await waitUntil('the third check', () => (++checks === 3 ? { checks } : null), { intervalMs: 1 });
    assert.deepEqual(value, { checks: 3 });
  });

  test('awaits an async condition', async () => {
    let checks = 0;
    assert.equal(await waitUntil('an async yes', async () => ++checks >= 2, { intervalMs: 1 }), true);
  });

  test('times out with a message naming what was awaited, and the detail', async () => {
    await assert.rejects(
      waitUntil('the moon to turn blue', () => false, { timeoutMs: 30, intervalMs: 5, detail: () => 'still grey' }),
      { message: 'timed out after 30 ms waiting for the moon to turn blue\nstill grey' },
    );
  });

  test('ends the wait with the error of a condition that throws', async () => {
    let checks = 0;
    await assert.rejects(
      waitUntil('a probe that breaks', () => {
        checks++;
        throw new Error('probe broke');
      }),
      /probe broke/,
    );
    assert.equal(checks, 1);
  });
});
