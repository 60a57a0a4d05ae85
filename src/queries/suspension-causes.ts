/**
 * Which data-policy change a flow's suspension follows (issue 12). The admin APIs say a flow is
 * suspended (FlowIdentity.state, with flowSuspensionReason) and the inventory notes when it saw
 * the change; the audit log says when a data policy was created or updated, but never which flows
 * it suspended. So a suspension is linked to the latest policy change before the inventory saw
 * it, within SUSPENSION_LOOKBACK_MS, preferring one in the flow's environment (a policy change
 * that names no environment counts for all). No such change: no link, never a guess beyond that.
 */
import type { GovernanceAction, ListedGovernanceEvent } from '../model/governance-event.ts';
import type { Store } from '../store/store.ts';

/** Inventory passes run every few hours (INVENTORY_INTERVAL_HOURS); a week covers late passes. */
export const SUSPENSION_LOOKBACK_MS = 7 * 24 * 3_600_000;
const CAUSES: readonly GovernanceAction[] = ['policy-created', 'policy-updated'];
const MAX_CHANGES = 1000;

export interface SuspendedFlow {
  flowId: string;
  displayName: string | null;
  seenAt: string;
  suspensionReason: string | null;
}

export type SuspensionStore = Pick<Store, 'governance' | 'flowIdentity'>;

/** For each policy change (by event id) the flows suspended after it, seen in [from, to). */
export async function suspensionsByPolicyChange(
  store: SuspensionStore,
  range: { from: string; to: string },
): Promise<Map<string, SuspendedFlow[]>> {
  const out = new Map<string, SuspendedFlow[]>();
  const suspensions = (await store.flowIdentity.listStateChanges(range.from, range.to)).filter(
    (c) => c.to === 'suspended',
  );
  if (suspensions.length === 0) return out;
  const from = new Date(Date.parse(range.from) - SUSPENSION_LOOKBACK_MS).toISOString();
  const [{ events: changes }, flows] = await Promise.all([
    store.governance.listGovernanceEvents({ from, to: range.to, actions: CAUSES }, { limit: MAX_CHANGES, offset: 0 }),
    store.flowIdentity.getFlowIdentities(suspensions.map((s) => s.flowId)),
  ]);
  const byId = new Map(flows.map((f) => [f.flowId, f]));
  for (const s of suspensions) {
    const flow = byId.get(s.flowId);
    const cause = causeOf(changes, s.seenAt, flow?.environmentId ?? null);
    if (!cause) continue;
    const list = out.get(cause.id) ?? [];
    list.push({
      flowId: s.flowId,
      displayName: flow?.displayName ?? null,
      seenAt: s.seenAt,
      suspensionReason: s.suspensionReason,
    });
    out.set(cause.id, list);
  }
  return out;
}

/** The latest change at or before `seenAt` within the lookback; one in the flow's environment first. */
export function causeOf(
  changes: readonly ListedGovernanceEvent[],
  seenAt: string,
  environmentId: string | null,
): ListedGovernanceEvent | null {
  const seen = Date.parse(seenAt);
  const candidates = changes.filter((c) => {
    const at = Date.parse(c.occurredAt);
    return at <= seen && seen - at <= SUSPENSION_LOOKBACK_MS;
  });
  const sameEnvironment = (c: ListedGovernanceEvent) =>
    environmentId !== null && c.environmentId?.toLowerCase() === environmentId.toLowerCase();
  const pool = candidates.some(sameEnvironment)
    ? candidates.filter(sameEnvironment)
    : candidates.filter((c) => c.environmentId === null);
  // Newest first, as the store lists them.
  return pool.sort((a, b) => Date.parse(b.occurredAt) - Date.parse(a.occurredAt))[0] ?? null;
}
