/**
 * One inventory pass over a tenant of about 50,000 live flows in 20 environments, through the real
 * clients and HTTP against the emulator, into a SQLite file: time, API calls, peak RSS.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startEmulator } from '../src/emulator/index.ts';
import { SqliteStore } from '../src/store/sqlite/sqlite-store.ts';
import { runInventoryPass } from '../src/sync/inventory/inventory-pass.ts';
import { inventoryClient } from '../test/inventory/helpers.ts';

export interface InventoryBench {
  liveFlows: number;
  environments: number;
  seconds: number;
  calls: Record<string, number>;
  clientRequests: number;
  peakRssMb: number;
  stored: number;
}

export async function benchInventory(targetFlows = 50_000): Promise<InventoryBench> {
  const now = () => new Date('2026-11-25T12:00:00Z');
  const days = 8;
  // About 15% of created flows are deleted by the end of their history (flow-history.ts).
  const flowsPerDay = Math.ceil(targetFlows / 0.85 / days);
  const emulator = await startEmulator({
    seed: 5,
    makers: 400,
    environments: 20,
    flowsPerDay,
    days,
    otherWorkloadRatio: 0.01,
    now,
    admin: { managementAppRegistered: true, adminPageSize: 250 },
  });
  const dir = mkdtempSync(path.join(tmpdir(), 'flowwatch-bench-inventory-'));
  const store = SqliteStore.open(path.join(dir, 'inventory.db'));
  let peak = process.memoryUsage().rss;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 10);
  try {
    const client = inventoryClient(emulator, now);
    const started = performance.now();
    await runInventoryPass({ client, store, now, graphLookup: true, concurrency: 4 });
    const seconds = (performance.now() - started) / 1000;
    const truth = emulator.admin.truth();
    return {
      liveFlows: truth.length,
      environments: emulator.admin.inventory.environments.length,
      seconds,
      calls: { ...emulator.admin.calls },
      clientRequests: client.counters.requests,
      peakRssMb: peak / 1024 / 1024,
      stored: await store.flowIdentity.countFlowIdentities({}),
    };
  } finally {
    clearInterval(sampler);
    await store.close();
    await emulator.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
