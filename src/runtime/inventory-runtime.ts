/**
 * The inventory sync of a runtime: the real clients pointed at the tenant's clouds, or at the
 * emulator in demo mode, sharing the audit feed's one token provider.
 */
import type { ScopedTokenProvider } from '../audit/token-provider.ts';
import type { Config } from '../config/load-config.ts';
import { InventoryClient } from '../inventory/admin-client.ts';
import { emulatorInventoryHosts } from '../inventory/emulator-hosts.ts';
import type { Logger } from '../log.ts';
import type { Store } from '../store/store.ts';
import { InventorySchedule } from '../sync/inventory/inventory-schedule.ts';
import { InventorySync } from '../sync/inventory/inventory-sync.ts';

export interface InventoryParts {
  config: Config;
  /** The emulator's URL in demo mode (built in or EMULATOR_URL), else null. */
  emulatorUrl: string | null;
  tokens: ScopedTokenProvider;
  store: Store;
  log: Logger;
  now: () => Date;
}

export function buildInventory({ config, emulatorUrl, tokens, store, log, now }: InventoryParts): InventorySchedule {
  const inventory = config.inventory;
  const client = new InventoryClient({
    tokens,
    hosts: emulatorUrl ? emulatorInventoryHosts(emulatorUrl) : inventory.hosts,
    httpTimeoutMs: config.sync.httpTimeoutMs,
    maxRetries: config.sync.maxRetries,
    sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
    random: Math.random,
    now,
    logger: log.child({ component: 'inventory-api' }),
  });
  const sync = new InventorySync({
    client,
    store,
    now,
    logger: log.child({ component: 'inventory' }),
    graphLookup: inventory.graphLookup,
    concurrency: inventory.concurrency,
  });
  return new InventorySchedule(
    sync,
    store,
    inventory.intervalHours * 3_600_000,
    now,
    log.child({ component: 'inventory' }),
  );
}
