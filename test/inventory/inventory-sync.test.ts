/**
 * The inventory sync over real HTTP against the emulated admin APIs (flow-inventory.md): 403
 * before the management-app registration, paging with a small page size and 429 Retry-After,
 * the two ids of solution-aware flows, renames, suspensions, tombstones for deleted flows, owners
 * from Graph (404 = gone), and a pass stopped half-way that resumes to the emulator's truth.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startEmulator, type EmulatorOptions } from '../../src/emulator/index.ts';
import type { Logger } from '../../src/log.ts';
import { SqliteStore } from '../../src/store/sqlite/sqlite-store.ts';
import { InventorySync } from '../../src/sync/inventory/inventory-sync.ts';
import { runInventoryPass } from '../../src/sync/inventory/inventory-pass.ts';
import { assertInventoryEqualsTruth, inventoryClient } from './helpers.ts';

const T0 = Date.parse('2026-11-20T12:00:00.000Z');

function recordingLogger(lines: string[]): Logger {
  const log = (level: string) => (msg: string, fields?: Record<string, unknown>) =>
    lines.push(`${level} ${msg} ${JSON.stringify(fields ?? {})}`);
  const logger: Logger = {
    debug: () => {},
    info: log('info'),
    warn: log('warn'),
    error: log('error'),
    child: () => logger,
  };
  return logger;
}

async function setUp(options: EmulatorOptions) {
  let nowMs = T0;
  const now = () => new Date(nowMs);
  const emulator = await startEmulator({
    seed: 31,
    makers: 12,
    environments: 4,
    flowsPerDay: 12,
    days: 4,
    now,
    ...options,
  });
  const store = SqliteStore.open(':memory:');
  const lines: string[] = [];
  const client = inventoryClient(emulator, now);
  const deps = { client, store, now, logger: recordingLogger(lines), graphLookup: true, concurrency: 3 };
  const sync = new InventorySync(deps);
  const advance = (ms: number) => (nowMs += ms);
  const close = async () => {
    await store.close();
    await emulator.close();
  };
  return { emulator, store, lines, client, deps, sync, advance, close };
}

test('before the app is registered the admin APIs answer 403: logged once with the fix, status not-registered, nothing stored', async () => {
  const t = await setUp({});
  try {
    assert.equal(await t.sync.pass(), null);
    assert.equal(await t.sync.pass(), null);
    assert.equal(t.sync.status().status, 'not-registered');
    assert.match(t.sync.status().message ?? '', /New-PowerAppManagementApp -ApplicationId/);
    const warnings = t.lines.filter((l) => l.includes('answered 403'));
    assert.equal(warnings.length, 1, 'the 403 is logged once, not every pass');
    assert.match(warnings[0], /adminApplications/);
    assert.equal(await t.store.flowIdentity.countFlowIdentities({ includeDeleted: true }), 0);
    assert.ok(t.emulator.admin.calls.forbidden >= 2);

    t.emulator.admin.knobs.managementAppRegistered = true;
    const report = await t.sync.pass();
    assert.ok(report);
    assert.equal(t.sync.status().status, 'ok');
    await assertInventoryEqualsTruth(t.store, t.emulator.admin.truth());
  } finally {
    await t.close();
  }
});

test('a pass reads every page through throttling and holds what the emulator holds: both ids, renames, suspensions, owners', async () => {
  const t = await setUp({
    flowsPerDay: 30,
    admin: { managementAppRegistered: true, adminPageSize: 3, adminThrottleRate: 0.25 },
  });
  try {
    const report = await t.sync.pass();
    assert.ok(report, t.sync.status().message ?? '');
    const truth = t.emulator.admin.truth();
    await assertInventoryEqualsTruth(t.store, truth);
    assert.ok(t.emulator.admin.calls.throttled > 0, 'some answers were 429');
    assert.ok(t.deps.client.counters.throttled > 0, 'and the client retried them');
    assert.ok(report.flowPages > report.environments, 'listings took several pages');

    const solutionAware = truth.find((f) => f.dataverseId !== null);
    assert.ok(solutionAware, 'the emulated tenant has a solution-aware flow with a second id');
    const [byDataverseId] = await t.store.flowIdentity.getFlowIdentities([solutionAware.dataverseId!]);
    assert.equal(byDataverseId?.flowId, solutionAware.flowId);
    assert.equal(byDataverseId?.connectorSource, 'dataverse');

    const suspended = truth.find((f) => f.state === 'suspended');
    assert.ok(suspended);
    const listed = await t.store.flowIdentity.listFlowIdentities({ states: ['suspended'] }, 1000, 0);
    assert.ok(listed.some((f) => f.flowId === suspended.flowId && f.suspensionReason === suspended.suspensionReason));

    const renamed = t.emulator.admin.inventory.flows.find((f) => !f.deleted && f.currentName !== f.name);
    assert.ok(renamed, 'some flow was renamed since its creation');
    const [current] = await t.store.flowIdentity.getFlowIdentities([renamed.flowId]);
    assert.equal(current?.displayName, renamed.currentName);

    // Owners through Graph (no events stored here): the gone ones are marked so.
    const gone = truth.find((f) => f.ownerUpn === null);
    const present = truth.find((f) => f.ownerUpn !== null)!;
    const [withOwner] = await t.store.flowIdentity.getFlowIdentities([present.flowId]);
    assert.equal(withOwner?.owner?.upn, present.ownerUpn);
    if (gone) {
      const [goneFlow] = await t.store.flowIdentity.getFlowIdentities([gone.flowId]);
      assert.equal(goneFlow?.owner?.gone, true);
    }
  } finally {
    await t.close();
  }
});

test('a flow deleted between passes becomes a tombstone with its last name; state changes are recorded', async () => {
  const t = await setUp({ admin: { managementAppRegistered: true, adminPageSize: 5 } });
  try {
    await t.sync.pass();
    const live = t.emulator.admin.truth();
    const [doomed, toSuspend] = live.filter((f) => f.state === 'on');
    assert.ok(doomed && toSuspend);
    t.emulator.admin.changeFlow(doomed.flowId, { deleted: true });
    t.emulator.admin.changeFlow(toSuspend.flowId, { state: 'Suspended', suspensionReason: 'CompanyDlpViolation' });
    t.advance(6 * 3_600_000);
    const report = await t.sync.pass();
    assert.equal(report?.markedDeleted, 1);
    const [tomb] = await t.store.flowIdentity.getFlowIdentities([doomed.flowId]);
    assert.equal(tomb?.deleted, true);
    assert.equal(tomb?.displayName, doomed.displayName);
    assert.equal(tomb?.owner?.objectId, doomed.creatorObjectId);
    await assertInventoryEqualsTruth(t.store, t.emulator.admin.truth());
    const changes = await t.store.flowIdentity.listStateChanges(
      new Date(T0).toISOString(),
      new Date(T0 + 7 * 3_600_000).toISOString(),
    );
    assert.deepEqual(
      changes.map((c) => [c.flowId, c.from, c.to, c.suspensionReason]).sort(),
      [
        [doomed.flowId, 'on', 'deleted', null],
        [toSuspend.flowId, 'on', 'suspended', 'CompanyDlpViolation'],
      ].sort(),
    );
  } finally {
    await t.close();
  }
});

test('a pass stopped half-way marks nothing deleted where it did not read to the end, and resumes to the truth', async () => {
  const t = await setUp({ admin: { managementAppRegistered: true, adminPageSize: 4 } });
  try {
    await t.sync.pass();
    const doomed = t.emulator.admin.truth()[0];
    t.emulator.admin.changeFlow(doomed.flowId, { deleted: true });
    t.advance(3_600_000);
    const crash = new Error('killed');
    let pages = 0;
    await assert.rejects(
      runInventoryPass({
        ...t.deps,
        afterPage: () => {
          if (++pages === 2) throw crash;
        },
      }),
      crash,
    );
    const unfinished = await t.store.flowIdentity.getPass();
    assert.equal(unfinished?.finishedAt, null);
    const done = Object.entries(unfinished.environments)
      .filter(([, p]) => p.flowsDone)
      .map(([id]) => id);
    const [still] = await t.store.flowIdentity.getFlowIdentities([doomed.flowId]);
    assert.equal(
      still?.deleted,
      done.includes(doomed.environmentId),
      'deleted only once its environment was read whole',
    );
    const resumed = await runInventoryPass(t.deps);
    assert.equal(resumed.resumed, true);
    assert.equal(resumed.passId, unfinished.passId);
    await assertInventoryEqualsTruth(t.store, t.emulator.admin.truth());
    const [tomb] = await t.store.flowIdentity.getFlowIdentities([doomed.flowId]);
    assert.equal(tomb?.deleted, true);
  } finally {
    await t.close();
  }
});
