/** The real inventory client and sync, pointed at a tenant emulator the way demo mode does it. */
import assert from 'node:assert/strict';
import { emulatorTenantConfig, type EmulatorEndpoint } from '../../src/audit/emulator-tenant.ts';
import { createTokenProvider } from '../../src/audit/token-provider.ts';
import type { InventoryTruth } from '../../src/emulator/index.ts';
import { InventoryClient } from '../../src/inventory/admin-client.ts';
import { emulatorInventoryHosts } from '../../src/inventory/emulator-hosts.ts';
import type { Store } from '../../src/store/store.ts';

export function inventoryClient(emulator: EmulatorEndpoint, now: () => Date): InventoryClient {
  const tenant = emulatorTenantConfig(emulator);
  return new InventoryClient({
    tokens: createTokenProvider(tenant, { now }),
    hosts: emulatorInventoryHosts(emulator.url),
    httpTimeoutMs: 10_000,
    maxRetries: 8,
    now,
    // Retry-After is honoured: the sleep is told the header's delay (recorded by the caller).
    sleep: () => new Promise((resolve) => setImmediate(resolve)),
    random: () => 0.5,
    baseBackoffMs: 1,
    maxBackoffMs: 2,
  });
}

/** The store's live flows against the emulator's truth: ids, names, states, reasons, owners, connectors. */
export async function assertInventoryEqualsTruth(store: Pick<Store, 'flowIdentity'>, truth: InventoryTruth[]) {
  const stored = await store.flowIdentity.listFlowIdentities({}, 1_000_000, 0);
  const byId = new Map(stored.map((f) => [f.flowId, f]));
  assert.deepEqual([...byId.keys()].sort(), truth.map((t) => t.flowId).sort(), 'the live flows');
  for (const t of truth) {
    const f = byId.get(t.flowId)!;
    assert.deepEqual(
      {
        dataverseId: f.dataverseId,
        environmentId: f.environmentId,
        displayName: f.displayName,
        state: f.state,
        suspensionReason: f.suspensionReason,
        creator: f.owner?.objectId ?? null,
        solutionAware: f.solutionAware,
      },
      {
        dataverseId: t.dataverseId,
        environmentId: t.environmentId,
        displayName: t.displayName,
        state: t.state,
        suspensionReason: t.suspensionReason,
        creator: t.creatorObjectId,
        solutionAware: t.solutionAware,
      },
      `flow ${t.flowId}`,
    );
    if (t.dataverseConnectors) {
      assert.deepEqual([...f.connectors].sort(), t.dataverseConnectors, `connectors of ${t.flowId}`);
      assert.equal(f.connectorSource, 'dataverse');
    }
  }
}
