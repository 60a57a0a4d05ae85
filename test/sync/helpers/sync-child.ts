/**
 * A sync in its own process, for the crash test: `node bin/run-ts.js test/sync/helpers/sync-child.ts
 * '<json>'` with {url, tenantId, clientId, clientSecret, dbFile, now, blobConcurrency}. Runs one
 * sync against the emulator of the parent and exits; the parent kills it part-way.
 */
import { createLogger } from '../../../src/log.ts';
import { SqliteStore } from '../../../src/store/sqlite/sqlite-store.ts';
import { runSync } from '../../../src/sync/run-sync.ts';
import { emulatorClient } from './emulator-client.ts';
import { readChildSettings, type ChildSettings } from '../../helpers/kill-child.ts';

interface ChildArgs extends ChildSettings {
  blobConcurrency: number;
}

const args = readChildSettings<ChildArgs>();
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
