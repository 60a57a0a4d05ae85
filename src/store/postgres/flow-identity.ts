/**
 * FlowIdentityStore and FlowIdentityWriter in PostgreSQL (tables of migration 4), with the same
 * SQL as SQLite's (flow-identity-rows.ts). Writes of a page are one transaction; saveFlows locks
 * the page's rows (FOR UPDATE) so two writers cannot both record the same state change.
 */
import type pg from 'pg';
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
  rowToOwner,
  rowToStateChange,
  type EnvironmentRow,
  type OwnerRow,
  type StateChangeRow,
} from '../flow-identity-more-rows.ts';
import { toMillis } from '../time-ranges.ts';
import type { PgRunner } from './pg-runner.ts';

type Db = pg.Pool | pg.PoolClient;

async function insertChange(db: Db, change: FlowStateChange): Promise<void> {
  await db.query(
    `INSERT INTO inventory_state_changes (flow_id, from_state, to_state, suspension_reason, seen_at, seen_ms)
     VALUES ($1, $2, $3, $4, $5, $6)`,
    [change.flowId, change.from, change.to, change.suspensionReason, change.seenAt, toMillis(change.seenAt)],
  );
}

async function setConnectors(db: Db, flowId: string, connectors: string[], source: string, asOf: string | null) {
  await db.query(
    'UPDATE inventory_flows SET connectors = $1, connector_source = $2, connectors_as_of = $3 WHERE flow_id = $4',
    [JSON.stringify(connectors), source, asOf, flowId],
  );
  await db.query('DELETE FROM inventory_flow_connectors WHERE flow_id = $1', [flowId]);
  await db.query(
    'INSERT INTO inventory_flow_connectors (flow_id, connector_lc) SELECT $1, unnest($2::text[]) ON CONFLICT DO NOTHING',
    [flowId, connectorKeys(connectors)],
  );
}

export class PostgresFlowIdentity implements FlowIdentityStore, FlowIdentityWriter {
  constructor(private readonly db: PgRunner) {}

  private selectWhere(filter: FlowIdentityFilter): { where: string; params: unknown[] } {
    const params: unknown[] = [];
    const where = flowFilterWhere(filter, (v) => `$${params.push(v)}`, 'false');
    return { where, params };
  }

  async getFlowIdentities(flowIds: string[]): Promise<FlowIdentity[]> {
    if (flowIds.length === 0) return [];
    const { rows } = await this.db.run((pool) =>
      pool.query<FlowIdentityRow>(
        `${FLOW_IDENTITY_SELECT} WHERE f.flow_id = ANY($1::text[]) OR f.dataverse_id = ANY($1::text[])`,
        [[...new Set(flowIds)]],
      ),
    );
    return rows.map(rowToFlowIdentity);
  }

  async listFlowIdentities(filter: FlowIdentityFilter, limit: number, offset: number): Promise<FlowIdentity[]> {
    const { where, params } = this.selectWhere(filter);
    const sql = `${FLOW_IDENTITY_SELECT} ${where} ${FLOW_IDENTITY_ORDER} LIMIT $${params.length + 1} OFFSET $${params.length + 2}`;
    const { rows } = await this.db.run((pool) => pool.query<FlowIdentityRow>(sql, [...params, limit, offset]));
    return rows.map(rowToFlowIdentity);
  }

  async countFlowIdentities(filter: FlowIdentityFilter): Promise<number> {
    const { where, params } = this.selectWhere(filter);
    const sql = `SELECT count(*) AS n FROM inventory_flows f LEFT JOIN inventory_owners o ON o.object_id = f.creator_object_id ${where}`;
    const { rows } = await this.db.run((pool) => pool.query<{ n: string }>(sql, params));
    return Number(rows[0]?.n ?? 0);
  }

  async listEnvironments(): Promise<EnvironmentIdentity[]> {
    const { rows } = await this.db.run((pool) =>
      pool.query<EnvironmentRow>('SELECT * FROM inventory_environments ORDER BY display_name_lc, environment_id'),
    );
    return rows.map(environmentRowToIdentity);
  }

