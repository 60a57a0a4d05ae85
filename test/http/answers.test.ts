/**
 * Questions and card buttons answered end to end: Teams-shaped activities over HTTP to the real
 * server, answers from a SQLite store seeded with FlowEvent fixtures, replies caught by the fake
 * Bot Connector.
 */
import { after, before, beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { SqliteStore } from '../../src/store/sqlite/sqlite-store.ts';
import { cardOf, startBotHarness, TEST_NOW, type BotHarness } from './helpers/bot-harness.ts';
import { cardText, executeActions, textRuns } from '../helpers/card-walk.ts';
import { flowEvent } from '../bot/fixtures/flow-events.ts';
import {
  CHANNEL_ID,
  GROUP_CHAT_ID,
  MEMBER,
  PERSONAL_CHAT_ID,
  cardActionInvoke,
  channelMessage,
  groupChatMessage,
  personalMessage,
} from '../bot/fixtures/teams-activities.ts';

const HOSTILE_NAME = '**Payroll** [click me](https://evil.example.com/x) ${secret} _x_ <at>ceo</at>';
const HOSTILE_UPN = 'dev_ops*${user.name}@contoso.com';
const LATE_NAME = 'Expense approvals';

type InvokeBody = { statusCode: number; type: string; value: Record<string, unknown> };

describe('answers from the store', () => {
  let dir: string;
  let store: SqliteStore;
  let h: BotHarness;
  const serviceUrl = () => h.connector.serviceUrl;

  before(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'flowwatch-bot-'));
    store = SqliteStore.open(path.join(dir, 'flowwatch.db'));
    const events = [
      // Today in Berlin (UTC+1): 2026-11-25 09:05 local.
      flowEvent({
        operation: 'CreateFlow',
        occurredAt: '2026-11-25T08:05:00Z',
        flowName: HOSTILE_NAME,
        actorUpn: HOSTILE_UPN,
        connectors: ['HTTP', 'Office 365 Outlook'],
      }),
      // 06:00 in Berlin today, but still yesterday (21:00) in Los Angeles.
      flowEvent({
        operation: 'CreateFlow',
        occurredAt: '2026-11-25T05:00:00Z',
        flowName: 'Early bird sync',
        actorUpn: 'kai@contoso.com',
      }),
      // Earlier this week.
      flowEvent({
        operation: 'EditFlow',
        occurredAt: '2026-11-23T10:00:00Z',
        flowName: 'Invoice intake',
        actorUpn: 'jordan@contoso.com',
      }),
      flowEvent({
        operation: 'EditFlow',
        occurredAt: '2026-11-24T10:00:00Z',
        flowName: 'Invoice intake v2',
        actorUpn: 'jordan@contoso.com',
        // A custom connector: no fixed vocabulary knows its name; the store does.
        connectors: ['Contoso Billing Gateway'],
      }),
      // Yesterday.
      flowEvent({
        operation: 'DeleteFlow',
        occurredAt: '2026-11-24T15:00:00Z',
        flowName: 'Old reminder',
        actorUpn: 'sam@contoso.com',
      }),
    ];
    // Two pages' worth of shares this week: 40 events, plus one more that arrives later.
    for (let i = 0; i < 40; i++) {
      const minute = String(i).padStart(2, '0');
      events.push(
        flowEvent({
          operation: 'PutPermissions',
          occurredAt: `2026-11-24T07:${minute}:00Z`,
          flowName: `Shared flow ${minute}`,
          sharingPermission: 3,
          recipientUpn: 'riley@contoso.com',
        }),
      );
    }
    await store.events.ingest(events, { now: TEST_NOW });
    await store.syncState.addCoverage('mgmt:Audit.General', {
      from: '2026-11-16T00:00:00.000Z',
      to: TEST_NOW.toISOString(),
    });
    await store.syncState.saveSyncReport({
      source: 'mgmt:Audit.General',
      startedAt: '2026-11-25T09:24:00.000Z',
      finishedAt: '2026-11-25T09:25:00.000Z',
      ok: true,
      details: {},
    });
    h = await startBotHarness({ store });
  });
  after(async () => {
    await h.close();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });
  beforeEach(() => {
    h.connector.reset();
  });

  async function ask(activity: unknown) {
    const res = await h.post(activity);
    assert.equal(res.status, 200);
    const sent = h.connector.sentActivities();
    assert.equal(sent.length, 1, JSON.stringify(sent).slice(0, 500));
    return { reply: sent[0], card: cardOf(sent[0].activity) };
  }

  test('a channel @mention from the admins team gets the answer in the thread, with a Refresh button carrying the query', async () => {
    const activity = channelMessage({ serviceUrl: serviceUrl(), from: MEMBER, text: 'new flows today' });
    const { reply, card } = await ask(activity);
    assert.equal(reply.conversationId, `${CHANNEL_ID};messageid=${activity.id}`);
    assert.equal(reply.replyToId, activity.id);
    assert.equal(card.type, 'AdaptiveCard');
    const runs = textRuns(card);
    assert.ok(runs.some((t) => t.includes('Early bird sync')));
    assert.ok(!runs.some((t) => t.includes('Invoice intake')), 'edits are not new flows');
    const refresh = executeActions(card).find((a) => a.verb === 'refresh');
    assert.deepEqual(refresh?.data, {
      query: { operations: ['CreateFlow'], period: { kind: 'today' }, shape: 'list' },
      offset: 0,
    });
  });

  test('a question with a typo is answered, and the card says how it was read; one read as typed says nothing', async () => {
    const typo = await ask(channelMessage({ serviceUrl: serviceUrl(), from: MEMBER, text: 'new flwos today' }));
    assert.ok(textRuns(typo.card).some((t) => t.includes('Early bird sync')));
    assert.match(cardText(typo.card), /Read as: created flows today \("flwos" as "flows"\)/);
    h.connector.reset();
    const exact = await ask(channelMessage({ serviceUrl: serviceUrl(), from: MEMBER, text: 'new flows today' }));
    assert.doesNotMatch(cardText(exact.card), /Read as/);
  });

  test('a typo in a connector only this tenant has is corrected from the names its events carry', async () => {
    const { card } = await ask(
      channelMessage({ serviceUrl: serviceUrl(), from: MEMBER, text: 'flows using contoso biling gateway this week' }),
    );
    const text = cardText(card);
    assert.match(text, /Invoice intake v2/);
    assert.match(text, /"biling" as "billing"/);
    h.connector.reset();
    const unknown = await ask(
      channelMessage({ serviceUrl: serviceUrl(), from: MEMBER, text: 'flows using contoso biling portal this week' }),
    );
    assert.doesNotMatch(cardText(unknown.card), /Invoice intake v2/, 'a name the store does not have matches nothing');
  });

  test('"busiest environments this week" ranks environments by events, names the default one, and refreshes as such', async () => {
    const { card } = await ask(
      channelMessage({ serviceUrl: serviceUrl(), from: MEMBER, text: 'busiest environments this week' }),
    );
    const text = cardText(card);
    assert.match(text, /All flow activity, grouped by environment/);
    // Every fixture event is in the tenant's default environment (Default-<tenant id>), named as such.
    assert.match(text, /The default environment/);
    assert.doesNotMatch(text, /Default-6f1c2a3b/);
    assert.match(text, /\d+ events/);
    const refresh = executeActions(card).find((a) => a.verb === 'refresh');
    assert.equal((refresh?.data as { query: { shape: string } }).query.shape, 'byEnvironment');
  });

  test('"overview of last 30 days" answers with a summary card of that period, whose Refresh still works', async () => {
    const { card } = await ask(
      channelMessage({ serviceUrl: serviceUrl(), from: MEMBER, text: 'overview of the last 30 days' }),
    );
    const text = cardText(card);
    assert.match(text, /Power Automate flows: summary/);
    assert.doesNotMatch(text, /daily digest/);
    assert.doesNotMatch(text, /Arrived late/, 'a summary follows no earlier digest');
    assert.match(text, /Tue 27 Oct 2026 – Wed 25 Nov 2026/);
    assert.match(text, /New flows/);
    const refresh = executeActions(card).find((a) => a.verb === 'refreshDigest');
    assert.ok(refresh, 'the summary has the digest Refresh');
    const res = await h.post(
      cardActionInvoke({
        serviceUrl: serviceUrl(),
        from: MEMBER,
        conversation: 'channel',
        verb: 'refreshDigest',
        data: refresh.data,
      }),
    );
    const body = res.body as InvokeBody;
    assert.equal(body.statusCode, 200);
    assert.match(textRuns(body.value).join('\n'), /Power Automate flows: summary/);
    // The same 30 days claimed as a channel digest (at most a long weekend) are refused as made up.
    const { summary: _summary, ...asDigest } = refresh.data as Record<string, unknown>;
    const forged = await h.post(
      cardActionInvoke({
        serviceUrl: serviceUrl(),
        from: MEMBER,
        conversation: 'channel',
        verb: 'refreshDigest',
        data: asDigest,
      }),
    );
    assert.equal((forged.body as InvokeBody).statusCode, 400);
  });

  test('"this month compared to last month" is the summary of this month with its change against all of last month, kept by Refresh', async () => {
    const { card } = await ask(
      channelMessage({ serviceUrl: serviceUrl(), from: MEMBER, text: 'this month compared to last month' }),
    );
    const text = cardText(card);
    assert.match(text, /Power Automate flows: summary/);
    assert.match(text, /change against .*Oct 2026/);
    const refresh = executeActions(card).find((a) => a.verb === 'refreshDigest');
    const data = refresh?.data as Record<string, unknown>;
    assert.equal(data.againstFirstDay, '2026-10-01');
    assert.equal(data.againstLastDay, '2026-10-31');
    const invoke = (d: Record<string, unknown>) =>
      h.post(
        cardActionInvoke({
          serviceUrl: serviceUrl(),
          from: MEMBER,
          conversation: 'channel',
          verb: 'refreshDigest',
          data: d,
        }),
      );
    const refreshed = (await invoke(data)).body as InvokeBody;
    assert.equal(refreshed.statusCode, 200);
    assert.match(textRuns(refreshed.value).join('\n'), /change against .*Oct 2026/);
    // A compared period is a summary's only, and must be real days.
    const { summary: _summary, ...notSummary } = data;
    assert.equal(((await invoke(notSummary)).body as InvokeBody).statusCode, 400);
    assert.equal(((await invoke({ ...data, againstLastDay: '2026-13-01' })).body as InvokeBody).statusCode, 400);
  });

  test('flow names and UPNs with markdown and ${…} are shown literally, only as plain TextRuns, and their links are not followed', async () => {
    const { card } = await ask(personalMessage({ serviceUrl: serviceUrl(), text: 'new flows today' }));
    const runs = textRuns(card);
    assert.ok(
      runs.some((t) => t.includes(HOSTILE_NAME)),
      `no TextRun shows ${HOSTILE_NAME}: ${JSON.stringify(runs)}`,
    );
    assert.ok(
      runs.some((t) => t.includes(HOSTILE_UPN)),
      `no TextRun shows ${HOSTILE_UPN}`,
    );
    const json = JSON.stringify(card);
    assert.doesNotMatch(json, /"url":"https:\/\/evil\.example\.com/);
    // Outside TextRuns (TextBlock/FactSet render markdown) the hostile text must not appear at all.
    const markdownTexts = cardText(card)
      .split('\n')
      .filter((t) => !runs.includes(t));
    assert.ok(
      !markdownTexts.some((t) => t.includes('**Payroll**') || t.includes('${secret}')),
      JSON.stringify(markdownTexts),
    );
  });

  test('personal chat: "who edited flows this week" groups by maker', async () => {
    const { reply, card } = await ask(
      personalMessage({ serviceUrl: serviceUrl(), text: 'who edited flows this week' }),
    );
    assert.equal(reply.conversationId, PERSONAL_CHAT_ID);
    const runs = textRuns(card).join('\n');
    assert.match(runs, /jordan@contoso\.com/);
    assert.doesNotMatch(runs, /sam@contoso\.com/);
  });

  test('group chat: "deleted flows yesterday" lists the deleted flow', async () => {
    const { reply, card } = await ask(groupChatMessage({ serviceUrl: serviceUrl(), text: 'deleted flows yesterday' }));
    assert.equal(reply.conversationId, GROUP_CHAT_ID);
    assert.match(textRuns(card).join('\n'), /Old reminder/);
  });

  test("the asker's time zone decides what today is", async () => {
    const berlin = await ask(
      personalMessage({ serviceUrl: serviceUrl(), text: 'new flows today', localTimezone: 'Europe/Berlin' }),
    );
    assert.match(textRuns(berlin.card).join('\n'), /Early bird sync/);
    h.connector.reset();
    const losAngeles = await ask(
      personalMessage({ serviceUrl: serviceUrl(), text: 'new flows today', localTimezone: 'America/Los_Angeles' }),
    );
    assert.doesNotMatch(textRuns(losAngeles.card).join('\n'), /Early bird sync/);
  });

  test('Refresh re-runs the query against fresh data and returns the new card in the invoke response', async () => {
    const { card } = await ask(personalMessage({ serviceUrl: serviceUrl(), text: 'deleted flows this week' }));
    const refresh = executeActions(card).find((a) => a.verb === 'refresh')!;
    assert.doesNotMatch(textRuns(card).join('\n'), new RegExp(LATE_NAME));
    // A late record arrives after the card was posted.
    await store.events.ingest(
      [flowEvent({ operation: 'DeleteFlow', occurredAt: '2026-11-25T07:00:00Z', flowName: LATE_NAME })],
      { now: TEST_NOW },
    );
    h.connector.reset();
    const res = await h.post(cardActionInvoke({ serviceUrl: serviceUrl(), verb: 'refresh', data: refresh.data }));
    assert.equal(res.status, 200);
    const body = res.body as InvokeBody;
    assert.equal(body.statusCode, 200);
    assert.equal(body.type, 'application/vnd.microsoft.card.adaptive');
    assert.match(textRuns(body.value).join('\n'), new RegExp(LATE_NAME));
    assert.deepEqual(h.connector.requests, [], 'the invoke response carries the card; nothing is posted');
  });

  test('a Refresh clicked in the admins team channel by any member of it is answered', async () => {
    const data = { query: { operations: ['DeleteFlow'], period: { kind: 'yesterday' }, shape: 'list' }, offset: 0 };
    const res = await h.post(
      cardActionInvoke({ serviceUrl: serviceUrl(), from: MEMBER, conversation: 'channel', verb: 'refresh', data }),
    );
    const body = res.body as InvokeBody;
    assert.equal(body.type, 'application/vnd.microsoft.card.adaptive');
    assert.match(textRuns(body.value).join('\n'), /Old reminder/);
  });

  test('Show more returns the next page, and the pages do not overlap', async () => {
    const { card } = await ask(personalMessage({ serviceUrl: serviceUrl(), text: 'shared flows this week' }));
    const more = executeActions(card).find((a) => a.verb === 'more');
    assert.ok(more, 'a 40-row answer offers Show more');
    const offset = (more.data as { offset: number }).offset;
    assert.ok(offset > 0 && offset < 40);
    const firstPage = textRuns(card).filter((t) => /^Shared flow \d\d$/.test(t));
    assert.equal(firstPage.length, offset);
    const res = await h.post(cardActionInvoke({ serviceUrl: serviceUrl(), verb: 'more', data: more.data }));
    const body = res.body as InvokeBody;
    assert.equal(body.statusCode, 200);
    const secondPage = textRuns(body.value).filter((t) => /^Shared flow \d\d$/.test(t));
    // Newest first: the first page ends at "Shared flow {39 - offset + 1}", the next page starts right after.
    assert.equal(secondPage[0], `Shared flow ${String(39 - offset).padStart(2, '0')}`);
    assert.deepEqual(
      firstPage.filter((t) => secondPage.includes(t)),
      [],
    );
  });

  test('an old client clicking the Action.Submit fallback gets the answer as a new message', async () => {
    const query = { operations: ['DeleteFlow'], period: { kind: 'yesterday' }, shape: 'list' };
    const activity = {
      ...personalMessage({ serviceUrl: serviceUrl() }),
      text: undefined,
      value: { verb: 'refresh', query, offset: 0 },
    };
    const { card } = await ask(activity);
    assert.match(textRuns(card).join('\n'), /Old reminder/);
  });

  test('a 429 with Retry-After from the connector is retried and the answer still arrives', async () => {
    h.connector.throttleNext(1, 0);
    const res = await h.post(personalMessage({ serviceUrl: serviceUrl(), text: 'deleted flows yesterday' }));
    assert.equal(res.status, 200);
    const posts = h.connector.requests.filter((r) => r.method === 'POST');
    assert.equal(posts.length, 2);
    assert.match(textRuns(cardOf(h.connector.sentActivities()[1].activity)).join('\n'), /Old reminder/);
  });

  test('a 429 without Retry-After is not retried by the SDK; the turn ends with the short apology', async () => {
    h.connector.throttleNext(1);
    const res = await h.post(personalMessage({ serviceUrl: serviceUrl(), text: 'deleted flows yesterday' }));
    assert.equal(res.status, 200);
    const sent = h.connector.sentActivities();
    assert.equal(sent.length, 2);
    assert.equal(sent[1].activity.text, 'Sorry, something went wrong while answering. Please try again in a minute.');
  });

  test('/healthz reports the store, the age of the last sync and the version', async () => {
    const res = await fetch(`${h.bot.url}/healthz`);
    assert.equal(res.status, 200);
    const body = (await res.json()) as {
      status: string;
      version: string;
      store: unknown;
      lastSync: { ok: boolean; ageSeconds: number; successAgeSeconds: number };
      channelKeys: unknown;
    };
    const version = (
      JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }
    ).version;
    assert.equal(body.status, 'ok');
    assert.equal(body.version, version);
    assert.deepEqual(body.store, { kind: 'sqlite', reachable: true });
    assert.equal(body.lastSync.ok, true);
    assert.equal(body.lastSync.ageSeconds, 300);
    assert.equal(body.lastSync.successAgeSeconds, 300);
    // Demo mode: authentication is off, so there are no signing keys to report.
    assert.equal(body.channelKeys, null);
  });

  test('answers are not copied into the logs', () => {
    assert.ok(h.logs.length > 0);
    assert.doesNotMatch(JSON.stringify(h.logs), /Payroll|Old reminder/);
  });
});
