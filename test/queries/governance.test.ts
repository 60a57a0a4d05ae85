/**
 * Governance answers from a real store (issue 12): a flow the inventory saw suspended is linked to
 * the latest data-policy change before it, in its own environment first; a change after the
 * suspension, or one in another environment, is not its cause; no change, no link.
 */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { FlowListing } from '../../src/model/flow-identity.ts';
import { runGovernanceQuery } from '../../src/queries/governance.ts';
import { SqliteStore } from '../../src/store/sqlite/sqlite-store.ts';
import { renderGovernanceCard } from '../../src/cards/governance-card.ts';
import { cardText } from '../helpers/card-walk.ts';
import { governanceEvent } from '../store/governance-contract.ts';

const dir = mkdtempSync(path.join(tmpdir(), 'flowwatch-govq-'));
after(() => rmSync(dir, { recursive: true, force: true }));
const SALES = 'a1b2c3d4-0000-4000-8000-00000000e001';
const HR = 'a1b2c3d4-0000-4000-8000-00000000e002';
const at = (day: number, hour: number) => new Date(Date.UTC(2026, 10, day, hour)).toISOString();
const NOW = new Date(at(25, 12));

function flow(id: string, environmentId: string, state: FlowListing['state']): FlowListing {
  return {
    flowId: id,
    environmentId,
    displayName: `Flow ${id.slice(-2)}`,
    state,
    suspensionReason: state === 'suspended' ? 'CompanyDlpViolation' : null,
    createdAt: at(1, 0),
    modifiedAt: at(1, 0),
    creatorObjectId: null,
    solutionAware: false,
  };
}

test('a suspension links to the latest policy change before it, in its environment first', async () => {
  const store = SqliteStore.open(path.join(dir, 'links.db'));
  try {
    const envs = [SALES, HR].map((id) => ({
      environmentId: id,
      displayName: id,
      type: 'Production',
      dataverseUrl: null,
    }));
    await store.flowIdentity.saveEnvironments(envs, at(20, 0));
    const f1 = '0f100000-0000-4000-8000-000000000001';
    const f2 = '0f100000-0000-4000-8000-000000000002';
    const f3 = '0f100000-0000-4000-8000-000000000003';
    await store.flowIdentity.saveFlows([flow(f1, SALES, 'on'), flow(f2, HR, 'on'), flow(f3, SALES, 'on')], at(20, 0));
    const policy = (spec: Parameters<typeof governanceEvent>[0]) =>
      governanceEvent({ kind: 'data-policy', operation: 'GovernanceApiPolicyOperation', ...spec });
    const salesChange = policy({
      action: 'policy-updated',
      occurredAt: at(22, 9),
      environmentId: SALES,
      resourceName: 'Sales',
    });
    const tenantWide = policy({
      action: 'policy-created',
      occurredAt: at(22, 8),
      environmentId: null,
      resourceName: 'Baseline',
    });
    const hrLater = policy({
      action: 'policy-updated',
      occurredAt: at(23, 9),
      environmentId: HR,
      resourceName: 'HR later',
    });
    await store.governance.addGovernanceEvents([salesChange, tenantWide, hrLater], { now: NOW });
    // Seen suspended on the 22nd at 12:00: f1 in Sales (its own environment's change), f2 in HR (only the tenant-wide one before it).
    await store.flowIdentity.saveFlows(
      [flow(f1, SALES, 'suspended'), flow(f2, HR, 'suspended'), flow(f3, SALES, 'on')],
      at(22, 12),
    );

    const result = await runGovernanceQuery(
      store,
      { topic: 'policyChanges', period: { kind: 'thisMonth' } },
      { now: NOW, timeZone: 'UTC' },
    );
    assert.deepEqual(
      Object.fromEntries(
        Object.entries(result.suspensions ?? {}).map(([id, flows]) => [id, flows.map((f) => f.flowId)]),
      ),
      { [salesChange.id]: [f1], [tenantWide.id]: [f2] },
    );
    const text = cardText(renderGovernanceCard(result, {}));
    assert.match(text, /Flows suspended after it: Flow 01/);
    assert.match(text, /Flows suspended after it: Flow 02/);

    const shares = await runGovernanceQuery(
      store,
      { topic: 'connectionsShared', period: { kind: 'thisMonth' } },
      { now: NOW, timeZone: 'UTC' },
    );
    assert.equal(shares.suspensions, undefined, 'connection answers carry no suspensions');
  } finally {
    await store.close();
  }
});
