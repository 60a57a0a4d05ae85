import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createLogger } from '../../src/log.ts';
import { SyncLoop } from '../../src/sync/sync-loop.ts';
import { emptyReport, type SyncReport } from '../../src/sync/sync-report.ts';

const log = createLogger('silent');

/** A run the test finishes by hand. */
function controlledRun() {
  let runs = 0;
  const pending: Array<(r: SyncReport) => void> = [];
  return {
    run: () => {
      runs++;
      return new Promise<SyncReport>((resolve) => pending.push(resolve));
    },
    finish: () => pending.shift()!(emptyReport('mgmt:Audit.General', new Date(Date.UTC(2026, 4, 4, runs)))),
    get runs() {
      return runs;
    },
  };
}

describe('SyncLoop', () => {
  test('concurrent syncNow calls share one run', async () => {
    const c = controlledRun();
    const loop = new SyncLoop({ run: c.run, intervalMs: 60_000, log });
    const a = loop.syncNow();
    const b = loop.syncNow();
    await new Promise((r) => setImmediate(r));
    assert.equal(loop.running, true);
    c.finish();
    const [ra, rb] = await Promise.all([a, b]);
    assert.equal(c.runs, 1);
    assert.equal(ra, rb);
    assert.equal(loop.last, ra);
    assert.equal(loop.running, false);
    const again = loop.syncNow();
    await new Promise((r) => setImmediate(r));
    c.finish();
    await again;
    assert.equal(c.runs, 2);
  });

  test('skips the run when the lease is held elsewhere', async () => {
    let runs = 0;
    let mayRun = false;
    const loop = new SyncLoop({
      run: async () => {
        runs++;
        return emptyReport('mgmt:Audit.General', new Date());
      },
      intervalMs: 60_000,
      log,
      acquire: async () => mayRun,
    });
    assert.equal(await loop.syncNow(), null);
    assert.equal(runs, 0);
    mayRun = true;
    assert.notEqual(await loop.syncNow(), null);
    assert.equal(runs, 1);
  });

  test('runs at start, again after each interval, and not after stop', async () => {
    const reports: SyncReport[] = [];
    let runs = 0;
    let resolveThird: () => void;
    const third = new Promise<void>((r) => (resolveThird = r));
    const loop = new SyncLoop({
      run: async () => {
        runs++;
        if (runs === 3) resolveThird();
        return emptyReport('mgmt:Audit.General', new Date());
      },
      intervalMs: 5,
      log,
      onReport: (r) => reports.push(r),
    });
    loop.start();
    await third;
    await loop.stop();
    const after = runs;
    await new Promise((r) => setTimeout(r, 30));
    assert.equal(runs, after);
    assert.ok(reports.length >= 3);
  });

  test('keeps going after a run that throws', async () => {
    let runs = 0;
    let resolveSecond: () => void;
    const second = new Promise<void>((r) => (resolveSecond = r));
    const loop = new SyncLoop({
      run: async () => {
        runs++;
        if (runs === 1) throw new Error('store gone');
        resolveSecond();
        return emptyReport('mgmt:Audit.General', new Date());
      },
      intervalMs: 5,
      log,
    });
    loop.start();
    await second;
    await loop.stop();
    assert.ok(runs >= 2);
  });
});
