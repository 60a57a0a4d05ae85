/**
 * ALERT_DEFAULT_RULES over HTTP: the admins' team's channel that the bot knows gets the default
 * rules after a sync, a channel of another team does not; a matching event alerts there once;
 * "alerts off" sticks across evaluations and a restart, and a rule added to the variable later
 * is given alone. On PostgreSQL two replicas giving the same rule at once give it once.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { normalizeRecord } from '../../src/audit/normalize.ts';
import { loadConfig } from '../../src/config/load-config.ts';
import { openPostgresStore } from '../../src/store/postgres/postgres-store.ts';
import { SqliteStore } from '../../src/store/sqlite/sqlite-store.ts';
import { channelMessage, OTHER_TEAM_ID } from '../bot/fixtures/teams-activities.ts';
import { lines } from '../helpers/card-walk.ts';
import { cardOf, startBotHarness, type BotHarness } from '../http/helpers/bot-harness.ts';
import { createTestSchema, postgresSkipReason } from '../store/postgres-test-database.ts';
import { flowRecord, recordId } from '../sync/helpers/audit-records.ts';

const DEFAULTS = { ALERT_DEFAULT_RULES: 'HTTP, custom connectors' };
const OTHER_CHANNEL = '19:0f1e2d3c4b5a69788796a5b4c3d2e1f0@thread.tacv2';

function clock(start: string) {
  let t = Date.parse(start);
  return { now: () => new Date(t), advance: (ms: number) => (t += ms) };
}

/** A post in a channel of another team (not the admins'). */
function otherTeamMessage(serviceUrl: string, text: string) {
  const m = channelMessage({ serviceUrl, text, teamId: OTHER_TEAM_ID });
  return {
    ...m,
    conversation: { ...m.conversation, id: `${OTHER_CHANNEL};messageid=${m.id}` },
    channelData: { ...m.channelData, teamsChannelId: OTHER_CHANNEL, channel: { id: OTHER_CHANNEL } },
  };
}

async function say(h: BotHarness, activity: unknown): Promise<string> {
  const before = h.connector.sentActivities().length;
  const res = await h.post(activity);
  assert.equal(res.status, 200);
  return lines(cardOf(h.connector.sentActivities().slice(before).at(-1)!.activity)).join(' ');
}

const inAdminChannel = (h: BotHarness, text: string) =>
  say(h, channelMessage({ serviceUrl: h.connector.serviceUrl, text }));

function httpCreate(at: Date) {
  const n = normalizeRecord(
    flowRecord(at, { Id: recordId(), Operation: 'CreateFlow', FlowConnectorNames: 'Recurrence, HTTP' }),
  );
  return n.kind === 'flow' ? n.event : assert.fail('not a flow event');
}

const alertCards = (h: BotHarness) =>
  h.connector
    .sentActivities()
    .map((a) => ({ conversationId: a.conversationId, text: lines(cardOf(a.activity)).join('\n') }))
    .filter((p) => p.text.startsWith('Flowwatch alert'));

