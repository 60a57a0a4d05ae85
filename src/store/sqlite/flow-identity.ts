/**
 * FlowIdentityStore and FlowIdentityWriter in SQLite (tables of migration 6). Reads and writes
 * run on the store's own connection: the inventory is a few tens of thousands of rows, read by
 * key or by a filter the indexes serve. Each write is one transaction.
 */
import type {
  EnvironmentIdentity,
  FlowIdentity,
  FlowListing,
  FlowStateChange,
  InventoryPass,
  OwnerIdentity,
  WorkflowConnectors,
} from '../../model/flow-identity.ts';
import type { FlowIdentityFilter, FlowIdentityStore, FlowIdentityWriter } from '../flow-identity-store.ts';
import {
  FLOW_IDENTITY_ORDER,
  FLOW_IDENTITY_SELECT,
  FLOW_WRITE_COLUMNS,
  connectorKeys,
  connectorsMarkTime,
  flowFilterWhere,
  flowUpsertSql,
  flowWriteValues,
  rowToFlowIdentity,
  stateChangeOf,
  type FlowIdentityRow,
  type StoredFlowState,
} from '../flow-identity-rows.ts';
import {
  environmentRowToIdentity,
  passFromRow,
  type EnvironmentRow,
  type StateChangeRow,
  rowToStateChange,
  rowToOwner,
  type OwnerRow,
} from '../flow-identity-more-rows.ts';
import { toMillis } from '../time-ranges.ts';
import { placeholders } from './filter.ts';
import { chunks, type StatementCache } from './statements.ts';

const bit = (b: boolean) => (b ? 1 : 0);

export class SqliteFlowIdentity implements FlowIdentityStore, FlowIdentityWriter {
  constructor(private readonly statements: StatementCache) {}

  private selectWhere(filter: FlowIdentityFilter): { where: string; params: unknown[] } {
    const params: unknown[] = [];
    const where = flowFilterWhere(filter, (v) => (params.push(v), '?'), '0');
    return { where, params };
  }

  async getFlowIdentities(flowIds: string[]): Promise<FlowIdentity[]> {
    const out: FlowIdentity[] = [];
    for (const ids of chunks([...new Set(flowIds)])) {
      const marks = placeholders(ids.length);
      const rows = this.statements
        .get(`${FLOW_IDENTITY_SELECT} WHERE f.flow_id IN (${marks}) OR f.dataverse_id IN (${marks})`)
        .all(...ids, ...ids) as FlowIdentityRow[];
      for (const row of rows) out.push(rowToFlowIdentity(row));
    }
    return out;
  }

  async listFlowIdentities(filter: FlowIdentityFilter, limit: number, offset: number): Promise<FlowIdentity[]> {
    const { where, params } = this.selectWhere(filter);
    const rows = this.statements
      .get(`${FLOW_IDENTITY_SELECT} ${where} ${FLOW_IDENTITY_ORDER} LIMIT ? OFFSET ?`)
      .all(...params, limit, offset) as FlowIdentityRow[];
    return rows.map(rowToFlowIdentity);
  }

  async countFlowIdentities(filter: FlowIdentityFilter): Promise<number> {
    const { where, params } = this.selectWhere(filter);
    const sql = `SELECT count(*) FROM inventory_flows f LEFT JOIN inventory_owners o ON o.object_id = f.creator_object_id ${where}`;
    return this.statements
      .get(sql)
      .pluck()
      .get(...params) as number;
  }

  async listEnvironments(): Promise<EnvironmentIdentity[]> {
    const rows = this.statements
      .get('SELECT * FROM inventory_environments ORDER BY display_name_lc, environment_id')
      .all() as EnvironmentRow[];
    return rows.map(environmentRowToIdentity);
  }

