import type { FlowInventoryEntry } from '../../model/flow-event.ts';
import type { InventoryStore } from '../inventory-store.ts';
import type { SqliteReader } from './reader.ts';

/** InventoryStore in SQLite: the flows table that ingest.ts keeps, read like any question. */
export class SqliteInventory implements InventoryStore {
  constructor(private readonly read: SqliteReader) {}

  getFlows(flowIds: string[]): Promise<FlowInventoryEntry[]> {
    return this.read('getFlows', flowIds);
  }
}