describe('ALERT_DEFAULT_RULES', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'flowwatch-default-rules-'));
  const c = clock('2026-11-25T09:30:00.000Z');
  let store: SqliteStore;
  let h: BotHarness;

  before(async () => {
    store = SqliteStore.open(path.join(dir, 'flowwatch.db'));
    h = await startBotHarness({ store, env: DEFAULTS, deps: { now: c.now } });
  });
  after(async () => {
    await h.close();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  test("the admins' channel gets the defaults after a sync; another team's channel does not", async () => {
    assert.match(await inAdminChannel(h, 'digest here'), /digest/i);
    assert.match(await say(h, otherTeamMessage(h.connector.serviceUrl, 'digest here')), /digest/i);
    assert.match(await inAdminChannel(h, 'alerts status'), /no alert rules/, 'given after a sync, not before');
    c.advance(1_000);
    await h.bot.alerts.afterSync();
    const status = await inAdminChannel(h, 'alerts status');
    assert.match(status, /flows that start using HTTP .*\(a default, ALERT_DEFAULT_RULES\)/);
    assert.match(status, /custom or third-party connector \(a default, ALERT_DEFAULT_RULES\)/);
    assert.match(await say(h, otherTeamMessage(h.connector.serviceUrl, 'alerts status')), /no alert rules/);
  });

  test("a new HTTP flow alerts the admins' channel once, by the default rule", async () => {
    c.advance(1_000);
    await store.events.ingest([httpCreate(new Date(c.now().getTime() - 60_000))], { now: c.now() });
    h.connector.reset();
    await h.bot.alerts.afterSync();
    await h.bot.alerts.afterSync();
    const cards = alertCards(h);
    assert.equal(cards.length, 1);
    assert.match(cards[0].conversationId, /^19:a1b2c3d4/);
    assert.match(cards[0].text, /Matched: flows that start using HTTP/);
  });

  test('"alerts off" sticks: not given again after evaluations nor after a restart; a later default is given alone', async () => {
    assert.match(await inAdminChannel(h, 'alerts off'), /Removed 2 alert rule/);
    c.advance(1_000);
    await h.bot.alerts.afterSync();
    assert.match(await inAdminChannel(h, 'alerts status'), /no alert rules/);
    await h.close();
    h = await startBotHarness({
      store,
      env: { ALERT_DEFAULT_RULES: 'HTTP, custom connectors, sharing with guests' },
      deps: { now: c.now },
    });
    await inAdminChannel(h, 'digest here');
    c.advance(1_000);
    await h.bot.alerts.afterSync();
    const status = await inAdminChannel(h, 'alerts status');
    assert.match(status, /alerted on: flows shared with someone outside the organization \(a default/);
    assert.doesNotMatch(status, /HTTP|custom/);
  });
});

test('ALERT_DEFAULT_RULES is read as chat reads "alert on …"; what cannot be a rule is refused by name', () => {
  const rules = loadConfig({
    ALERT_DEFAULT_RULES: 'HTTP, alert on custom connectors, new flows by Avery@Contoso.com, HTTP',
  }).alerts.defaultRules;
  assert.deepEqual(rules, [
    { kind: 'connector', value: 'HTTP' },
    { kind: 'custom', value: '' },
    { kind: 'maker', value: 'avery@contoso.com' },
  ]);
  assert.deepEqual(loadConfig({}).alerts.defaultRules, []);
  assert.throws(
    () => loadConfig({ ALERT_DEFAULT_RULES: 'HTTP, premium connectors' }),
    /ALERT_DEFAULT_RULES: "premium connectors": premium/,
  );
  assert.throws(
    () => loadConfig({ ALERT_DEFAULT_RULES: 'new flows by nobody' }),
    /ALERT_DEFAULT_RULES: .*not a user principal name.*Separate rules with commas/,
  );
  assert.throws(
    () => loadConfig({ ALERT_DEFAULT_RULES: '<script>' }),
    /ALERT_DEFAULT_RULES: "<script>": That is not a connector name/,
  );
});

const skip = await postgresSkipReason();

test('on PostgreSQL, two replicas giving the same default at once give it once', { skip: skip ?? false }, async () => {
  const db = await createTestSchema('fw_default_rules');
  const [a, b] = await Promise.all([
    openPostgresStore({ connectionString: db.urlWithSchema, max: 3 }),
    openPostgresStore({ connectionString: db.urlWithSchema, max: 3 }),
  ]);
  try {
    const rule = {
      kind: 'connector' as const,
      value: 'HTTP',
      key: 'connector:http',
      conversationId: '19:x@thread.tacv2',
      createdBy: 'ALERT_DEFAULT_RULES',
      createdAt: '2026-11-25T09:30:00.000Z',
    };
    const given = await Promise.all([a.alerts.applyDefaultRule(rule), b.alerts.applyDefaultRule(rule)]);
    assert.deepEqual(given.sort(), [false, true]);
    assert.equal((await a.alerts.listRules()).length, 1);
    assert.equal(await a.alerts.removeRules(rule.conversationId), 1);
    assert.equal(await b.alerts.applyDefaultRule(rule), false, 'removed, not given again');
    assert.deepEqual(await b.alerts.listRules(), []);
  } finally {
    await a.close();
    await b.close();
    await db.drop();
  }
});
