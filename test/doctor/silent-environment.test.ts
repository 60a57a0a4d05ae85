/**
 * The coverage doctor's silent environments over real HTTP: the emulator's second environment
 * logs nothing (flow-inventory.md §6, the per-environment logging setting) while its flows keep
 * changing in the admin APIs. After a real sync and inventory pass the admins' channel is told
 * once, naming the environment; /healthz lists it; neither a later sync nor a restarted bot says
 * it again; once the environment logs again and its events are stored, the end is said once.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadConfig } from '../../src/config/load-config.ts';
import { ConfigError } from '../../src/config/config-error.ts';
import { createLogger } from '../../src/log.ts';
import { openRuntime, type Runtime } from '../../src/runtime/runtime.ts';
import { SqliteStore } from '../../src/store/sqlite/sqlite-store.ts';
import { channelMessage } from '../bot/fixtures/teams-activities.ts';
import { lines } from '../helpers/card-walk.ts';
import { cardOf, startBotHarness, type BotHarness } from '../http/helpers/bot-harness.ts';
import { flowRecord, recordId } from '../sync/helpers/audit-records.ts';

const MIN = 60_000;
const DAY = 24 * 60 * MIN;
const ENV = { DOCTOR_SILENT_ENVIRONMENT_DAYS: '3' };

describe('an environment that logs nothing while its flows change', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'flowwatch-silent-env-'));
  let t = Date.parse('2026-11-25T09:00:00.000Z');
  const now = () => new Date(t);
  let runtime: Runtime;
  let store: SqliteStore;
  let h: BotHarness;
  let silentId = '';
  let kind = '';
  const notices = () =>
    h.connector
      .sentActivities()
      .map((a) => lines(cardOf(a.activity)))
      .filter((l) => /^Audit /.test(l[0] ?? ''));
  const health = async () =>
    ((await (await fetch(`${h.bot.url}/healthz`)).json()) as { incidents: Array<{ kind: string; detail: string }> })
      .incidents;
  const syncAndDiagnose = async () => h.bot.doctor.afterSync(await runtime.syncOnce());
  const hello = () => h.post(channelMessage({ serviceUrl: h.connector.serviceUrl, text: 'digest here' }));

  before(async () => {
    store = SqliteStore.open(path.join(dir, 'flowwatch.db'));
    runtime = await openRuntime(loadConfig({ DATA_DIR: dir, LOG_LEVEL: 'silent', ...ENV }), {
      store,
      now,
      log: createLogger('silent'),
      emulator: { seed: 5, makers: 6, environments: 2, flowsPerDay: 16, days: 6, startSubscribed: true },
    });
    const emulator = runtime.emulator!;
    silentId = emulator.admin.inventory.environments[1].id;
    kind = `silentEnvironment:${silentId.toLowerCase()}`;
    emulator.setEnvironmentLogging(silentId, false);
    h = await startBotHarness({ store, env: ENV, deps: { now } });
    assert.equal((await hello()).status, 200);
  });
  after(async () => {
    await h.close();
    await runtime.close();
    rmSync(dir, { recursive: true, force: true });
  });

  test('after a sync and an inventory pass the silent environment is said once, by name, and is on /healthz', async () => {
    const changed = runtime.emulator!.admin.inventory.flows.filter(
      (f) => f.environmentId === silentId && f.modifiedMs >= t - 3 * DAY && f.modifiedMs < t - DAY,
    );
    assert.ok(changed.length > 0, 'flows of the silent environment changed 1-3 days ago');
    h.connector.reset();
    assert.deepEqual(await syncAndDiagnose(), [{ kind, opened: true }], 'the logging environment is not named');
    const said = notices();
    assert.equal(said.length, 1);
    assert.equal(said[0][0], 'Audit events missing from an environment');
    const name = runtime.emulator!.admin.inventory.environments[1].displayName;
    assert.match(
      said[0].join(' '),
      new RegExp(`Environment "${name}" \\(${silentId}\\) produced no audit events in 3 days`),
    );
    assert.match(said[0].join(' '), /Enable SAS Logging in Purview/);
    const incidents = await health();
    assert.deepEqual(
      incidents.map((i) => i.kind),
      [kind],
    );
  });

  test('not said again by a later sync nor by a restarted bot', async () => {
    t += 16 * MIN;
    assert.deepEqual(await syncAndDiagnose(), []);
    await h.close();
    h = await startBotHarness({ store, env: ENV, deps: { now } });
    await hello();
    t += 16 * MIN;
    assert.deepEqual(await syncAndDiagnose(), []);
    assert.deepEqual(notices(), []);
    assert.deepEqual(
      (await health()).map((i) => i.kind),
      [kind],
    );
  });

  test('once the environment logs again and its events are stored, the end is said once', async () => {
    const emulator = runtime.emulator!;
    emulator.setEnvironmentLogging(silentId, true);
    t += 16 * MIN;
    const flow = emulator.admin.inventory.flows.find((f) => f.environmentId === silentId && !f.deleted)!;
    emulator.addRecords(
      [
        flowRecord(new Date(t - 5 * MIN), {
          Id: recordId(),
          FlowDetailsUrl: `https://make.powerautomate.com/environments/${silentId}/flows/${flow.flowId}/details`,
        }),
      ],
      { contentCreated: now() },
    );
    t += MIN;
    assert.deepEqual(await syncAndDiagnose(), [{ kind, opened: false }]);
    t += 16 * MIN;
    assert.deepEqual(await syncAndDiagnose(), []);
    assert.deepEqual(
      notices().map((l) => l.join(' ')),
      [
        `Audit events arriving from an environment again Environment "${emulator.admin.inventory.environments[1].displayName}" (${silentId.toLowerCase()}) logs again.`,
      ],
    );
    assert.deepEqual(await health(), []);
  });
});

test('DOCTOR_SILENT_ENVIRONMENT_DAYS: 3 by default, 0 turns it off, 1 is refused (events may take 24 h)', () => {
  assert.equal(loadConfig({}).doctor.silentEnvironmentDays, 3);
  assert.equal(loadConfig({ DOCTOR_SILENT_ENVIRONMENT_DAYS: '0' }).doctor.silentEnvironmentDays, 0);
  assert.throws(
    () => loadConfig({ DOCTOR_SILENT_ENVIRONMENT_DAYS: '1' }),
    (e: unknown) => e instanceof ConfigError && /up to 24 hours/.test(e.message),
  );
});
