/**
 * The InventoryStore contract: what ingest keeps of each flow, whatever the arrival order, and
 * getFlows. Registered by storeContract for every store.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { NOW, instant, hour, all, DAY, type RunWithStore } from './contract-helpers.ts';
import { flowEvent } from './flow-event-fixtures.ts';

export function inventoryContract(run: RunWithStore): void {
  describe('flow inventory', () => {
    const flowId = 'bbbbbbbb-0000-4000-8000-000000000002';
    const envId = 'Default-2f6d8c1e-3b7a-4e2f-9c51-7a0d4b6e8f13';

    test(
      'keeps the latest state by event time, whatever the arrival order',
      run(async (store) => {
        const create = flowEvent({
          occurredAt: hour(9),
          operation: 'CreateFlow',
          flowId,
          actorUpn: 'avery.lee@contoso.example',
          connectors: ['Recurrence'],
          flowName: 'Old name',
        });
        const edit1 = flowEvent({
          occurredAt: hour(10),
          flowId,
          actorUpn: 'jordan.kim@contoso.example',
          connectors: ['Recurrence', 'SharePoint'],
          flowName: 'Middle name',
        });
        const edit2 = flowEvent({
          occurredAt: hour(11),
          flowId,
          actorUpn: 'jordan.kim@contoso.example',
          connectors: ['Recurrence', 'SharePoint', 'HTTP'],
          flowName: 'New name',
        });
        const share = flowEvent({
          occurredAt: hour(12),
          operation: 'PutPermissions',
          flowId,
          connectors: [],
          recipientUpn: 'sam.ortiz@contoso.example',
          sharingPermission: 2,
        });
        for (const e of [edit2, share, create, edit1]) await store.events.ingest([e], { now: NOW });
        const [flow] = await store.inventory.getFlows([flowId]);
        assert.ok(flow);
        assert.equal(flow.flowId, flowId);
        assert.equal(flow.environmentId, envId);
        assert.equal(flow.flowName, 'New name');
        assert.deepEqual(flow.connectors, ['Recurrence', 'SharePoint', 'HTTP']);
        assert.equal(flow.creatorUpn, 'avery.lee@contoso.example');
        assert.equal(instant(flow.createdAt), hour(9));
        assert.equal(flow.lastOperation, 'PutPermissions');
        assert.equal(instant(flow.lastEventAt), hour(12));
        assert.equal(flow.deleted, false);
        assert.equal(flow.detailsUrl, create.detailsUrl);
      }),
    );

    test(
      'a delete marks the flow deleted and keeps its last connectors and creator, even when older events arrive after it',
      run(async (store) => {
        await store.events.ingest(
          [
            flowEvent({
              occurredAt: hour(9),
              operation: 'CreateFlow',
              flowId,
              actorUpn: 'avery.lee@contoso.example',
              connectors: ['Recurrence', 'HTTP'],
            }),
          ],
          { now: NOW },
        );
        await store.events.ingest(
          [
            flowEvent({
              occurredAt: hour(11),
              operation: 'DeleteFlow',
              flowId,
              actorUpn: 'jordan.kim@contoso.example',
              connectors: [],
            }),
          ],
          { now: NOW },
        );
        await store.events.ingest(
          [
            flowEvent({
              occurredAt: hour(10),
              flowId,
              actorUpn: 'jordan.kim@contoso.example',
              connectors: ['Recurrence', 'HTTP', 'Office 365 Outlook'],
            }),
          ],
          { now: NOW },
        );
        const [flow] = await store.inventory.getFlows([flowId]);
        assert.ok(flow);
        assert.equal(flow.deleted, true);
        assert.equal(flow.lastOperation, 'DeleteFlow');
        assert.deepEqual(flow.connectors, ['Recurrence', 'HTTP', 'Office 365 Outlook']);
        assert.equal(flow.creatorUpn, 'avery.lee@contoso.example');
      }),
    );

    test(
      'without a CreateFlow the creator is the actor of the earliest event; a CreateFlow then wins',
      run(async (store) => {
        await store.events.ingest(
          [flowEvent({ occurredAt: hour(11), flowId, actorUpn: 'jordan.kim@contoso.example' })],
          {
            now: NOW,
          },
        );
        await store.events.ingest(
          [flowEvent({ occurredAt: hour(10), flowId, actorUpn: 'sam.ortiz@contoso.example' })],
          {
            now: NOW,
          },
        );
        let [flow] = await store.inventory.getFlows([flowId]);
        assert.equal(flow?.creatorUpn, 'sam.ortiz@contoso.example');
        assert.equal(flow?.createdAt, null);
        await store.events.ingest(
          [
            flowEvent({
              occurredAt: hour(12),
              operation: 'CreateFlow',
              flowId,
              actorUpn: 'avery.lee@contoso.example',
            }),
          ],
          { now: NOW },
        );
        [flow] = await store.inventory.getFlows([flowId]);
        assert.equal(flow?.creatorUpn, 'avery.lee@contoso.example');
        assert.equal(instant(flow?.createdAt ?? null), hour(12));
      }),
    );

    test(
      'events without a flow id (trials) leave the inventory alone; unknown ids return nothing',
      run(async (store) => {
        await store.events.ingest(
          [
            flowEvent({
              occurredAt: hour(9),
              operation: 'StartAPaidTrial',
              flowId: null,
              environmentId: null,
              connectors: [],
              licenseName: 'Power Automate per user plan',
            }),
          ],
          { now: NOW },
        );
        assert.deepEqual(await store.inventory.getFlows([flowId, 'cccccccc-0000-4000-8000-000000000003']), []);
        assert.equal((await all(store, DAY)).total, 1);
      }),
    );
  });
}
