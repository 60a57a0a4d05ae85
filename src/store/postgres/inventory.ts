import type { FlowInventoryEntry } from '../../model/flow-event.ts';
import type { InventoryStore } from '../inventory-store.ts';
import type { PgRunner } from './pg-runner.ts';
import { selectFlows } from './queries.ts';

/** InventoryStore in PostgreSQL: the flows table that ingest.ts keeps. */
export class PostgresInventory implements InventoryStore {
  constructor(private readonly db: PgRunner) {}

  getFlows(flowIds: string[]): Promise<FlowInventoryEntry[]> {
    return this.db.run((pool) => selectFlows(pool, flowIds));
  }
}
