/**
 * Runs one backfill in its own process against an emulator the parent started, printing
 * "slice <from>" after each stored day, so the parent can SIGKILL it half-way
 * (backfill-crash.test.ts).
 */
import { SqliteStore } from '../../src/store/sqlite/sqlite-store.ts';
import { runBackfill } from '../../src/sync/backfill/run-backfill.ts';
import { readChildSettings } from '../helpers/kill-child.ts';
import { backfillDeps, TestClock } from './backfill-client.ts';

const args = readChildSettings();
const clock = new TestClock(Date.parse(args.now));
const store = SqliteStore.open(args.dbFile);
const deps = backfillDeps(args, store, clock);
// Small batches: the kill lands while a day has some of its events stored and no done mark yet.
await runBackfill({ ...deps, flushEvents: 10, onSlice: (slice) => void process.stdout.write(`slice ${slice.from}\n`) });
await store.close();
process.stdout.write('finished\n');
