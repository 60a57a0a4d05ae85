/**
 * The flow identity contract (issue 11): what the inventory sync writes (FlowIdentityWriter) and
 * what answers read back (FlowIdentityStore), the same in every store. Registered by storeContract.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { EnvironmentIdentity, FlowListing } from '../../src/model/flow-identity.ts';
import type { Store } from '../../src/store/store.ts';
import { NOW, hour, instant, type RunWithStore } from './contract-helpers.ts';
import { DEFAULT_ENV, flowEvent } from './flow-event-fixtures.ts';

const SALES = 'a1b2c3d4-0000-4000-8000-00000000e001';
const ENVS: EnvironmentIdentity[] = [
  { environmentId: DEFAULT_ENV, displayName: 'Contoso (default)', type: 'Default', dataverseUrl: null },
  { environmentId: SALES, displayName: 'Sales', type: 'Production', dataverseUrl: 'https://sales.crm.dynamics.com' },
];
const MAKER = '11111111-2222-4333-8444-555555555555';
const flowIdOf = (n: number) => `f10w0000-0000-4000-8000-${n.toString().padStart(12, '0')}`;

function listing(n: number, spec: Partial<FlowListing> = {}): FlowListing {
  return {
    flowId: flowIdOf(n),
    environmentId: SALES,
    displayName: `Flow ${n}`,
    state: 'on',
    suspensionReason: null,
    createdAt: hour(1),
    modifiedAt: hour(2),
    creatorObjectId: MAKER,
    solutionAware: false,
    ...spec,
  };
}

async function seed(store: Store, flows: FlowListing[], now = hour(10)) {
  await store.flowIdentity.saveEnvironments(ENVS, now);
  return store.flowIdentity.saveFlows(flows, now);
}

export function flowIdentityContract(run: RunWithStore): void {
  describe('flow identity', () => {
    test(
      'stores environments and flows, read back by Flow id or Dataverse id, joined to environment and owner',
      run(async (store) => {
        const fi = store.flowIdentity;
        await seed(store, [listing(1, { solutionAware: true }), listing(2, { environmentId: DEFAULT_ENV })]);
        await fi.saveWorkflowConnectors([
          {
            flowId: flowIdOf(1),
            dataverseId: 'd0000000-0000-4000-8000-000000000001',
            connectors: ['SharePoint', 'HTTP'],
            modifiedAt: hour(3),
          },
          {
            flowId: 'not-stored',
            dataverseId: 'd0000000-0000-4000-8000-000000000009',
            connectors: ['HTTP'],
            modifiedAt: hour(3),
          },
        ]);
        await fi.saveOwners(
          [{ objectId: MAKER, upn: 'Avery.Lee@contoso.example', displayName: 'Avery Lee', gone: false }],
          hour(10),
        );
        assert.deepEqual(
          (await fi.listEnvironments()).map((e) => e.displayName),
          ['Contoso (default)', 'Sales'],
        );
        const byDataverse = await fi.getFlowIdentities(['d0000000-0000-4000-8000-000000000001', 'unknown']);
        assert.equal(byDataverse.length, 1);
        const flow = byDataverse[0];
        assert.ok(flow);
        assert.equal(flow.flowId, flowIdOf(1));
        assert.equal(flow.dataverseId, 'd0000000-0000-4000-8000-000000000001');
        assert.equal(flow.environment?.displayName, 'Sales');
        assert.equal(flow.environment?.type, 'Production');
        assert.equal(flow.owner?.upn, 'Avery.Lee@contoso.example');
        assert.equal(flow.owner?.gone, false);
        assert.equal(flow.solutionAware, true);
        assert.deepEqual(flow.connectors, ['SharePoint', 'HTTP']);
        assert.equal(flow.connectorSource, 'dataverse');
        assert.equal(instant(flow.connectorsAsOf), hour(3));
        assert.equal(flow.deleted, false);
        assert.equal(instant(flow.lastSeenAt), hour(10));
        const [plain] = await fi.getFlowIdentities([flowIdOf(2)]);
        assert.equal(plain?.dataverseId, null);
        assert.deepEqual(plain?.connectors, []);
        assert.equal(plain?.connectorSource, null);
        assert.deepEqual(
          (await fi.getOwners([MAKER, 'nobody'])).map((o) => o.displayName),
          ['Avery Lee'],
        );
      }),
    );

    test(
      'filters by connector, state, owner and environment, ordered by name then id, with counts',
      run(async (store) => {
        const fi = store.flowIdentity;
        const other = '99999999-2222-4333-8444-555555555555';
        await seed(store, [
          listing(1, { displayName: 'b invoices' }),
          listing(2, { displayName: 'A approvals', state: 'suspended', suspensionReason: 'DlpViolation' }),
          listing(3, { displayName: 'c report', state: 'off', environmentId: DEFAULT_ENV, creatorObjectId: other }),
          listing(4, { displayName: 'A approvals' }),
        ]);
        await fi.saveWorkflowConnectors([
          { flowId: flowIdOf(1), dataverseId: flowIdOf(1), connectors: ['HTTP', 'SharePoint'], modifiedAt: hour(3) },
          { flowId: flowIdOf(3), dataverseId: flowIdOf(3), connectors: ['http'], modifiedAt: hour(3) },
        ]);
        await fi.saveOwners(
          [{ objectId: other, upn: 'sam.ortiz@contoso.example', displayName: null, gone: true }],
          hour(10),
        );
        const names = async (filter: Parameters<typeof fi.listFlowIdentities>[0]) =>
          (await fi.listFlowIdentities(filter, 10, 0)).map((f) => f.flowId);
        assert.deepEqual(await names({}), [flowIdOf(2), flowIdOf(4), flowIdOf(1), flowIdOf(3)]);
        assert.deepEqual(await names({ connectors: [' HTTP'] }), [flowIdOf(1), flowIdOf(3)]);
        assert.equal(await fi.countFlowIdentities({ connectors: ['sharepoint'] }), 1);
        assert.deepEqual(await names({ states: ['suspended', 'off'] }), [flowIdOf(2), flowIdOf(3)]);
        assert.deepEqual(await names({ ownerUpn: 'SAM.ORTIZ@contoso.example' }), [flowIdOf(3)]);
        assert.deepEqual(await names({ environmentIds: [DEFAULT_ENV] }), [flowIdOf(3)]);
        assert.deepEqual(await names({ connectors: [] }), []);
        // The coverage doctor's question: flows of an environment changed in [from, to).
        assert.equal(
          await fi.countFlowIdentities({ environmentIds: [SALES], modifiedFrom: hour(2), modifiedTo: hour(3) }),
          3,
        );
        assert.equal(await fi.countFlowIdentities({ modifiedFrom: hour(3) }), 0);
        assert.equal(await fi.countFlowIdentities({ modifiedTo: hour(2) }), 0);
        assert.equal(await fi.countFlowIdentities({}), 4);
        assert.deepEqual(
          (await fi.listFlowIdentities({}, 2, 1)).map((f) => f.flowId),
          [flowIdOf(4), flowIdOf(1)],
        );
        const [suspended] = await fi.getFlowIdentities([flowIdOf(2)]);
        assert.equal(suspended?.suspensionReason, 'DlpViolation');
        const [gone] = await fi.getFlowIdentities([flowIdOf(3)]);
        assert.equal(gone?.owner?.gone, true);
        assert.deepEqual(await fi.unresolvedCreators(10), [MAKER]);
      }),
    );

    test(
      'records state changes of known flows, not the first sight of an environment never read to the end',
      run(async (store) => {
        const fi = store.flowIdentity;
        assert.deepEqual(await seed(store, [listing(1), listing(2, { state: 'off' })]), []);
        const changes = await fi.saveFlows(
          [listing(1, { state: 'suspended', suspensionReason: 'DlpViolation' }), listing(2, { state: 'off' })],
          hour(11),
        );
        assert.deepEqual(changes, [
          { flowId: flowIdOf(1), from: 'on', to: 'suspended', suspensionReason: 'DlpViolation', seenAt: hour(11) },
        ]);
        await fi.markUnseenDeleted(SALES, hour(11), hour(11));
        // Now the environment was read to the end: a new flow that is not on is news.
        await fi.saveFlows([listing(3, { state: 'off' }), listing(4)], hour(12));
        const seen = await fi.listStateChanges(hour(0), hour(24));
        assert.deepEqual(
          seen.map((c) => [c.flowId, c.from, c.to]),
          [
            [flowIdOf(1), 'on', 'suspended'],
            [flowIdOf(3), null, 'off'],
          ],
        );
        assert.deepEqual(await fi.listStateChanges(hour(12), hour(24)).then((l) => l.length), 1);
      }),
    );

    test(
      'a fully read environment turns flows not seen since the pass began into tombstones; a listed flow is restored',
      run(async (store) => {
        const fi = store.flowIdentity;
        await seed(store, [listing(1), listing(2), listing(3, { environmentId: DEFAULT_ENV })], hour(8));
        await fi.saveWorkflowConnectors([
          { flowId: flowIdOf(2), dataverseId: 'dv-2', connectors: ['HTTP'], modifiedAt: hour(3) },
        ]);
        await fi.saveFlows([listing(1, { displayName: 'Flow 1 renamed' })], hour(10));
        assert.equal(await fi.markUnseenDeleted(SALES, hour(9), hour(10)), 1);
        const [tomb] = await fi.getFlowIdentities(['dv-2']);
        assert.equal(tomb?.deleted, true);
        assert.equal(instant(tomb?.deletedAt ?? null), hour(10));
        assert.equal(tomb?.displayName, 'Flow 2');
        assert.equal(tomb?.owner?.objectId, MAKER);
        assert.deepEqual(tomb?.connectors, ['HTTP']);
        // Another environment's flows are not touched; tombstones are left out unless asked for.
        assert.deepEqual(
          (await fi.listFlowIdentities({}, 10, 0)).map((f) => f.displayName),
          ['Flow 1 renamed', 'Flow 3'],
        );
        assert.equal(await fi.countFlowIdentities({ includeDeleted: true }), 3);
        assert.equal(await fi.markUnseenDeleted(SALES, hour(9), hour(10)), 0, 'marking again changes nothing');
        const restored = await fi.saveFlows([listing(2)], hour(12));
        assert.deepEqual(
          restored.map((c) => [c.from, c.to]),
          [['deleted', 'on']],
        );
        const [back] = await fi.getFlowIdentities([flowIdOf(2)]);
        assert.equal(back?.deleted, false);
        assert.equal(back?.deletedAt, null);
        assert.deepEqual(back?.connectors, ['HTTP'], 'a listing keeps the connectors it does not carry');
        const toDeleted = (await fi.listStateChanges(hour(0), hour(24))).filter((c) => c.to === 'deleted');
        assert.deepEqual(
          toDeleted.map((c) => [c.flowId, c.from]),
          [[flowIdOf(2), 'on']],
        );
      }),
    );

    test(
      'flows without Dataverse take the connectors of their latest event, as of its time',
      run(async (store) => {
        const fi = store.flowIdentity;
        await seed(store, [listing(1, { environmentId: DEFAULT_ENV }), listing(2)]);
        for (const [n, h, connectors] of [
          [1, 9, ['Recurrence', 'SharePoint']],
          [1, 11, ['Recurrence', 'SharePoint', 'HTTP']],
          [2, 9, ['Approvals']],
        ] as const) {
          await store.events.ingest(
            [
              flowEvent({
                occurredAt: hour(h),
                flowId: flowIdOf(n),
                environmentId: DEFAULT_ENV,
                connectors: [...connectors],
              }),
            ],
            { now: NOW },
          );
        }
        await fi.saveWorkflowConnectors([
          { flowId: flowIdOf(2), dataverseId: 'dv-2', connectors: ['Dataverse'], modifiedAt: hour(5) },
        ]);
        await fi.adoptLastEditConnectors([flowIdOf(1), flowIdOf(2), 'unknown']);
        const [one] = await fi.getFlowIdentities([flowIdOf(1)]);
        assert.deepEqual(one?.connectors, ['Recurrence', 'SharePoint', 'HTTP']);
        assert.equal(one?.connectorSource, 'last-edit');
        assert.equal(instant(one?.connectorsAsOf ?? null), hour(11));
        assert.equal(await fi.countFlowIdentities({ connectors: ['http'] }), 1);
        const [two] = await fi.getFlowIdentities([flowIdOf(2)]);
        assert.deepEqual(two?.connectors, ['Dataverse'], 'Dataverse wins over events');
      }),
    );

    test(
      'keeps the latest pass and its progress',
      run(async (store) => {
        const fi = store.flowIdentity;
        assert.equal(await fi.getPass(), null);
        const env = { flowsNextLink: null, flowsDone: false, workflowsNextLink: null, workflowsDone: false };
        await fi.savePass({ passId: 'p1', startedAt: hour(1), finishedAt: hour(2), environments: { [SALES]: env } });
        const second = { passId: 'p2', startedAt: hour(3), finishedAt: null, environments: { [SALES]: env } };
        await fi.savePass(second);
        const next = { ...env, flowsNextLink: 'https://api.flow.microsoft.com/next?skiptoken=2' };
        await fi.savePass({ ...second, environments: { [SALES]: next } });
        assert.deepEqual(await fi.getPass(), { ...second, environments: { [SALES]: next } });
      }),
    );
  });
}
