/**
 * The coverage doctor over real HTTP: the emulator fails every API call (5xx), the sync fails for
 * longer than DOCTOR_SYNC_FAILING_MINUTES and falls behind by more than DOCTOR_LAG_MINUTES; each
 * incident is posted to the admins' channel once (also by a restarted bot on the same store), shown
 * on /healthz, and its end posted once when the emulator answers again.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadConfig } from '../../src/config/load-config.ts';
import { diagnose } from '../../src/doctor/diagnose.ts';
import { createLogger } from '../../src/log.ts';
import { openRuntime, type Runtime } from '../../src/runtime/runtime.ts';
import { SqliteStore } from '../../src/store/sqlite/sqlite-store.ts';
import { emptyReport } from '../../src/sync/sync-report.ts';
import { channelMessage } from '../bot/fixtures/teams-activities.ts';
import { lines } from '../helpers/card-walk.ts';
import { cardOf, startBotHarness, type BotHarness } from '../http/helpers/bot-harness.ts';

const MIN = 60_000;
const ENV = { DOCTOR_SYNC_FAILING_MINUTES: '30', DOCTOR_LAG_MINUTES: '180' };

describe('coverage doctor against emulator faults', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'flowwatch-doctor-'));
  let t = Date.parse('2026-11-25T09:00:00.000Z');
  const now = () => new Date(t);
  let runtime: Runtime;
  let store: SqliteStore;
  let h: BotHarness;
  const notices = () =>
    h.connector
      .sentActivities()
      .map((a) => lines(cardOf(a.activity)))
      .filter((l) => /^Audit /.test(l[0] ?? ''))
      .map((l) => l[0]);
  const health = async () =>
    ((await (await fetch(`${h.bot.url}/healthz`)).json()) as { incidents: Array<{ kind: string }> }).incidents.map(
      (i) => i.kind,
    );
  const syncAndDiagnose = async () => {
    const r = await runtime.syncOnce();
    return h.bot.doctor.afterSync(r);
  };

  before(async () => {
    store = SqliteStore.open(path.join(dir, 'flowwatch.db'));
    runtime = await openRuntime(loadConfig({ DATA_DIR: dir, LOG_LEVEL: 'silent', SYNC_MAX_RETRIES: '0', ...ENV }), {
      store,
      now,
      log: createLogger('silent'),
      emulator: { seed: 4, makers: 3, environments: 1, flowsPerDay: 4, days: 1, startSubscribed: true },
    });
    h = await startBotHarness({ store, env: ENV, deps: { now } });
    const res = await h.post(channelMessage({ serviceUrl: h.connector.serviceUrl, text: 'digest here' }));
    assert.equal(res.status, 200);
  });
  after(async () => {
    await h.close();
    await runtime.close();
    rmSync(dir, { recursive: true, force: true });
  });

  test('a healthy sync raises nothing', async () => {
    h.connector.reset();
    assert.deepEqual(await syncAndDiagnose(), []);
    assert.deepEqual(notices(), []);
    assert.deepEqual(await health(), []);
  });

  test('failing syncs: nothing before the threshold, then "Audit sync failing" once with the code and what to do', async () => {
    runtime.emulator!.setFaults({ serverErrorRate: 1 });
    t += 5 * MIN;
    const first = await runtime.syncOnce();
    assert.equal(first.ok, false);
    assert.deepEqual(await h.bot.doctor.afterSync(first), []);
    t += 31 * MIN;
    assert.deepEqual(await syncAndDiagnose(), [{ kind: 'syncFailing', opened: true }]);
    t += 5 * MIN;
    assert.deepEqual(await syncAndDiagnose(), [], 'not said twice');
    const said = h.connector.sentActivities().map((a) => lines(cardOf(a.activity)).join(' '));
    assert.ok(
      said.some((s) => /^Audit sync failing Syncs have failed for 31 min \(AF50000/.test(s)),
      JSON.stringify(said),
    );
    assert.deepEqual(await health(), ['syncFailing']);
  });

  test('a restarted bot on the same store does not say it again; the feed falling behind is said once', async () => {
    await h.close();
    h = await startBotHarness({ store, env: ENV, deps: { now } });
    // The new harness has its own fake Bot Connector: the channel's stored reference is refreshed to it.
    await h.post(channelMessage({ serviceUrl: h.connector.serviceUrl, text: 'digest here' }));
    t += 3 * 60 * MIN;
    assert.deepEqual(await syncAndDiagnose(), [{ kind: 'feedLag', opened: true }]);
    t += 5 * MIN;
    assert.deepEqual(await syncAndDiagnose(), []);
    assert.deepEqual(notices(), ['Audit feed behind']);
    assert.deepEqual(await health(), ['feedLag', 'syncFailing']);
  });

  test('when the emulator answers again, each end is said once and /healthz is clear', async () => {
    runtime.emulator!.setFaults({ serverErrorRate: 0 });
    t += 5 * MIN;
    const told = await syncAndDiagnose();
    assert.deepEqual(told.map((x) => `${x.kind}:${x.opened}`).sort(), ['feedLag:false', 'syncFailing:false']);
    t += 5 * MIN;
    assert.deepEqual(await syncAndDiagnose(), []);
    assert.deepEqual(notices().sort(), ['Audit feed behind', 'Audit feed caught up', 'Audit sync working again']);
    assert.deepEqual(await health(), []);
  });
});

test('diagnose: a subscription that is not running and content that expired are incidents; advice names the fix', () => {
  const at = new Date('2026-11-25T09:00:00.000Z');
  const o = { now: at, failingSince: at, thresholds: { failingMs: 30 * MIN, lagMs: 180 * MIN } };
  const stopped = {
    ...emptyReport('mgmt:Audit.General', at),
    ok: false,
    error: { message: 'The subscription was disabled by a stop request.', code: 'AF20023', window: null },
  };
  const open = (r: typeof stopped) =>
    diagnose(r, o)
      .filter((f) => f.open)
      .map((f) => f.kind);
  assert.deepEqual(open(stopped), ['subscription']);
  const expired: typeof stopped = { ...emptyReport('mgmt:Audit.General', at), gaps: ['blob-1'] } as typeof stopped;
  assert.deepEqual(open(expired), ['gap']);
  const secret = { ...stopped, error: { message: 'expired', code: 'AADSTS7000222', window: null } };
  const failing = diagnose(secret, { ...o, failingSince: new Date(at.getTime() - 31 * MIN) }).find(
    (f) => f.kind === 'syncFailing',
  );
  assert.equal(failing?.open, true);
  assert.match(failing.detail, /AADSTS7000222.*client secret has expired.*AUDIT_CLIENT_SECRET/);
});
