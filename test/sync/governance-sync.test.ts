/**
 * Connection and data-policy events over real HTTP: the emulator publishes Power Platform admin
 * records among the Audit.General noise, the sync (real client, faults on) stores each of them once
 * as a typed governance event, equal to the emulator's ground truth, and a second run doubles none.
 */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { normalizeGovernanceRecord } from '../../src/audit/normalize-governance.ts';
import { startEmulator } from '../../src/emulator/index.ts';
import { createLogger } from '../../src/log.ts';
import type { GovernanceEvent } from '../../src/model/governance-event.ts';
import { SqliteStore } from '../../src/store/sqlite/sqlite-store.ts';
import { runSync } from '../../src/sync/run-sync.ts';
import { emulatorClient } from './helpers/emulator-client.ts';

const T0 = Date.parse('2026-11-20T12:00:00.000Z');
const dir = mkdtempSync(path.join(tmpdir(), 'flowwatch-govsync-'));
after(() => rmSync(dir, { recursive: true, force: true }));
const ALL = { from: '2000-01-01T00:00:00Z', to: '2100-01-01T00:00:00Z' };

test('admin records among the noise are stored once each as typed events, equal to the ground truth', async () => {
  let t = T0;
  const now = () => new Date(t);
  const emulator = await startEmulator({
    seed: 12,
    makers: 10,
    environments: 3,
    flowsPerDay: 40,
    days: 6,
    pageSize: 25,
    duplicateRate: 0.05,
    otherWorkloadRatio: 0.8,
    faults: { throttleRate: 0.2, throttleStatus: 429, serverErrorRate: 0.15, truncateRate: 0.1 },
    now,
  });
  const store = SqliteStore.open(path.join(dir, 'gov.db'));
  const sync = () =>
    runSync({
      feed: emulatorClient(emulator, { now }),
      store,
      now,
      log: createLogger('silent'),
      options: { overlapMs: 15 * 60_000, blobConcurrency: 4 },
    });
  try {
    for (let run = 0; run < 10 && !(await sync()).ok; run++) t += 60_000;
    const truth = () => {
      const expected = new Map<string, GovernanceEvent>();
      for (const raw of emulator.governanceTruth()) {
        const outcome = normalizeGovernanceRecord(raw);
        assert.equal(outcome.kind, 'governance', `emulated record ${String(raw.Id)} does not normalize`);
        if (outcome.kind === 'governance') expected.set(outcome.event.id, outcome.event);
      }
      return expected;
    };
    const expected = truth();
    assert.ok(expected.size > 20, `tenant too small: ${expected.size} admin records`);
    const actions = new Set([...expected.values()].map((e) => e.action));
    for (const a of ['connection-created-or-edited', 'connection-shared', 'connection-turned-off', 'policy-updated'])
      assert.ok(actions.has(a as GovernanceEvent['action']), `the emulator published no ${a}`);

    const check = async () => {
      const expected = truth();
      const { events, total } = await store.governance.listGovernanceEvents(ALL, { limit: 100_000, offset: 0 });
      const extra = events.filter((e) => !expected.has(e.id));
      assert.equal(total, expected.size, JSON.stringify(extra));
      for (const { ingestedAt: _at, ...stored } of events) {
        const { raw: _raw, ...want } = expected.get(stored.id)!;
        assert.deepEqual(stored, want);
      }
    };
    await check();
    t += 5 * 60_000;
    assert.equal((await sync()).ok, true);
    await check();
  } finally {
    await store.close();
    await emulator.close();
  }
});