  async listStateChanges(from: string, to: string): Promise<FlowStateChange[]> {
    const rows = this.statements
      .get('SELECT * FROM inventory_state_changes WHERE seen_ms >= ? AND seen_ms < ? ORDER BY seen_ms, seq')
      .all(toMillis(from, 'from'), toMillis(to, 'to')) as StateChangeRow[];
    return rows.map(rowToStateChange);
  }

  async getOwners(objectIds: string[]): Promise<OwnerIdentity[]> {
    const out: OwnerIdentity[] = [];
    for (const ids of chunks([...new Set(objectIds)])) {
      const rows = this.statements
        .get(`SELECT * FROM inventory_owners WHERE object_id IN (${placeholders(ids.length)})`)
        .all(...ids) as OwnerRow[];
      for (const row of rows) out.push(rowToOwner(row));
    }
    return out;
  }

  async saveEnvironments(environments: EnvironmentIdentity[], now: string): Promise<void> {
    const upsert = this.statements.get(
      `INSERT INTO inventory_environments (environment_id, display_name, display_name_lc, type, dataverse_url, seen_at)
       VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT (environment_id) DO UPDATE SET display_name = excluded.display_name,
         display_name_lc = excluded.display_name_lc, type = excluded.type, dataverse_url = excluded.dataverse_url,
         seen_at = excluded.seen_at`,
    );
    this.statements.db.transaction(() => {
      for (const e of environments) {
        upsert.run(e.environmentId, e.displayName, e.displayName.toLowerCase(), e.type, e.dataverseUrl, now);
      }
    })();
  }

  async saveFlows(flows: FlowListing[], now: string): Promise<FlowStateChange[]> {
    const nowMs = toMillis(now, 'now');
    const upsert = this.statements.get(
      flowUpsertSql(
        FLOW_WRITE_COLUMNS.map(() => '?'),
        '0',
      ),
    );
    const stored = this.statements.get('SELECT flow_id, state, deleted FROM inventory_flows WHERE flow_id = ?');
    const listed = this.statements.get(
      'SELECT listed_at IS NOT NULL FROM inventory_environments WHERE environment_id = ?',
    );
    return this.statements.db
      .transaction(() => {
        const changes: FlowStateChange[] = [];
        for (const flow of flows) {
          const before = stored.get(flow.flowId) as StoredFlowState | undefined;
          const change = stateChangeOf(before, flow, listed.pluck().get(flow.environmentId) === 1, now);
          upsert.run(...flowWriteValues(flow, now, nowMs, bit));
          if (change) {
            this.insertChange(change);
            changes.push(change);
          }
        }
        return changes;
      })
      .immediate();
  }

  private insertChange(change: FlowStateChange): void {
    this.statements
      .get(
        `INSERT INTO inventory_state_changes (flow_id, from_state, to_state, suspension_reason, seen_at, seen_ms)
         VALUES (?, ?, ?, ?, ?, ?)`,
      )
      .run(change.flowId, change.from, change.to, change.suspensionReason, change.seenAt, toMillis(change.seenAt));
  }

  async markUnseenDeleted(environmentId: string, seenSince: string, now: string): Promise<number> {
    const sinceMs = toMillis(seenSince, 'seenSince');
    return this.statements.db
      .transaction(() => {
        const gone = this.statements
          .get(
            'SELECT flow_id, state FROM inventory_flows WHERE environment_id = ? AND last_seen_ms < ? AND deleted = 0',
          )
          .all(environmentId, sinceMs) as Array<{ flow_id: string; state: string }>;
        const mark = this.statements.get('UPDATE inventory_flows SET deleted = 1, deleted_at = ? WHERE flow_id = ?');
        for (const row of gone) {
          mark.run(now, row.flow_id);
          const from = row.state as FlowStateChange['from'];
          this.insertChange({ flowId: row.flow_id, from, to: 'deleted', suspensionReason: null, seenAt: now });
        }
        this.statements
          .get('UPDATE inventory_environments SET listed_at = ? WHERE environment_id = ?')
          .run(now, environmentId);
        return gone.length;
      })
      .immediate();
  }

