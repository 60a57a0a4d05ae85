/**
 * Alerts end to end over HTTP: an admin says "alert on HTTP" in the channel, the emulator
 * publishes a flow that uses HTTP, a real sync stores it, and the bot posts exactly one alert card
 * to the fake Bot Connector; not again on the next evaluation, nor after a restart (a new bot on
 * the same SQLite file), nor with two replicas on one PostgreSQL evaluating at the same moment.
 * A burst of 500 matches yields a bounded number of posts, the card with a count and Show more.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadConfig } from '../../src/config/load-config.ts';
import { createLogger } from '../../src/log.ts';
import { openRuntime, type Runtime } from '../../src/runtime/runtime.ts';
import { openPostgresStore } from '../../src/store/postgres/postgres-store.ts';
import { SqliteStore } from '../../src/store/sqlite/sqlite-store.ts';
import type { Store } from '../../src/store/store.ts';
import { normalizeRecord } from '../../src/audit/normalize.ts';
import { cardActionInvoke, channelMessage } from '../bot/fixtures/teams-activities.ts';
import { lines, nodes } from '../helpers/card-walk.ts';
import { flowRecord, recordId } from '../sync/helpers/audit-records.ts';
import { createTestSchema, postgresSkipReason, type TestSchema } from '../store/postgres-test-database.ts';
import { cardOf, startBotHarness, type BotHarness } from '../http/helpers/bot-harness.ts';

const HTTP_FLOW = 'c0ffee00-1111-4222-8333-444455556666';

function clock(start: string) {
  let t = Date.parse(start);
  return { now: () => new Date(t), advance: (ms: number) => (t += ms) };
}

const alertPosts = (h: BotHarness) =>
  h.connector
    .sentActivities()
    .filter((a) => a.replyToId !== null || a.conversationId.startsWith('19:'))
    .map((a) => ({ conversationId: a.conversationId, card: cardOf(a.activity) }))
    .filter((p) => lines(p.card)[0]?.startsWith('Flowwatch alert'));

async function say(h: BotHarness, text: string): Promise<string[]> {
  const before = h.connector.sentActivities().length;
  const res = await h.post(channelMessage({ serviceUrl: h.connector.serviceUrl, text }));
  assert.equal(res.status, 200);
  const replies = h.connector.sentActivities().slice(before);
  return lines(cardOf(replies.at(-1)!.activity));
}

describe('alert on HTTP, from the emulator to the channel', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'flowwatch-alerts-'));
  const file = path.join(dir, 'flowwatch.db');
  const c = clock('2026-11-25T09:30:00.000Z');
  let runtime: Runtime;
  let store: Store;
  let h: BotHarness;

  before(async () => {
    store = SqliteStore.open(file);
    const config = loadConfig({ DATA_DIR: dir, LOG_LEVEL: 'silent' });
    runtime = await openRuntime(config, {
      store,
      now: c.now,
      log: createLogger('silent'),
      emulator: { seed: 3, makers: 4, environments: 1, flowsPerDay: 4, days: 1, startSubscribed: true },
    });
    await runtime.syncOnce();
    h = await startBotHarness({ store, deps: { now: c.now } });
  });
  after(async () => {
    await h.close();
    await runtime.close();
    rmSync(dir, { recursive: true, force: true });
  });

  test('the rule is set in chat, and history before it does not alert', async () => {
    assert.match((await say(h, 'alert on HTTP')).join(' '), /alerted on flows that start using HTTP/);
    assert.match((await say(h, 'alerts status')).join(' '), /This channel is alerted on: flows that start using HTTP/);
    c.advance(60_000);
    h.connector.reset();
    await h.bot.alerts.afterSync();
    assert.equal(alertPosts(h).length, 0);
  });

  test('a new HTTP flow published by the emulator is posted exactly once, also after a restart', async () => {
    c.advance(60_000);
    const record = flowRecord(new Date(c.now().getTime() - 5 * 60_000), {
      Id: recordId(),
      Operation: 'CreateFlow',
      FlowConnectorNames: 'Recurrence, HTTP, SharePoint',
      FlowDetailsUrl: `https://make.powerautomate.com/environments/Default-2f6d8c1e-3b7a-4e2f-9c51-7a0d4b6e8f13/flows/${HTTP_FLOW}/details`,
    });
    runtime.emulator!.addRecords([record], { contentCreated: c.now() });
    c.advance(1_000);
    const report = await runtime.syncOnce();
    assert.equal(report.flowEventsNew, 1, JSON.stringify(report.error));
    h.connector.reset();
    await h.bot.alerts.afterSync();
    const posts = alertPosts(h);
    assert.equal(posts.length, 1);
    const text = lines(posts[0].card).join('\n');
    assert.match(text, /Matched: flows that start using HTTP/);
    assert.match(text, /Created by avery\.lee@contoso\.example/);
    assert.match(text, /Connectors: Recurrence, HTTP, SharePoint/);
    const titles = nodes(posts[0].card)
      .filter((n) => n.type === 'Action.Execute')
      .map((n) => n.title);
    assert.deepEqual(titles, ['Mute this flow', "Show this flow's history"]);
    await h.bot.alerts.afterSync();
    assert.equal(alertPosts(h).length, 1, 'not again on the next evaluation');
    // A restart: a new bot (new AlertService, new holder) on the same file.
    await h.close();
    h = await startBotHarness({ store, deps: { now: c.now } });
    await h.bot.alerts.afterSync();
    assert.equal(alertPosts(h).length, 0, 'not again after a restart');
  });

  test('"Show this flow\'s history" lists the flow\'s events with Refresh; "Mute this flow" stops its alerts', async () => {
    const history = await h.post(
      cardActionInvoke({
        serviceUrl: h.connector.serviceUrl,
        verb: 'flowHistory',
        data: { flowId: HTTP_FLOW },
        conversation: 'channel',
      }),
    );
    const card = (history.body as { value: Record<string, unknown> }).value;
    assert.match(
      lines(card).join('\n'),
      /History of .*\nOwner: avery\.lee@contoso\.example · State: not in the flow inventory · Environment: Contoso \(default\)\nNo name or state: the admin APIs do not list it .*\n1 event/,
      "a flow the inventory does not know: the events' creator, the environment from the inventory's list",
    );
    assert.equal((card.refresh as { action: { verb: string } }).action.verb, 'flowHistory');
    const mute = await h.post(
      cardActionInvoke({
        serviceUrl: h.connector.serviceUrl,
        verb: 'muteFlow',
        data: { flowId: HTTP_FLOW },
        conversation: 'channel',
      }),
    );
    assert.match(lines((mute.body as { value: object }).value).join(' '), /No more alerts in this channel/);
    c.advance(60_000);
    runtime.emulator!.addRecords(
      [
        flowRecord(new Date(c.now().getTime() - 60_000), {
          Id: recordId(),
          FlowConnectorNames: 'Recurrence, HTTP, SharePoint, HTTP Webhook',
          FlowDetailsUrl: `https://make.powerautomate.com/environments/Default-2f6d8c1e-3b7a-4e2f-9c51-7a0d4b6e8f13/flows/${HTTP_FLOW}/details`,
        }),
      ],
      { contentCreated: c.now() },
    );
    c.advance(1_000);
    await runtime.syncOnce();
    h.connector.reset();
    await h.bot.alerts.afterSync();
    assert.equal(alertPosts(h).length, 0, 'the muted flow added HTTP Webhook, and nothing was posted');
  });

  test('a flow the inventory knows is shown by its inventory name, owner, state with reason and environment', async () => {
    const emulator = runtime.emulator!;
    const flow = emulator.admin.inventory.flows.find(
      (f) =>
        !f.deleted && !f.connectors.includes('HTTP') && !emulator.admin.inventory.goneUserKeys.has(f.owner.userKey),
    );
    assert.ok(flow, 'the emulated tenant has a live flow without HTTP');
    emulator.admin.changeFlow(flow.flowId, { state: 'Suspended', suspensionReason: 'CompanyDlpViolation' });
    c.advance(60_000);
    emulator.addRecords(
      [
        flowRecord(new Date(c.now().getTime() - 60_000), {
          Id: recordId(),
          FlowConnectorNames: [...flow.connectors, 'HTTP'].join(', '),
          FlowDetailsUrl: `https://make.powerautomate.com/environments/${flow.environmentId}/flows/${flow.flowId}/details`,
        }),
      ],
      { contentCreated: c.now() },
    );
    c.advance(1_000);
    // The sync run stores the edit, and the inventory refreshes the flows its events name.
    assert.equal((await runtime.syncOnce()).flowEventsNew, 1);
    // The restarted harness has its own fake Bot Connector: saying a rule again refreshes the channel's reference.
    await say(h, 'alert on HTTP');
    h.connector.reset();
    await h.bot.alerts.afterSync();
    const posts = alertPosts(h);
    assert.equal(posts.length, 1);
    const text = lines(posts[0].card).join('\n');
    assert.equal(lines(posts[0].card)[1], flow.currentName, 'the name from the inventory (audit records carry none)');
    assert.match(
      text,
      new RegExp(
        `Owner: ${flow.owner.upn.replace(/\./g, '\\.')} · State: Suspended: data policy violation · Environment: Contoso \\(default\\)`,
      ),
    );
    assert.match(text, /Edited by avery\.lee@contoso\.example/);
    assert.match(text, /HTTP \(new\)/);
    const history = await h.post(
      cardActionInvoke({
        serviceUrl: h.connector.serviceUrl,
        verb: 'flowHistory',
        data: { flowId: flow.flowId },
        conversation: 'channel',
      }),
    );
    const card = (history.body as { value: Record<string, unknown> }).value;
    assert.match(
      lines(card).join('\n'),
      new RegExp(`History of ${flow.currentName.replace(/[()]/g, '\\$&')}\nOwner: .* · State: Suspended`),
    );
  });

  test('"alerts off" removes the rules; "alert on premium connectors" says why it cannot', async () => {
    assert.match((await say(h, 'alert on premium connectors')).join(' '), /does not record connector tiers/);
    assert.match((await say(h, 'alerts off')).join(' '), /Removed 1 alert rule/);
    assert.match((await say(h, 'alerts status')).join(' '), /no alert rules/);
  });
});

describe('a failed alert post', () => {
  test('loses nothing: the next evaluation posts the matches, once', async () => {
    const store = SqliteStore.open(':memory:');
    const c = clock('2026-11-25T09:30:00.000Z');
    const h = await startBotHarness({ store, deps: { now: c.now } });
    try {
      await say(h, 'alert on HTTP');
      c.advance(1_000);
      const event = normalizeRecord(
        flowRecord(new Date(c.now().getTime() - 60_000), {
          Id: recordId(),
          Operation: 'CreateFlow',
          FlowConnectorNames: 'HTTP',
          FlowDetailsUrl: `https://make.powerautomate.com/environments/Default-2f6d8c1e-3b7a-4e2f-9c51-7a0d4b6e8f13/flows/${HTTP_FLOW}/details`,
        }),
      );
      assert.equal(event.kind, 'flow');
      if (event.kind !== 'flow') return;
      await store.events.ingest([event.event], { now: c.now() });
      h.connector.reset();
      // The bot was removed from the team a moment: the Bot Connector refuses the post (not retried).
      h.connector.failNext(1, 403, 'BotNotInConversationRoster');
      await h.bot.alerts.afterSync();
      assert.equal(h.connector.sentActivities().length, 1, 'the post was tried');
      c.advance(60_000);
      await h.bot.alerts.afterSync();
      assert.equal(alertPosts(h).length, 2, 'tried again on the next evaluation');
      assert.match(lines(alertPosts(h)[1].card).join('\n'), /Matched: flows that start using HTTP/);
      await h.bot.alerts.afterSync();
      assert.equal(alertPosts(h).length, 2, 'and posted once');
    } finally {
      await h.close();
      await store.close();
    }
  });
});

describe('a burst of 500 matches', () => {
  test('yields one post per evaluation, bounded by ALERT_POSTS_PER_HOUR, with a count and Show more', async () => {
    const store = SqliteStore.open(':memory:');
    const c = clock('2026-11-25T09:30:00.000Z');
    const h = await startBotHarness({ store, env: { ALERT_POSTS_PER_HOUR: '2' }, deps: { now: c.now } });
    try {
      await say(h, 'alert on HTTP');
      await say(h, 'alert on custom connectors');
      c.advance(1_000);
      const burst = (offset: number) =>
        Array.from({ length: 250 }, (_, i) =>
          normalizeRecord(
            flowRecord(new Date(c.now().getTime() - 60_000), {
              Id: recordId(),
              Operation: 'CreateFlow',
              FlowConnectorNames: 'HTTP, Contoso Custom API',
              FlowDetailsUrl: `https://make.powerautomate.com/environments/Default-2f6d8c1e-3b7a-4e2f-9c51-7a0d4b6e8f13/flows/00000000-0000-4000-8000-${String(offset + i).padStart(12, '0')}/details`,
            }),
          ),
        ).map((n) => (n.kind === 'flow' ? n.event : assert.fail('not a flow event')));
      await store.events.ingest(burst(0), { now: c.now() });
      h.connector.reset();
      await h.bot.alerts.afterSync();
      const posts = () => alertPosts(h);
      assert.equal(posts().length, 1, 'one card for the whole burst');
      const first = lines(posts()[0].card).join('\n');
      assert.match(first, /^Flowwatch alert: 250 matches/);
      assert.match(first, /245 more matches not shown\./);
      assert.ok(nodes(posts()[0].card).some((n) => n.title === 'Show more'));
      // The second post of the hour is the last one allowed: it says so.
      c.advance(1_000);
      await store.events.ingest(burst(250), { now: c.now() });
      await h.bot.alerts.afterSync();
      assert.equal(posts().length, 2);
      assert.match(lines(posts()[1].card).join('\n'), /at most 2 alert posts an hour; this is the last one this hour/);
      // A third burst within the hour waits; nothing is lost: an hour later one post gathers it.
      c.advance(1_000);
      await store.events.ingest(burst(500), { now: c.now() });
      await h.bot.alerts.afterSync();
      await h.bot.alerts.afterSync();
      assert.equal(posts().length, 2, 'the limit holds');
      c.advance(3_600_000);
      await h.bot.alerts.afterSync();
      assert.equal(posts().length, 3);
      assert.match(lines(posts()[2].card)[0], /^Flowwatch alert: 250 matches/);
      await h.bot.alerts.afterSync();
      assert.equal(posts().length, 3, '750 matches, 3 posts, each match once');
      // Show more on the first card: the next five of its matches, replacing the card.
      const more = nodes(posts()[0].card).find((n) => n.title === 'Show more')!;
      const res = await h.post(
        cardActionInvoke({
          serviceUrl: h.connector.serviceUrl,
          verb: 'alertMore',
          data: more.data,
          conversation: 'channel',
        }),
      );
      const next = lines((res.body as { value: object }).value).join('\n');
      assert.match(next, /240 more matches not shown/);
    } finally {
      await h.close();
      await store.close();
    }
  });
});

const skip = await postgresSkipReason();

describe('two replicas on one PostgreSQL', { skip: skip ?? false }, () => {
  let db: TestSchema;
  test('evaluating the same stored event at the same moment, they post it once between them', async () => {
    db = await createTestSchema('fw_alerts');
    const c = clock('2026-11-25T09:30:00.000Z');
    const [a, b] = await Promise.all([
      openPostgresStore({ connectionString: db.urlWithSchema, max: 3 }),
      openPostgresStore({ connectionString: db.urlWithSchema, max: 3 }),
    ]);
    const ha = await startBotHarness({ store: a, deps: { now: c.now } });
    const hb = await startBotHarness({ store: b, deps: { now: c.now } });
    try {
      await say(ha, 'alert on HTTP');
      c.advance(1_000);
      const n = normalizeRecord(
        flowRecord(new Date(c.now().getTime() - 60_000), { Operation: 'CreateFlow', FlowConnectorNames: 'HTTP' }),
      );
      assert.equal(n.kind, 'flow');
      await a.events.ingest([n.kind === 'flow' ? n.event : assert.fail()], { now: c.now() });
      // Replica b's connector stands in for the same Teams: both post to where the channel's reference points.
      await Promise.all([ha.bot.alerts.afterSync(), hb.bot.alerts.afterSync(), ha.bot.alerts.afterSync()]);
      assert.equal(alertPosts(ha).length + alertPosts(hb).length, 1);
    } finally {
      await ha.close();
      await hb.close();
      await a.close();
      await b.close();
      await db.drop();
    }
  });
});
