import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { mapLimit, mapLimitSettled } from '../../src/audit/map-limit.ts';

/** Items that finish only when the test says so, to observe how many run at once without timers. */
function gate() {
  let inFlight = 0;
  let maxInFlight = 0;
  const waiting: (() => void)[] = [];
  const run = async (value: number) => {
    inFlight++;
    maxInFlight = Math.max(maxInFlight, inFlight);
    await new Promise<void>((resolve) => waiting.push(resolve));
    inFlight--;
    return value * 10;
  };
  const releaseAll = async () => {
    while (waiting.length > 0 || inFlight > 0) {
      waiting.splice(0).forEach((release) => release());
      await new Promise((resolve) => setImmediate(resolve));
    }
  };
  return { run, releaseAll, max: () => maxInFlight };
}

describe('mapLimit', () => {
  test('never runs more than the limit at once and keeps input order', async () => {
    const g = gate();
    const done = mapLimit([5, 4, 3, 2, 1, 0], 2, (n) => g.run(n));
    await g.releaseAll();
    assert.deepEqual(await done, [50, 40, 30, 20, 10, 0]);
    assert.equal(g.max(), 2);
  });

  test('uses the full limit when there is enough work', async () => {
    const g = gate();
    const done = mapLimit([1, 2, 3, 4, 5, 6, 7, 8], 5, (n) => g.run(n));
    await g.releaseAll();
    await done;
    assert.equal(g.max(), 5);
  });

  test('rejects with the first error and starts nothing after it', async () => {
    const started: number[] = [];
    const result = mapLimit([1, 2, 3, 4], 1, async (n) => {
      started.push(n);
      if (n === 2) throw new Error('boom at 2');
      return n;
    });
    await assert.rejects(result, /boom at 2/);
    assert.deepEqual(started, [1, 2]);
  });

  test('an empty list resolves to an empty list', async () => {
    assert.deepEqual(await mapLimit([], 3, async () => 1), []);
  });

  test('refuses a limit below 1', async () => {
    await assert.rejects(
      mapLimit([1], 0, async (n) => n),
      RangeError,
    );
  });
});

describe('mapLimitSettled', () => {
  test('reports each failure in place and runs every item', async () => {
    const results = await mapLimitSettled(['a', 'bad', 'c'], 2, async (s) => {
      if (s === 'bad') throw new Error('expired');
      return s.toUpperCase();
    });
    assert.deepEqual(
      results.map((r) => (r.status === 'fulfilled' ? r.value : (r.reason as Error).message)),
      ['A', 'expired', 'C'],
    );
  });
});
