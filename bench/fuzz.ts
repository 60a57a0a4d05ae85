/**
 * The fuzz run of issue 15 at full size: 10,000 randomized requests (test/fixtures/random-activities.ts)
 * against `flowwatch serve` in demo mode, as test/http/fuzz.test.ts does with 1,000.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startFakeConnector } from '../test/helpers/fake-connector.ts';
import { DOCUMENTED_5XX, runFuzz, type FuzzResult } from '../test/helpers/fuzz-run.ts';
import { startServeChild } from '../test/helpers/serve-child.ts';

export async function benchFuzz(count = 10_000): Promise<FuzzResult & { seconds: number; stillRunning: boolean }> {
  const dir = mkdtempSync(path.join(tmpdir(), 'flowwatch-bench-fuzz-'));
  const connector = await startFakeConnector();
  const serve = await startServeChild({ HOME: dir, DATA_DIR: dir, PORT: '0', LOG_LEVEL: 'silent' });
  try {
    const t0 = performance.now();
    const result = await runFuzz({
      baseUrl: serve.baseUrl,
      connectorUrl: connector.serviceUrl,
      count,
      seed: 1015,
      concurrency: 8,
      limitMs: 10_000,
      allowed5xx: DOCUMENTED_5XX,
    });
    const stillRunning = serve.child.exitCode === null && serve.child.signalCode === null;
    return { ...result, seconds: (performance.now() - t0) / 1000, stillRunning };
  } finally {
    await serve.kill();
    await connector.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
