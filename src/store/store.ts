import type { AlertStore } from './alert-store.ts';
import type { BackfillStore } from './backfill-store.ts';
import type { BotStateStore } from './bot-state-store.ts';
import type { EventStore } from './event-store.ts';
import type { FlowIdentityStore, FlowIdentityWriter } from './flow-identity-store.ts';
import type { GovernanceStore } from './governance-store.ts';
import type { IncidentStore } from './incident-store.ts';
import type { InventoryStore } from './inventory-store.ts';
import type { LeaseStore } from './lease-store.ts';
import type { SyncStateStore } from './sync-state-store.ts';

/**
 * Everything Flowwatch persists, one small interface per concern, with two implementations:
 * SQLite by default (sqlite/), PostgreSQL for replicas (postgres/). Each concern has its own
 * contract suite (test/store/*-contract.ts) that both pass. Callers take the concerns they use
 * (`Pick<Store, 'events' | 'inventory'>`), so what a module touches is in its signature.
 * Times are ISO 8601 UTC strings; ranges are half-open [from, to).
 */
export interface Store {
  /** For logs and /healthz. */
  readonly kind: 'sqlite' | 'postgres';
  readonly events: EventStore;
  readonly inventory: InventoryStore;
  /** The flow inventory from the admin APIs (issue 11): answers read it, the inventory sync writes it. */
  readonly flowIdentity: FlowIdentityStore & FlowIdentityWriter;
  readonly syncState: SyncStateStore;
  readonly botState: BotStateStore;
  readonly leases: LeaseStore;
  readonly alerts: AlertStore;
  readonly incidents: IncidentStore;
  /** Connection and Power Platform admin events (issue 12). */
  readonly governance: GovernanceStore;
  /** The backfill plan through the Graph audit log query API (issue 12). */
  readonly backfill: BackfillStore;
  /** Cheap liveness check; throws when the store is unreachable. */
  ping(): Promise<void>;
  close(): Promise<void>;
}
