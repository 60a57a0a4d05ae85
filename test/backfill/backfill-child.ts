/**
 * Runs one backfill in its own process against an emulator the parent started, printing
 * "slice <from>" after each stored day, so the parent can SIGKILL it half-way
 * (backfill-crash.test.ts).
 */
import type { RunningEmulator } from '../../src/emulator/index.ts';
import { SqliteStore } from '../../src/store/sqlite/sqlite-store.ts';
import { runBackfill } from '../../src/sync/backfill/run-backfill.ts';
import { backfillDeps, TestClock } from './backfill-client.ts';

const args = JSON.parse(process.argv[2] ?? '{}') as {
  url: string;
  tenantId: string;
  clientId: string;
  clientSecret: string;
  dbFile: string;
  now: string;
};
const clock = new TestClock(Date.parse(args.now));
const store = SqliteStore.open(args.dbFile);
// backfillDeps reads only the emulator's address and credentials.
const deps = backfillDeps(args as unknown as RunningEmulator, store, clock);
await runBackfill({ ...deps, onSlice: (slice) => void process.stdout.write(`slice ${slice.from}\n`) });
await store.close();
process.stdout.write('finished\n');
