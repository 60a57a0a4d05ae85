/**
 * Runs one inventory pass in its own process against an emulator the parent started, printing
 * "page N" after each saved page, so the parent can SIGKILL it half-way (inventory-crash.test.ts).
 */
import { SqliteStore } from '../../src/store/sqlite/sqlite-store.ts';
import { runInventoryPass } from '../../src/sync/inventory/inventory-pass.ts';
import { readChildSettings } from '../helpers/kill-child.ts';
import { inventoryClient } from './helpers.ts';

const args = readChildSettings();
const now = () => new Date(args.now);
const store = SqliteStore.open(args.dbFile);
let pages = 0;
await runInventoryPass({
  client: inventoryClient(args, now),
  store,
  now,
  graphLookup: true,
  concurrency: 2,
  afterPage: () => void process.stdout.write(`page ${++pages}\n`),
});
await store.close();
process.stdout.write('finished\n');
