/**
 * A backfill of 180 days through the whole path: the real Graph audit query client over HTTP to the
 * emulator (queries answer at once: the bench measures our path, not Microsoft's queue), the
 * normalizers, and the SQLite store with its done marks: records/s, events stored, peak RSS.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startEmulator } from '../src/emulator/index.ts';
import { SqliteStore } from '../src/store/sqlite/sqlite-store.ts';
import { installSlices } from '../src/sync/backfill/plan-slices.ts';
import { runBackfill } from '../src/sync/backfill/run-backfill.ts';
import { backfillDeps, TestClock } from '../test/backfill/backfill-client.ts';

export interface BackfillBench {
  days: number;
  records: number;
  inserted: number;
  seconds: number;
  recordsPerSecond: number;
  peakRssMb: number;
}

export async function benchBackfill(days = 180, flowsPerDay = 120): Promise<BackfillBench> {
  const clock = new TestClock(Date.parse('2026-11-25T12:00:00Z'));
  const emulator = await startEmulator({
    seed: 9,
    makers: 200,
    environments: 10,
    flowsPerDay,
    days: days + 1,
    otherWorkloadRatio: 0.5,
    now: clock.now,
    auditQuery: { startSeconds: 0, runSeconds: 0, pageSize: 1000 },
  });
  const dir = mkdtempSync(path.join(tmpdir(), 'flowwatch-bench-backfill-'));
  const store = SqliteStore.open(path.join(dir, 'backfill.db'));
  let peak = process.memoryUsage().rss;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 50);
  try {
    await store.backfill.planSlices(installSlices(days, clock.now()), clock.now());
    const deps = { ...backfillDeps(emulator, store, clock, 2) };
    const started = performance.now();
    const report = await runBackfill(deps);
    const seconds = (performance.now() - started) / 1000;
    return {
      days: report.slices,
      records: report.records,
      inserted: report.inserted,
      seconds,
      recordsPerSecond: report.records / seconds,
      peakRssMb: Math.max(peak, process.memoryUsage().rss) / 2 ** 20,
    };
  } finally {
    clearInterval(sampler);
    await store.close();
    await emulator.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
