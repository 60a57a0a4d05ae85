/** Rows of the inventory's environments, owners, state changes and passes, as both stores read them. */
import type { EnvironmentIdentity, FlowStateChange, InventoryPass, OwnerIdentity } from '../model/flow-identity.ts';

export interface EnvironmentRow {
  environment_id: string;
  display_name: string;
  type: string | null;
  dataverse_url: string | null;
}

export function environmentRowToIdentity(row: EnvironmentRow): EnvironmentIdentity {
  return {
    environmentId: row.environment_id,
    displayName: row.display_name,
    type: row.type,
    dataverseUrl: row.dataverse_url,
  };
}

export interface OwnerRow {
  object_id: string;
  upn: string | null;
  display_name: string | null;
  gone: boolean | number;
}

export function rowToOwner(row: OwnerRow): OwnerIdentity {
  return {
    objectId: row.object_id,
    upn: row.upn,
    displayName: row.display_name,
    gone: row.gone === true || row.gone === 1,
  };
}

export interface StateChangeRow {
  flow_id: string;
  from_state: string | null;
  to_state: string;
  suspension_reason: string | null;
  seen_at: string;
}

export function rowToStateChange(row: StateChangeRow): FlowStateChange {
  return {
    flowId: row.flow_id,
    from: row.from_state as FlowStateChange['from'],
    to: row.to_state as FlowStateChange['to'],
    suspensionReason: row.suspension_reason,
    seenAt: row.seen_at,
  };
}

export function passFromRow(progress: string): InventoryPass {
  return JSON.parse(progress) as InventoryPass;
}
