/**
 * What the digest says about connections and data policies (issue 12): the shares, unshares and
 * turn-offs of connections and every data-policy change of the period, newest first. Connections
 * created, edited or deleted are left to "connection activity": makers create them all day long.
 */
import type { TimeRange } from '../model/event-query.ts';
import type { GovernanceAction } from '../model/governance-event.ts';
import type { GovernanceDigestItem, Section } from '../model/digest-model.ts';
import { POLICY_ACTIONS } from '../model/governance-event.ts';
import type { Store } from '../store/store.ts';
import { readFlowFacts } from './flow-facts.ts';
import { environmentLabels } from './governance.ts';

export const DIGEST_GOVERNANCE_ACTIONS: readonly GovernanceAction[] = [
  'connection-shared',
  'connection-unshared',
  'connection-turned-off',
  ...POLICY_ACTIONS,
];

export async function readGovernanceDigest(
  store: Pick<Store, 'flowIdentity'> & Partial<Pick<Store, 'governance'>>,
  range: TimeRange,
  limit: number,
): Promise<Section<GovernanceDigestItem> | undefined> {
  // A store without governance (older test doubles) gives a digest without that section.
  if (!store.governance) return undefined;
  const [{ events, total }, facts] = await Promise.all([
    store.governance.listGovernanceEvents({ ...range, actions: DIGEST_GOVERNANCE_ACTIONS }, { limit, offset: 0 }),
    readFlowFacts(store, []),
  ]);
  const labels = environmentLabels(
    facts,
    events.map((e) => e.environmentId),
  );
  return {
    total,
    items: events.map((e) => ({
      occurredAt: e.occurredAt,
      actorUpn: e.actorUpn,
      action: e.action,
      operation: e.operation,
      detailOperation: e.detailOperation,
      resourceId: e.resourceId,
      resourceName: e.resourceName,
      environmentId: e.environmentId,
      environment: (e.environmentId && labels[e.environmentId]) || null,
    })),
  };
}