  async listStateChanges(from: string, to: string): Promise<FlowStateChange[]> {
    const { rows } = await this.db.run((pool) =>
      pool.query<StateChangeRow>(
        'SELECT * FROM inventory_state_changes WHERE seen_ms >= $1 AND seen_ms < $2 ORDER BY seen_ms, seq',
        [toMillis(from, 'from'), toMillis(to, 'to')],
      ),
    );
    return rows.map(rowToStateChange);
  }

  async getOwners(objectIds: string[]): Promise<OwnerIdentity[]> {
    if (objectIds.length === 0) return [];
    const { rows } = await this.db.run((pool) =>
      pool.query<OwnerRow>('SELECT * FROM inventory_owners WHERE object_id = ANY($1::text[])', [
        [...new Set(objectIds)],
      ]),
    );
    return rows.map(rowToOwner);
  }

  async saveEnvironments(environments: EnvironmentIdentity[], now: string): Promise<void> {
    await this.db.transaction(async (client) => {
      for (const e of environments) {
        await client.query(
          `INSERT INTO inventory_environments (environment_id, display_name, display_name_lc, type, dataverse_url, seen_at)
           VALUES ($1, $2, $3, $4, $5, $6)
           ON CONFLICT (environment_id) DO UPDATE SET display_name = excluded.display_name,
             display_name_lc = excluded.display_name_lc, type = excluded.type, dataverse_url = excluded.dataverse_url,
             seen_at = excluded.seen_at`,
          [e.environmentId, e.displayName, e.displayName.toLowerCase(), e.type, e.dataverseUrl, now],
        );
      }
    });
  }

  async saveFlows(flows: FlowListing[], now: string): Promise<FlowStateChange[]> {
    if (flows.length === 0) return [];
    const nowMs = toMillis(now, 'now');
    const upsert = flowUpsertSql(
      FLOW_WRITE_COLUMNS.map((_, i) => `$${i + 1}`),
      'false',
    );
    return this.db.transaction(async (client) => {
      const ids = [...new Set(flows.map((f) => f.flowId))];
      const stored = await client.query<StoredFlowState>(
        'SELECT flow_id, state, deleted FROM inventory_flows WHERE flow_id = ANY($1::text[]) ORDER BY flow_id FOR UPDATE',
        [ids],
      );
      const byId = new Map(stored.rows.map((r) => [r.flow_id, r]));
      const listed = await client.query<{ environment_id: string }>(
        'SELECT environment_id FROM inventory_environments WHERE environment_id = ANY($1::text[]) AND listed_at IS NOT NULL',
        [[...new Set(flows.map((f) => f.environmentId))]],
      );
      const listedIds = new Set(listed.rows.map((r) => r.environment_id));
      const changes: FlowStateChange[] = [];
      for (const flow of flows) {
        const change = stateChangeOf(byId.get(flow.flowId), flow, listedIds.has(flow.environmentId), now);
        await client.query(
          upsert,
          flowWriteValues(flow, now, nowMs, (b) => b),
        );
        byId.set(flow.flowId, { flow_id: flow.flowId, state: flow.state, deleted: false });
        if (change) {
          await insertChange(client, change);
          changes.push(change);
        }
      }
      return changes;
    });
  }

  async markUnseenDeleted(environmentId: string, seenSince: string, now: string): Promise<number> {
    return this.db.transaction(async (client) => {
      const { rows } = await client.query<{ flow_id: string; state: string }>(
        `UPDATE inventory_flows f SET deleted = true, deleted_at = $3
         FROM (SELECT flow_id, state FROM inventory_flows WHERE environment_id = $1 AND last_seen_ms < $2 AND NOT deleted
               ORDER BY flow_id FOR UPDATE) old
         WHERE f.flow_id = old.flow_id RETURNING old.flow_id, old.state`,
        [environmentId, toMillis(seenSince, 'seenSince'), now],
      );
      for (const row of rows) {
        const from = row.state as FlowStateChange['from'];
        await insertChange(client, { flowId: row.flow_id, from, to: 'deleted', suspensionReason: null, seenAt: now });
      }
      await client.query('UPDATE inventory_environments SET listed_at = $1 WHERE environment_id = $2', [
        now,
        environmentId,
      ]);
      return rows.length;
    });
  }

