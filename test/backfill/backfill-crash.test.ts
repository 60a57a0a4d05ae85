/**
 * A backfill killed with SIGKILL half-way (in another process) and resumed here (issue 12): every
 * day the killed run marked done holds exactly that day's events (a day's last batch is stored with
 * its done mark in one transaction; the child stores a day in batches of 10 events, so the kill
 * also finds days partly stored and not done), and after the resumed run the store equals the
 * emulator's audit log for all 30 days: nothing lost, nothing doubled.
 */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { normalizeRecord } from '../../src/audit/normalize.ts';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.ts';
import { SqliteStore } from '../../src/store/sqlite/sqlite-store.ts';
import { DAY_MS, installSlices } from '../../src/sync/backfill/plan-slices.ts';
import { runBackfill } from '../../src/sync/backfill/run-backfill.ts';
import { childSettings, spawnKillable } from '../helpers/kill-child.ts';
import { backfillDeps, TestClock } from './backfill-client.ts';

const T0 = Date.parse('2026-11-20T12:00:00.000Z');
const dir = mkdtempSync(path.join(tmpdir(), 'flowwatch-backfill-crash-'));
after(() => rmSync(dir, { recursive: true, force: true }));

/** The ids of the emulator's logged Flow records in [from, to). */
function truthIds(emulator: RunningEmulator, from: number, to: number): Set<string> {
  return new Set(
    emulator.loggedFlowRecords(new Date(from), new Date(to)).map((r) => {
      const o = normalizeRecord(r);
      return o.kind === 'flow' ? o.event.id : '';
    }),
  );
}

async function storedIds(store: SqliteStore, from: number, to: number): Promise<string[]> {
  const filter = { from: new Date(from).toISOString(), to: new Date(to).toISOString() };
  return (await store.events.findEvents(filter, { limit: 100_000, offset: 0 })).events.map((e) => e.id);
}

test('a backfill killed with SIGKILL mid-way resumes and ends equal to the audit log', async () => {
  const clock = new TestClock(T0);
  const emulator = await startEmulator({
    seed: 29,
    makers: 8,
    environments: 3,
    flowsPerDay: 12,
    days: 35,
    now: clock.now,
    auditQuery: { pageSize: 20, startSeconds: 0, runSeconds: 0 },
  });
  const file = path.join(dir, 'backfill.db');
  try {
    const planned = SqliteStore.open(file);
    assert.equal(await planned.backfill.planSlices(installSlices(30, clock.now()), clock.now()), 30);
    await planned.close();
    // Slow enough that the kill lands between days.
    emulator.setFaults({ slowMs: 30 });

    const child = spawnKillable(
      'test/backfill/backfill-child.ts',
      childSettings(emulator, file, clock.now().toISOString()),
    );
    await child.killWhen('three stored days', () => (child.stdout().match(/^slice /gm) ?? []).length >= 3, 60_000);
    assert.doesNotMatch(child.stdout(), /finished/);
    emulator.setFaults({ slowMs: 0 });

    const store = SqliteStore.open(file);
    try {
      const atKill = await store.backfill.listSlices();
      const done = atKill.filter((s) => s.done);
      assert.ok(done.length >= 3 && done.length < 30, `${done.length} days done when killed`);
      for (const slice of done) {
        const [from, to] = [Date.parse(slice.from), Date.parse(slice.to)];
        assert.deepEqual(new Set(await storedIds(store, from, to)), truthIds(emulator, from, to), slice.from);
      }

      const resumed = await runBackfill(backfillDeps(emulator, store, clock));
      assert.equal(resumed.failed, 0);
      assert.equal(resumed.slices, 30 - done.length, 'the resumed run reads only the days not done');
      assert.equal(resumed.progress.status, 'done');

      const today = Math.floor(T0 / DAY_MS) * DAY_MS;
      const [from, to] = [today - 30 * DAY_MS, today];
      const expected = truthIds(emulator, from, to);
      assert.ok(expected.size > 500, `tenant too small: ${expected.size}`);
      const stored = await storedIds(store, from, to);
      assert.equal(stored.length, expected.size);
      assert.deepEqual(new Set(stored), expected);
    } finally {
      await store.close();
    }
  } finally {
    await emulator.close();
  }
});
