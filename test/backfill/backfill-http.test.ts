/**
 * Backfill over real HTTP (issue 12): 30 days read from the emulated Graph audit log query API over
 * many pages, with throttled submissions, a query that fails (submitted again) and one that takes
 * minutes; the stored events equal the emulator's audit log, coverage `graph:auditLog` holds the
 * days, and a second run stores nothing twice.
 */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { normalizeRecord } from '../../src/audit/normalize.ts';
import { startEmulator } from '../../src/emulator/index.ts';
import { BACKFILL_COVERAGE_SOURCE } from '../../src/model/coverage-source.ts';
import { SqliteStore } from '../../src/store/sqlite/sqlite-store.ts';
import { installSlices, DAY_MS } from '../../src/sync/backfill/plan-slices.ts';
import { runBackfill } from '../../src/sync/backfill/run-backfill.ts';
import { backfillDeps, TestClock } from './backfill-client.ts';

const T0 = Date.parse('2026-11-20T12:00:00.000Z');
const dir = mkdtempSync(path.join(tmpdir(), 'flowwatch-backfill-'));
after(() => rmSync(dir, { recursive: true, force: true }));

test('30 days over many pages, throttled, a failed query retried, a slow one waited for: equal to the audit log', async () => {
  const clock = new TestClock(T0);
  const emulator = await startEmulator({
    seed: 7,
    makers: 8,
    environments: 3,
    flowsPerDay: 12,
    days: 35,
    now: clock.now,
    auditQuery: { pageSize: 20 },
  });
  const store = SqliteStore.open(path.join(dir, 'thirty.db'));
  try {
    emulator.auditQueries.throttleNext(3);
    emulator.auditQueries.failNext(1);
    emulator.auditQueries.slowNext(1, 6 * 60);
    assert.equal(await store.backfill.planSlices(installSlices(30, clock.now()), clock.now()), 30);
    const report = await runBackfill(backfillDeps(emulator, store, clock));
    assert.equal(report.failed, 0);
    assert.equal(report.slices, 30);
    assert.equal(report.progress.status, 'done');
    assert.ok(emulator.auditQueries.calls.pages > 60, `only ${emulator.auditQueries.calls.pages} pages`);
    assert.equal(emulator.auditQueries.calls.throttled, 3);
    assert.equal(emulator.auditQueries.calls.created, 31, 'the failed query was submitted again');

    const today = Math.floor(T0 / DAY_MS) * DAY_MS;
    const from = new Date(today - 30 * DAY_MS);
    const to = new Date(today - DAY_MS);
    const expected = new Set(
      emulator.loggedFlowRecords(from, to).map((r) => {
        const outcome = normalizeRecord(r);
        assert.equal(outcome.kind, 'flow');
        return outcome.kind === 'flow' ? outcome.event.id : '';
      }),
    );
    assert.ok(expected.size > 500, `tenant too small: ${expected.size}`);
    const filter = { from: from.toISOString(), to: to.toISOString() };
    const { events, total } = await store.events.findEvents(filter, { limit: 100_000, offset: 0 });
    assert.equal(total, expected.size);
    for (const e of events) assert.ok(expected.has(e.id), e.id);

    const coverage = await store.syncState.getCoverage(BACKFILL_COVERAGE_SOURCE);
    assert.ok(coverage.length === 1 && coverage[0].from === from.toISOString() && coverage[0].to >= to.toISOString());

    // Planned again (a restart): nothing new to do, nothing doubled.
    assert.equal(await store.backfill.planSlices(installSlices(30, clock.now()), clock.now()), 0);
    const again = await runBackfill(backfillDeps(emulator, store, clock));
    assert.equal(again.slices, 0);
    assert.equal((await store.events.findEvents(filter, { limit: 1, offset: 0 })).total, expected.size);
  } finally {
    await store.close();
    await emulator.close();
  }
});
