/**
 * A backfill of 180 days through the whole path (issue 12): the real Graph audit query client over
 * HTTP to the emulator in another process (queries answer at once: the bench measures our path,
 * not Microsoft's queue; its memory and CPU stay out of this process), the normalizers, and the
 * SQLite store with its done marks: records/s, events stored, peak RSS of this process.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { SqliteStore } from '../src/store/sqlite/sqlite-store.ts';
import { installSlices } from '../src/sync/backfill/plan-slices.ts';
import { runBackfill } from '../src/sync/backfill/run-backfill.ts';
import { backfillDeps, TestClock } from '../test/backfill/backfill-client.ts';
import { startChildEmulator } from './child-emulator.ts';

export interface BackfillBench {
  days: number;
  records: number;
  inserted: number;
  seconds: number;
  recordsPerSecond: number;
  insertedPerSecond: number;
  peakRssMb: number;
}

/** About 1,000,000 Flow events in 180 days: 5% of the records are other workloads, governance a few more. */
export async function benchBackfill(totalRecords = 1_100_000, days = 180): Promise<BackfillBench> {
  const emulator = await startChildEmulator(totalRecords, 'backfill');
  const clock = new TestClock(Date.parse(emulator.now));
  const dir = mkdtempSync(path.join(tmpdir(), 'flowwatch-bench-backfill-'));
  const store = SqliteStore.open(path.join(dir, 'backfill.db'));
  let peak = process.memoryUsage().rss;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 10);
  try {
    await store.backfill.planSlices(installSlices(days, clock.now()), clock.now());
    // Graph's largest page ($top 1000), as the runtime reads it.
    const deps = backfillDeps(emulator, store, clock, 2, 1000);
    const started = performance.now();
    const report = await runBackfill(deps);
    const seconds = (performance.now() - started) / 1000;
    if (report.failed > 0) throw new Error(`${report.failed} days failed`);
    return {
      days: report.slices,
      records: report.records,
      inserted: report.inserted,
      seconds,
      recordsPerSecond: report.records / seconds,
      insertedPerSecond: report.inserted / seconds,
      peakRssMb: Math.max(peak, process.memoryUsage().rss) / 2 ** 20,
    };
  } finally {
    clearInterval(sampler);
    emulator.stop();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
