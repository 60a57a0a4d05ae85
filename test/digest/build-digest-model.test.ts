import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { buildDigestModel, type BuildDigestOptions } from '../../src/digest/build-digest-model.ts';
import { periodForSendDay } from '../../src/digest/schedule.ts';
import { COVERAGE_SOURCE } from '../../src/queries/run.ts';
import type { SqliteStore } from '../../src/store/sqlite/sqlite-store.ts';
import { flowEvent } from '../store/flow-event-fixtures.ts';
import { openTempStore } from './helpers/temp-store.ts';

// The digest sent Mon 30 Mar 2026 in Berlin covers Sun 29 Mar (23 h: the spring-forward day).
const period = periodForSendDay('2026-03-30', { timeZone: 'Europe/Berlin', days: 'daily' });
const NOW = new Date('2026-03-30T06:00:00.000Z');
const LAST_DIGEST_SENT = '2026-03-29T06:00:05.000Z';
const F = (n: number) => `5c0d7a1e-2b3f-4c6d-8e9f-${String(n).padStart(12, '0')}`;
const berlin = (local: string) => new Date(`${local}+02:00`).toISOString(); // CEST, 29 Mar from 03:00 on

function options(overrides: Partial<BuildDigestOptions> = {}): BuildDigestOptions {
  return {
    period,
    now: NOW,
    late: false,
    lateSince: LAST_DIGEST_SENT,
    riskyConnectors: ['HTTP', 'HTTP Webhook'],
    coverageSources: [COVERAGE_SOURCE],
    ...overrides,
  };
}

