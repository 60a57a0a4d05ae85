/**
 * The governance contract (issue 12): connection and admin events stored once each, listed newest
 * first with their totals, counted per actor, the same in every store. Registered by storeContract.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { GovernanceEvent } from '../../src/model/governance-event.ts';
import { NOW, hour, instant, type RunWithStore } from './contract-helpers.ts';

const ENV = 'Default-2f6d8c1e-3b7a-4e2f-9c51-7a0d4b6e8f13';
let n = 0;

export function governanceEvent(spec: Partial<GovernanceEvent> = {}): GovernanceEvent {
  n++;
  return {
    id: `9e0f0000-0000-4000-8000-${n.toString().padStart(12, '0')}`,
    kind: 'connection',
    action: 'connection-shared',
    operation: 'PutConnectionPermission',
    detailOperation: null,
    occurredAt: hour(9),
    actorUpn: 'avery.lee@contoso.example',
    resultStatus: 'Succeeded',
    environmentId: ENV,
    resourceId: `shared-office365-${n}`,
    resourceName: null,
    tenantId: '2f6d8c1e-3b7a-4e2f-9c51-7a0d4b6e8f13',
    clientIp: '203.0.113.24',
    properties: { 'powerplatform.analytics.activity.name': 'PutConnectionPermission' },
    raw: { Id: 'x', Operation: 'PutConnectionPermission' },
    ...spec,
  };
}

const DAY = { from: hour(0), to: hour(24) };
const PAGE = { limit: 100, offset: 0 };

export function governanceContract(run: RunWithStore): void {
  describe('governance events', () => {
    test(
      'stores each event once, and lists it back with its fields',
      run(async (store) => {
        const policy = governanceEvent({
          kind: 'data-policy',
          action: 'policy-updated',
          operation: 'GovernanceApiPolicyOperation',
          detailOperation: 'UpdateDlpPolicy',
          resourceName: 'Block HTTP in Default',
          occurredAt: hour(10),
          properties: { 'enduser.role': 'Admin', 'powerplatform.analytics.resource.display_name': 'Block HTTP' },
        });
        const shared = governanceEvent();
        assert.deepEqual(await store.governance.addGovernanceEvents([policy, shared], { now: NOW }), {
          inserted: 2,
          duplicates: 0,
        });
        assert.deepEqual(await store.governance.addGovernanceEvents([policy], { now: NOW }), {
          inserted: 0,
          duplicates: 1,
        });
        const { events, total } = await store.governance.listGovernanceEvents(DAY, PAGE);
        assert.equal(total, 2);
        assert.deepEqual(
          events.map((e) => e.id),
          [policy.id, shared.id],
        );
        const { raw: _raw, ...expected } = policy;
        assert.deepEqual(
          { ...events[0], occurredAt: instant(events[0].occurredAt), ingestedAt: instant(events[0].ingestedAt) },
          { ...expected, occurredAt: instant(policy.occurredAt), ingestedAt: NOW.toISOString() },
        );
      }),
    );

    test(
      'filters by action, period (half-open) and environment, and pages with the total',
      run(async (store) => {
        const events = [
          governanceEvent({ occurredAt: hour(0) }),
          governanceEvent({ occurredAt: hour(5) }),
          governanceEvent({ action: 'connection-turned-off', occurredAt: hour(6), actorUpn: null }),
          governanceEvent({ occurredAt: hour(24) }),
          governanceEvent({ occurredAt: hour(7), environmentId: 'a1b2c3d4-0000-4000-8000-00000000e001' }),
        ];
        await store.governance.addGovernanceEvents(events, { now: NOW });
        const shared = await store.governance.listGovernanceEvents(
          { ...DAY, actions: ['connection-shared'] },
          { limit: 2, offset: 1 },
        );
        assert.equal(shared.total, 3);
        assert.deepEqual(
          shared.events.map((e) => e.id),
          [events[1].id, events[0].id],
        );
        const none = await store.governance.listGovernanceEvents({ ...DAY, actions: [] }, PAGE);
        assert.equal(none.total, 0);
        const inDefault = await store.governance.listGovernanceEvents(
          { ...DAY, environmentId: ENV.toLowerCase() },
          PAGE,
        );
        assert.equal(inDefault.total, 3);
      }),
    );

    test(
      'counts per actor, most first, an event without an actor under ""',
      run(async (store) => {
        await store.governance.addGovernanceEvents(
          [
            governanceEvent({ actorUpn: 'b@contoso.example' }),
            governanceEvent({ actorUpn: 'a@contoso.example' }),
            governanceEvent({ actorUpn: 'b@contoso.example' }),
            governanceEvent({ actorUpn: null }),
          ],
          { now: NOW },
        );
        assert.deepEqual(await store.governance.countGovernanceByActor(DAY), [
          { key: 'b@contoso.example', count: 2 },
          { key: '', count: 1 },
          { key: 'a@contoso.example', count: 1 },
        ]);
      }),
    );
  });
}
