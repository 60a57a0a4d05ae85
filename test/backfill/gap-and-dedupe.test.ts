/**
 * Backfill beside the Management API sync, over real HTTP (issue 12): after simulated downtime the
 * sync records expired content as gaps; the gap's days are queued for backfill instead of lost and
 * filled from the Graph audit query API; the same records arriving from both sources are stored
 * once. Runs on SQLite, and on PostgreSQL when FLOWWATCH_TEST_DATABASE_URL is set.
 */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { normalizeRecord } from '../../src/audit/normalize.ts';
import { startEmulator } from '../../src/emulator/index.ts';
import { createLogger } from '../../src/log.ts';
import { SqliteStore } from '../../src/store/sqlite/sqlite-store.ts';
import { openPostgresStore } from '../../src/store/postgres/postgres-store.ts';
import { createTestSchema, postgresSkipReason, TEST_DATABASE_URL } from '../store/postgres-test-database.ts';
import { daySlices, DAY_MS } from '../../src/sync/backfill/plan-slices.ts';
import { gapSlices } from '../../src/sync/backfill/plan-gaps.ts';
import { runBackfill } from '../../src/sync/backfill/run-backfill.ts';
import { runSync } from '../../src/sync/run-sync.ts';
import { emulatorClient } from '../sync/helpers/emulator-client.ts';
import { backfillDeps, TestClock } from './backfill-client.ts';

const T0 = Date.parse('2026-11-20T12:00:00.000Z');
const dir = mkdtempSync(path.join(tmpdir(), 'flowwatch-backfill-gap-'));
after(() => rmSync(dir, { recursive: true, force: true }));
const skip = await postgresSkipReason();
const schema = skip ? null : await createTestSchema('fw_backfill_gap');
after(() => schema?.drop());

for (const kind of ['sqlite', 'postgres'] as const) {
  test(
    `${kind}: a gap after downtime is filled by backfill; records from both sources are stored once`,
    { skip: kind === 'postgres' ? skip || false : false },
    async () => {
      const clock = new TestClock(T0);
      const emulator = await startEmulator({
        seed: 21,
        makers: 8,
        environments: 3,
        flowsPerDay: 15,
        days: 20,
        duplicateRate: 0.05,
        now: clock.now,
        startSubscribed: true,
      });
      const store =
        kind === 'sqlite'
          ? SqliteStore.open(path.join(dir, 'gap.db'))
          : await openPostgresStore({ connectionString: TEST_DATABASE_URL, schema: schema!.schema, max: 4 });
      const sync = () =>
        runSync({
          feed: emulatorClient(emulator, { now: clock.now }),
          store,
          now: clock.now,
          log: createLogger('silent'),
          options: { overlapMs: 15 * 60_000, blobConcurrency: 4 },
        });
      try {
        await sync();
        // Down for 10 days: what was published in between expires.
        clock.ms += 10 * DAY_MS;
        await sync();
        const slices = await gapSlices(store, clock.now());
        assert.ok(slices.length >= 3, `the downtime left ${slices.length} days to backfill`);
        assert.ok((await store.backfill.planSlices(slices, clock.now())) > 0);
        // The Management API's own days too: every record of them arrives from both sources.
        await store.backfill.planSlices(
          daySlices(clock.ms - 5 * DAY_MS, clock.ms, clock.now(), 'on-demand'),
          clock.now(),
        );
        const report = await runBackfill(backfillDeps(emulator, store, clock));
        assert.equal(report.failed, 0);
        assert.ok(report.duplicates > 0, 'no record came from both sources');

        const today = Math.floor(clock.ms / DAY_MS) * DAY_MS;
        const from = new Date(Math.min(...slices.map((s) => Date.parse(s.from))));
        const to = new Date(today - DAY_MS);
        const expected = new Set(
          emulator.loggedFlowRecords(from, to).map((r) => {
            const o = normalizeRecord(r);
            return o.kind === 'flow' ? o.event.id : '';
          }),
        );
        const { total, events } = await store.events.findEvents(
          { from: from.toISOString(), to: to.toISOString() },
          { limit: 100_000, offset: 0 },
        );
        assert.equal(total, expected.size);
        for (const e of events) assert.ok(expected.has(e.id));
      } finally {
        await store.close();
        await emulator.close();
      }
    },
  );
}