describe('buildDigestModel over a SQLite store', () => {
  let temp: ReturnType<typeof openTempStore>;
  let store: SqliteStore;

  before(async () => {
    temp = openTempStore();
    store = temp.store;
    const early = new Date('2026-03-29T06:00:00.000Z'); // stored before the previous digest went out
    const late = new Date('2026-03-29T15:00:00.000Z'); // stored after it
    await store.events.ingest(
      [
        // F1: created earlier with Approvals, edited twice on the day: Approvals out, HTTP in.
        flowEvent({
          flowId: F(1),
          operation: 'CreateFlow',
          occurredAt: '2026-03-20T10:00:00.000Z',
          actorUpn: 'carol@contoso.com',
          flowName: 'Expense report',
          connectors: ['SharePoint', 'Approvals'],
        }),
        flowEvent({
          flowId: F(1),
          operation: 'EditFlow',
          occurredAt: berlin('2026-03-29T10:00:00'),
          actorUpn: 'carol@contoso.com',
          connectors: ['SharePoint', 'Approvals'],
        }),
        flowEvent({
          flowId: F(1),
          operation: 'EditFlow',
          occurredAt: berlin('2026-03-29T11:00:00'),
          actorUpn: 'dave@contoso.com',
          connectors: ['SharePoint', 'HTTP'],
        }),
        // F2: created on the day, shared with bob as owner.
        flowEvent({
          flowId: F(2),
          operation: 'CreateFlow',
          occurredAt: berlin('2026-03-29T09:00:00'),
          actorUpn: 'maker1@contoso.com',
          flowName: 'Invoice approval',
          connectors: ['Office 365 Outlook', 'HTTP'],
        }),
        flowEvent({
          flowId: F(2),
          operation: 'PutPermissions',
          occurredAt: berlin('2026-03-29T09:05:00'),
          actorUpn: 'maker1@contoso.com',
          recipientUpn: 'bob@contoso.com',
          sharingPermission: 3,
          connectors: [],
        }),
        // F3: created long ago by erin, deleted on the day by an admin; the delete record names no connectors.
        flowEvent({
          flowId: F(3),
          operation: 'CreateFlow',
          occurredAt: '2026-03-01T08:00:00.000Z',
          actorUpn: 'erin@contoso.com',
          flowName: 'Old survey',
          connectors: ['Microsoft Forms', 'Gmail'],
        }),
        flowEvent({
          flowId: F(3),
          operation: 'DeleteFlow',
          occurredAt: berlin('2026-03-29T13:30:00'),
          actorUpn: 'admin@contoso.com',
          initiatedBy: 'admin',
          connectors: [],
        }),
        // F4: an edit with no earlier state known.
        flowEvent({
          flowId: F(4),
          operation: 'EditFlow',
          occurredAt: berlin('2026-03-29T12:00:00'),
          actorUpn: 'dave@contoso.com',
          connectors: ['Excel Online (Business)'],
        }),
        flowEvent({
          flowId: F(5),
          operation: 'DeletePermissions',
          occurredAt: berlin('2026-03-29T14:00:00'),
          actorUpn: 'gina@contoso.com',
          recipientUpn: 'harry@contoso.com',
          sharingPermission: 2,
          connectors: [],
        }),
        flowEvent({
          flowId: null,
          environmentId: null,
          operation: 'StartAPaidTrial',
          occurredAt: berlin('2026-03-29T16:00:00'),
          actorUpn: 'ivan@contoso.com',
          licenseName: 'Power Automate Premium',
          connectors: [],
        }),
        // The day before: one creation, for the change column.
        flowEvent({
          flowId: F(6),
          operation: 'CreateFlow',
          occurredAt: '2026-03-28T10:00:00.000Z',
          connectors: ['SharePoint'],
        }),
        // Just outside the period on both sides.
        flowEvent({ flowId: F(7), operation: 'CreateFlow', occurredAt: '2026-03-28T22:59:59.999Z', connectors: [] }),
        flowEvent({ flowId: F(8), operation: 'CreateFlow', occurredAt: '2026-03-29T22:00:00.000Z', connectors: [] }),
      ],
      { now: early },
    );
    await store.events.ingest(
      [
        // Happened on the 27th, stored after the previous digest: "arrived late".
        flowEvent({
          flowId: F(9),
          operation: 'CreateFlow',
          occurredAt: '2026-03-27T21:50:00.000Z',
          actorUpn: 'jane@contoso.com',
          flowName: 'Late one',
          connectors: ['SharePoint'],
        }),
      ],
      { now: late },
    );
    await store.syncState.addCoverage(COVERAGE_SOURCE, {
      from: '2026-03-20T00:00:00.000Z',
      to: '2026-03-30T05:58:00.000Z',
    });
  });
  after(() => temp.dispose());

  test('counts per operation against the previous day, and lists the sections', async () => {
    const model = await buildDigestModel(store, options());
    assert.equal(model.periodLabel, 'Sun 29 Mar 2026 (Europe/Berlin)');
    assert.equal(model.previousPeriodLabel, 'Sat 28 Mar 2026 (Europe/Berlin)');
    assert.deepEqual(model.coverage, { complete: true, missing: [] });
    assert.deepEqual(model.totals.slice(0, 7), [
      { operation: 'CreateFlow', count: 1, previous: 2 },
      { operation: 'EditFlow', count: 3, previous: 0 },
      { operation: 'DeleteFlow', count: 1, previous: 0 },
      { operation: 'PutPermissions', count: 1, previous: 0 },
      { operation: 'DeletePermissions', count: 1, previous: 0 },
      { operation: 'StartAPaidTrial', count: 1, previous: 0 },
      { operation: 'RenewTrial', count: 0, previous: 0 },
    ]);
    assert.equal(model.newFlows.total, 1);
    const created = model.newFlows.items[0];
    assert.equal(created.flowName, 'Invoice approval');
    assert.equal(created.creator, 'maker1@contoso.com');
    assert.deepEqual(created.connectors, [
      { name: 'Office 365 Outlook', risk: 'none' },
      { name: 'HTTP', risk: 'risky' },
    ]);
    assert.deepEqual(created.sharing, ['bob@contoso.com (Owner (can edit))']);
    assert.match(
      created.link ?? '',
      /^https:\/\/make\.powerautomate\.com\/environments\/.+\/flows\/5c0d7a1e-2b3f-4c6d-8e9f-000000000002\/details$/,
    );
  });

  test('edits are grouped per flow, with connectors added and removed since the previous known state', async () => {
    const model = await buildDigestModel(store, options());
    assert.equal(model.editedFlows.total, 2);
    assert.equal(model.editedFlows.events, 3);
    const [f4, f1] = model.editedFlows.items;
    assert.equal(f1?.flowName, 'Expense report', 'name from the inventory');
    assert.equal(f1?.edits, 2);
    assert.deepEqual(f1?.editors, ['dave@contoso.com', 'carol@contoso.com']);
    assert.deepEqual(f1?.added, [{ name: 'HTTP', risk: 'risky' }]);
    assert.deepEqual(f1?.removed, [{ name: 'Approvals', risk: 'none' }]);
    assert.equal(f4?.added, null, 'no earlier state known');
    assert.deepEqual(
      f4?.connectors.map((c) => c.name),
      ['Excel Online (Business)'],
    );
  });

  test('a deleted flow shows its creator and last known connectors from the inventory', async () => {
    const model = await buildDigestModel(store, options());
    assert.equal(model.deletedFlows.total, 1);
    const deleted = model.deletedFlows.items[0];
    assert.equal(deleted.flowName, 'Old survey');
    assert.equal(deleted.deletedBy, 'admin@contoso.com');
    assert.equal(deleted.initiatedBy, 'admin');
    assert.equal(deleted.creator, 'erin@contoso.com');
    assert.deepEqual(
      deleted.lastConnectors.map((c) => c.name),
      ['Microsoft Forms', 'Gmail'],
    );
  });

  test('permission changes, trials and top makers and connectors', async () => {
    const model = await buildDigestModel(store, options());
    assert.deepEqual(
      model.permissionChanges.items.map((p) => [p.operation, p.actor, p.recipient, p.permission]),
      [
        ['DeletePermissions', 'gina@contoso.com', 'harry@contoso.com', 'Run-only user'],
        ['PutPermissions', 'maker1@contoso.com', 'bob@contoso.com', 'Owner (can edit)'],
      ],
    );
    assert.deepEqual(
      model.trials.items.map((t) => [t.actor, t.licenseName]),
      [['ivan@contoso.com', 'Power Automate Premium']],
    );
    assert.deepEqual(model.topMakers[0], { maker: 'dave@contoso.com', count: 2 });
    assert.deepEqual(model.topConnectors.find((c) => c.connector.toLowerCase() === 'http')?.count, 2);
  });

  test('"arrived late" lists events of earlier days stored after the previous digest, and nothing without one', async () => {
    const model = await buildDigestModel(store, options());
    assert.deepEqual(
      model.arrivedLate.items.map((e) => [e.flowName, e.actor]),
      [['Late one', 'jane@contoso.com']],
    );
    assert.equal(model.arrivedLate.since, LAST_DIGEST_SENT);
    const first = await buildDigestModel(store, options({ lateSince: null }));
    assert.equal(first.arrivedLate.total, 0);
    const afterIt = await buildDigestModel(store, options({ lateSince: '2026-03-29T15:00:00.001Z' }));
    assert.equal(afterIt.arrivedLate.total, 0);
  });

  test('knows when sync has not covered the period, and when a sync went stale', async () => {
    const none = await buildDigestModel(store, options({ coverageSources: ['mgmt:nothing-here'] }));
    assert.equal(none.coverage.complete, false);
    assert.deepEqual(none.coverage.missing, [{ from: period.from, to: period.to }]);
    // The last sync ended 05:58; two hours later it is stale, and nothing is missing inside the period still.
    const stale = await buildDigestModel(store, options({ now: new Date('2026-03-30T08:00:00.000Z') }));
    assert.equal(stale.coverage.complete, true, 'the period ended before the last sync');
    const halfCovered = { ...period, to: '2026-03-30T22:00:00.000Z' };
    const running = await buildDigestModel(
      store,
      options({ period: halfCovered, now: new Date('2026-03-30T08:00:00.000Z') }),
    );
    assert.deepEqual(running.coverage.missing, [{ from: '2026-03-30T05:58:00.000Z', to: '2026-03-30T08:00:00.000Z' }]);
  });

  test('carries what Refresh needs to rebuild the same period', async () => {
    const model = await buildDigestModel(store, options({ late: true, expand: 'newFlows' }));
    assert.deepEqual(model.refresh, {
      flowwatch: 'digest',
      periodKey: '2026-03-29',
      from: period.from,
      to: period.to,
      timeZone: 'Europe/Berlin',
      firstDay: '2026-03-29',
      lastDay: '2026-03-29',
      lateSince: LAST_DIGEST_SENT,
      late: true,
      expand: 'newFlows',
    });
  });
});