  async saveWorkflowConnectors(rows: WorkflowConnectors[]): Promise<void> {
    await this.db.transaction(async (client) => {
      for (const row of rows) {
        const dataverseId = row.dataverseId === row.flowId ? null : row.dataverseId;
        const set = await client.query('UPDATE inventory_flows SET dataverse_id = $1 WHERE flow_id = $2', [
          dataverseId,
          row.flowId,
        ]);
        if ((set.rowCount ?? 0) === 0) continue;
        await setConnectors(client, row.flowId, row.connectors, 'dataverse', row.modifiedAt);
      }
    });
  }

  async adoptLastEditConnectors(flowIds: string[]): Promise<void> {
    if (flowIds.length === 0) return;
    await this.db.transaction(async (client) => {
      const { rows } = await client.query<{ flow_id: string; connectors: string[]; seen: string }>(
        `SELECT e.flow_id, e.connectors, e.seen FROM flows e JOIN inventory_flows f ON f.flow_id = e.flow_id
         WHERE e.flow_id = ANY($1::text[]) AND (f.connector_source IS NULL OR f.connector_source <> 'dataverse')`,
        [[...new Set(flowIds)]],
      );
      for (const row of rows) {
        const asOf = connectorsMarkTime(row.seen);
        if (asOf) await setConnectors(client, row.flow_id, row.connectors, 'last-edit', asOf);
      }
    });
  }

  async saveOwners(owners: OwnerIdentity[], now: string): Promise<void> {
    await this.db.transaction(async (client) => {
      for (const o of owners) {
        await client.query(
          `INSERT INTO inventory_owners (object_id, upn, upn_lc, display_name, gone, resolved_at)
           VALUES ($1, $2, $3, $4, $5, $6)
           ON CONFLICT (object_id) DO UPDATE SET upn = excluded.upn, upn_lc = excluded.upn_lc,
             display_name = excluded.display_name, gone = excluded.gone, resolved_at = excluded.resolved_at`,
          [o.objectId, o.upn, o.upn?.toLowerCase() ?? null, o.displayName, o.gone, now],
        );
      }
    });
  }

  async unresolvedCreators(limit: number): Promise<string[]> {
    const { rows } = await this.db.run((pool) =>
      pool.query<{ id: string }>(
        `SELECT DISTINCT f.creator_object_id AS id FROM inventory_flows f
         LEFT JOIN inventory_owners o ON o.object_id = f.creator_object_id
         WHERE f.creator_object_id IS NOT NULL AND o.object_id IS NULL ORDER BY 1 LIMIT $1`,
        [limit],
      ),
    );
    return rows.map((r) => r.id);
  }

  async getPass(): Promise<InventoryPass | null> {
    const { rows } = await this.db.run((pool) =>
      pool.query<{ progress: string }>(
        'SELECT progress FROM inventory_passes ORDER BY started_ms DESC, pass_id DESC LIMIT 1',
      ),
    );
    return rows[0] ? passFromRow(rows[0].progress) : null;
  }

  async savePass(pass: InventoryPass): Promise<void> {
    await this.db.run((pool) =>
      pool.query(
        `INSERT INTO inventory_passes (pass_id, started_ms, progress) VALUES ($1, $2, $3)
         ON CONFLICT (pass_id) DO UPDATE SET progress = excluded.progress`,
        [pass.passId, toMillis(pass.startedAt, 'startedAt'), JSON.stringify(pass)],
      ),
    );
  }
}