  private setConnectors(flowId: string, connectors: string[], source: string, asOf: string | null): void {
    this.statements
      .get('UPDATE inventory_flows SET connectors = ?, connector_source = ?, connectors_as_of = ? WHERE flow_id = ?')
      .run(JSON.stringify(connectors), source, asOf, flowId);
    this.statements.get('DELETE FROM inventory_flow_connectors WHERE flow_id = ?').run(flowId);
    const add = this.statements.get('INSERT INTO inventory_flow_connectors (flow_id, connector_lc) VALUES (?, ?)');
    for (const key of connectorKeys(connectors)) add.run(flowId, key);
  }

  async saveWorkflowConnectors(rows: WorkflowConnectors[]): Promise<void> {
    const setId = this.statements.get('UPDATE inventory_flows SET dataverse_id = ? WHERE flow_id = ?');
    this.statements.db.transaction(() => {
      for (const row of rows) {
        if (setId.run(row.dataverseId === row.flowId ? null : row.dataverseId, row.flowId).changes === 0) continue;
        this.setConnectors(row.flowId, row.connectors, 'dataverse', row.modifiedAt);
      }
    })();
  }

  async adoptLastEditConnectors(flowIds: string[]): Promise<void> {
    this.statements.db.transaction(() => {
      for (const ids of chunks([...new Set(flowIds)])) {
        const rows = this.statements
          .get(
            `SELECT e.flow_id, e.connectors, e.seen FROM flows e JOIN inventory_flows f ON f.flow_id = e.flow_id
             WHERE e.flow_id IN (${placeholders(ids.length)}) AND (f.connector_source IS NULL OR f.connector_source <> 'dataverse')`,
          )
          .all(...ids) as Array<{ flow_id: string; connectors: string; seen: string }>;
        for (const row of rows) {
          const asOf = connectorsMarkTime(row.seen);
          if (asOf) this.setConnectors(row.flow_id, JSON.parse(row.connectors) as string[], 'last-edit', asOf);
        }
      }
    })();
  }

  async saveOwners(owners: OwnerIdentity[], now: string): Promise<void> {
    const upsert = this.statements.get(
      `INSERT INTO inventory_owners (object_id, upn, upn_lc, display_name, gone, resolved_at) VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT (object_id) DO UPDATE SET upn = excluded.upn, upn_lc = excluded.upn_lc,
         display_name = excluded.display_name, gone = excluded.gone, resolved_at = excluded.resolved_at`,
    );
    this.statements.db.transaction(() => {
      for (const o of owners) {
        upsert.run(o.objectId, o.upn, o.upn?.toLowerCase() ?? null, o.displayName, bit(o.gone), now);
      }
    })();
  }

  async unresolvedCreators(limit: number): Promise<string[]> {
    return this.statements
      .get(
        `SELECT DISTINCT f.creator_object_id FROM inventory_flows f
         LEFT JOIN inventory_owners o ON o.object_id = f.creator_object_id
         WHERE f.creator_object_id IS NOT NULL AND o.object_id IS NULL ORDER BY 1 LIMIT ?`,
      )
      .pluck()
      .all(limit) as string[];
  }

  async getPass(): Promise<InventoryPass | null> {
    const row = this.statements
      .get('SELECT progress FROM inventory_passes ORDER BY started_ms DESC, pass_id DESC LIMIT 1')
      .get() as { progress: string } | undefined;
    return row ? passFromRow(row.progress) : null;
  }

  async savePass(pass: InventoryPass): Promise<void> {
    this.statements
      .get(
        `INSERT INTO inventory_passes (pass_id, started_ms, progress) VALUES (?, ?, ?)
         ON CONFLICT (pass_id) DO UPDATE SET progress = excluded.progress`,
      )
      .run(pass.passId, toMillis(pass.startedAt, 'startedAt'), JSON.stringify(pass));
  }
}
