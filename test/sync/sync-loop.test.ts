import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createLogger } from '../../src/log.ts';
import { SyncLoop } from '../../src/sync/sync-loop.ts';
import { emptyReport, type SyncReport } from '../../src/sync/sync-report.ts';
import { ManualTime } from '../helpers/manual-time.ts';

const log = createLogger('silent');

/** Lets promise callbacks already queued run (setImmediate comes after every microtask). */
const settled = () => new Promise((resolve) => setImmediate(resolve));

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
    await settled();
    assert.equal(loop.running, true);
    c.finish();
    const [ra, rb] = await Promise.all([a, b]);
    assert.equal(c.runs, 1);
    assert.equal(ra, rb);
    assert.equal(loop.last, ra);
    assert.equal(loop.running, false);
    const again = loop.syncNow();
    await settled();
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
    const time = new ManualTime(Date.parse('2026-05-04T08:00:00.000Z'));
    const reports: SyncReport[] = [];
    let runs = 0;
    const loop = new SyncLoop({
      run: async () => {
        runs++;
        return emptyReport('mgmt:Audit.General', time.now());
      },
      intervalMs: 60_000,
      log,
      onReport: (r) => reports.push(r),
      setTimer: time.setTimer,
    });
    loop.start();
    await loop.syncNow(); // joins the first run, which start() began at once
    await settled(); // the loop schedules the next run once that one has finished
    assert.equal(runs, 1);
    assert.equal(time.pending, 1);
    await time.advance(59_999);
    assert.equal(runs, 1, 'the interval counts from the end of the run');
    await time.advance(1);
    assert.equal(runs, 2);
    await time.advance(60_000);
    assert.equal(runs, 3);
    assert.equal(reports.length, 3);
    await loop.stop();
    assert.equal(time.pending, 0, 'stop cancels the next run');
    await time.advance(10 * 60_000);
    assert.equal(runs, 3);
  });

  test('a run in flight at stop schedules no next run', async () => {
    const time = new ManualTime(Date.parse('2026-05-04T08:00:00.000Z'));
    const c = controlledRun();
    const loop = new SyncLoop({ run: c.run, intervalMs: 60_000, log, setTimer: time.setTimer });
    loop.start();
    await settled();
    assert.equal(loop.running, true);
    const stopped = loop.stop();
    c.finish();
    await stopped;
    assert.equal(time.pending, 0);
    await time.advance(10 * 60_000);
    assert.equal(c.runs, 1);
  });

  test('keeps going after a run that throws', async () => {
    const time = new ManualTime(Date.parse('2026-05-04T08:00:00.000Z'));
    let runs = 0;
    const loop = new SyncLoop({
      run: async () => {
        runs++;
        if (runs === 1) throw new Error('store gone');
        return emptyReport('mgmt:Audit.General', time.now());
      },
      intervalMs: 60_000,
      log,
      setTimer: time.setTimer,
    });
    loop.start();
    await assert.rejects(loop.syncNow(), /store gone/);
    await settled();
    await time.advance(60_000);
    assert.equal(runs, 2);
    assert.notEqual(loop.last, null);
    await loop.stop();
  });
});
