/**
 * A sync in its own process, for the crash test: `node bin/run-ts.js test/sync/helpers/sync-child.ts
 * '<json>'` with {url, tenantId, clientId, clientSecret, dbFile, now, blobConcurrency}. Runs one
 * sync against the emulator of the parent and exits; the parent kills it part-way.
 */
import { createLogger } from '../../../src/log.ts';
import { SqliteStore } from '../../../src/store/sqlite/sqlite-store.ts';
import { runSync } from '../../../src/sync/run-sync.ts';
import { emulatorClient } from './emulator-client.ts';

interface ChildArgs {
  url: string;
  tenantId: string;
  clientId: string;
  clientSecret: string;
  dbFile: string;
  now: string;
  blobConcurrency: number;
}

const args = JSON.parse(process.argv[2] ?? '{}') as ChildArgs;
const now = () => new Date(args.now);
const store = SqliteStore.open(args.dbFile);
const feed = emulatorClient(args, { now, blobConcurrency: args.blobConcurrency });
const report = await runSync({
  feed,
  store,
  now,
  log: createLogger('silent'),
  options: { overlapMs: 15 * 60_000, blobConcurrency: args.blobConcurrency },
});
await store.close();
process.stdout.write(JSON.stringify(report) + '\n');
