/**
 * The sync lease of a replica: with a store that several replicas share (PostgreSQL), only the
 * holder of the "sync" lease syncs; it renews the lease on a beat while it lives, and when it dies
 * another replica takes the lease within LEASE_TTL_SECONDS and starts a sync at once, resuming
 * from the stored cursor (done blobs are skipped, events dedupe on id). The SQLite file is one
 * process's store, so it needs no lease.
 */
import type { Logger } from '../log.ts';
import { LeaseKeeper, replicaId, type LeaseStatus } from './lease-keeper.ts';
import type { Store } from '../store/store.ts';

export const SYNC_LEASE = 'sync';

export interface SyncLease {
  /** For SyncLoop's `acquire` hook: true when this replica may sync now. Starts the renew beat. */
  acquire(): Promise<boolean>;
  status(): LeaseStatus;
  /** Graceful shutdown: hand the lease back so another replica takes over at once. */
  release(): Promise<void>;
}

export interface SyncLeaseOptions {
  store: Store;
  ttlMs: number;
  log: Logger;
  now: () => Date;
  /** Called when this replica takes the lease over (start a sync). */
  onTakeover: () => void;
  holder?: string;
}

/** Null for stores that are not shared between processes. */
export function createSyncLease(options: SyncLeaseOptions): SyncLease | null {
  if (options.store.kind !== 'postgres') return null;
  const holder = options.holder ?? replicaId();
  const keeper = new LeaseKeeper({
    leases: options.store.leases,
    name: SYNC_LEASE,
    holder,
    ttlMs: options.ttlMs,
    now: options.now,
    log: options.log.child({ replica: holder }),
    onAcquired: options.onTakeover,
  });
  return {
    acquire: () => {
      keeper.start();
      return keeper.acquire();
    },
    status: () => keeper.status(),
    release: () => keeper.release(),
  };
}
