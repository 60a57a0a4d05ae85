/**
 * The Store contract: every implementation (SQLite, PostgreSQL) registers these suites, one per
 * concern, with its own `open`, which must return a fresh, empty store each time. Times are
 * compared as instants, so an implementation may spell them "…Z" or "….000Z".
 */
import { describe } from 'node:test';
import type { Store } from '../../src/store/store.ts';
import { alertsContract } from './alerts-contract.ts';
import { botStateContract } from './bot-state-contract.ts';
import { withStore } from './contract-helpers.ts';
import { eventsContract } from './events-contract.ts';
import { flowIdentityContract } from './flow-identity-contract.ts';
import { governanceContract } from './governance-contract.ts';
import { ingestBlobsContract } from './ingest-blobs-contract.ts';
import { inventoryContract } from './inventory-contract.ts';
import { leaseContract } from './lease-contract.ts';
import { syncStateContract } from './sync-state-contract.ts';

export function storeContract(name: string, open: () => Promise<Store>): void {
  const run = (fn: (store: Store) => Promise<void>) => () => withStore(open, fn);
  describe(`Store contract: ${name}`, () => {
    describe('events', () => {
      eventsContract(run);
      ingestBlobsContract(run);
    });
    describe('inventory', () => inventoryContract(run));
    flowIdentityContract(run);
    governanceContract(run);
    describe('sync state', () => syncStateContract(run));
    describe('bot state', () => botStateContract(run));
    describe('leases', () => leaseContract(run));
    alertsContract(run);
  });
}
