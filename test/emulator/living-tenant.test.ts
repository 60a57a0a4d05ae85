/** The living tenant of demo mode: new flows published while the emulator runs, synced like any other content. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadConfig } from '../../src/config/load-config.ts';
import { createLogger } from '../../src/log.ts';
import { openRuntime } from '../../src/runtime/runtime.ts';

test('each tick publishes a new CreateFlow in a blob of its own; about half use a watched connector', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'flowwatch-live-'));
  let t = Date.parse('2026-11-25T09:00:00.000Z');
  const now = () => new Date(t);
  const runtime = await openRuntime(loadConfig({ DATA_DIR: dir, LOG_LEVEL: 'silent' }), {
    now,
    log: createLogger('silent'),
    emulator: { seed: 9, makers: 6, environments: 2, flowsPerDay: 0, days: 1, otherWorkloadRatio: 0 },
  });
  try {
    await runtime.syncOnce();
    const before = runtime.emulator!.groundTruth().length;
    for (let i = 0; i < 40; i++) {
      t += 60_000;
      runtime.emulator!.publishLiveFlow();
    }
    t += 60_000;
    const report = await runtime.syncOnce();
    assert.equal(report.ok, true, JSON.stringify(report.error));
    assert.equal(report.flowEventsNew, 40);
    assert.equal(runtime.emulator!.groundTruth().length - before, 40);
    const { events } = await runtime.store.events.findEvents(
      { from: '2026-11-25T09:00:00.000Z', to: '2026-11-25T10:00:00.000Z', operations: ['CreateFlow'] },
      { limit: 100, offset: 0 },
    );
    assert.equal(events.length, 40);
    assert.ok(events.every((e) => e.flowId && e.environmentId && e.actorUpn?.endsWith('@contoso.example')));
    const watched = events.filter((e) => e.connectors.some((c) => c.startsWith('HTTP') || c === 'Contoso Orders API'));
    assert.ok(watched.length >= 12 && watched.length <= 32, `${watched.length} of 40 use a watched connector`);
    // The admin APIs list each new flow at once: on, under the name it was created with, with its maker.
    const truth = new Map(runtime.emulator!.admin.truth().map((f) => [f.flowId, f]));
    for (const e of events) {
      const listed = truth.get(e.flowId!);
      assert.equal(listed?.state, 'on', `flow ${e.flowId} is listed`);
      assert.equal(listed.environmentId, e.environmentId);
      assert.ok(listed.displayName.length > 0);
    }
  } finally {
    await runtime.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
