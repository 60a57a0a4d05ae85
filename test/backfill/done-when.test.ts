/**
 * Issue 12's "done when": demo mode with EMULATOR_DAYS=40 on a fresh store. One sync run (which
 * plans and starts the backfill), the backfill finished, then "new flows last 30 days" is fully
 * covered and counts the creates of all 30 days, as the emulator's audit log has them.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseQuestion } from '../../src/bot/commands/parse.ts';
import { loadConfig } from '../../src/config/load-config.ts';
import { createLogger } from '../../src/log.ts';
import { runQuery } from '../../src/queries/run.ts';
import { openRuntime } from '../../src/runtime/runtime.ts';

test('EMULATOR_DAYS=40, fresh store: "new flows last 30 days" is covered and counts every create', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'flowwatch-done-when-'));
  const runtime = await openRuntime(loadConfig({ DATA_DIR: dir, LOG_LEVEL: 'silent', EMULATOR_DAYS: '40' }), {
    log: createLogger('silent'),
    // Queries answer at once here; their asynchronous states are backfill-http.test.ts's.
    emulator: { auditQuery: { startSeconds: 0, runSeconds: 0 }, startSubscribed: true },
  });
  try {
    await runtime.syncOnce();
    const report = await runtime.backfill!.settled();
    assert.ok(report, 'the backfill ran');
    assert.equal(report.failed, 0);
    assert.equal(report.progress.status, 'done');

    const outcome = parseQuestion('new flows last 30 days');
    assert.equal(outcome.kind, 'query');
    if (outcome.kind !== 'query') return;
    const now = new Date();
    const result = await runQuery(runtime.store, outcome.query, { now, timeZone: 'UTC' });
    assert.equal(result.coverage.complete, true, JSON.stringify(result.coverage));
    const { period } = result;
    const stored = await runtime.store.events.findEvents(
      { from: period.from, to: period.to, operations: ['CreateFlow'] },
      { limit: 1, offset: 0 },
    );
    const creates = runtime
      .emulator!.loggedFlowRecords(new Date(period.from), new Date(Math.min(Date.parse(period.to), now.getTime())))
      .filter((r) => r['Operation'] === 'CreateFlow');
    const days = new Set(creates.map((r) => String(r['CreationTime']).slice(0, 10)));
    assert.ok(days.size >= 30, `creates on ${days.size} days`);
    const counted = (result.counts ?? []).reduce((n, c) => n + c.count, 0);
    assert.equal(stored.total, creates.length);
    assert.equal(counted, creates.length);
  } finally {
    await runtime.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
