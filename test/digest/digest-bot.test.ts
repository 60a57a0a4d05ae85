/**
 * The digest through the real bot server over HTTP: installs and removals keep subscriptions,
 * `digest …` commands in a channel, POST /api/digest with its bearer secret, and the digest card's
 * Refresh / Show more as Action.Execute invokes. SQLite store in a temp dir, fake Bot Connector.
 */
import { afterEach, beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  ADMIN_TEAM_ID,
  CHANNEL_ID,
  MEMBER,
  OTHER_TEAM_ID,
  OTHER_TENANT_ID,
  PERSONAL_CHAT_ID,
  TENANT_ID,
  cardActionInvoke,
  channelMessage,
  installationAdd,
  personalMessage,
} from '../bot/fixtures/teams-activities.ts';
import { flowEvent } from '../bot/fixtures/flow-events.ts';
import { cardOf, startBotHarness, type BotHarness } from '../http/helpers/bot-harness.ts';
import { cardText, executeActions } from '../helpers/card-walk.ts';
import { COVERAGE_SOURCE } from '../../src/queries/run.ts';
import { lines } from '../helpers/card-walk.ts';
import { openTempStore } from './helpers/temp-store.ts';
import { installationRemove, teamDeleted } from './fixtures/teams-events.ts';

const SECRET = 'digest-secret-for-tests-7Qk2';
const DIGEST_ENV = {
  DIGEST_SECRET: SECRET,
  DIGEST_TIME: '08:00',
  DIGEST_TIMEZONE: 'Europe/Berlin',
  DIGEST_DAYS: 'daily',
};
type InvokeBody = { statusCode: number; type: string; value: Record<string, unknown> };

describe('digest through the bot server', () => {
  let temp: ReturnType<typeof openTempStore>;
  let h: BotHarness;
  const serviceUrl = () => h.connector.serviceUrl;
  const lastCardText = () => cardText(cardOf(h.connector.sentActivities().at(-1)!.activity));
  const postDigest = (body: unknown, auth: string | null = `Bearer ${SECRET}`) =>
    fetch(`${h.bot.url}/api/digest`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(auth ? { authorization: auth } : {}) },
      body: JSON.stringify(body),
    });

  beforeEach(async () => {
    temp = openTempStore();
    // Tuesday 24 Nov in Berlin: two new flows, one with HTTP.
    await temp.store.events.ingest(
      [
        flowEvent({
          operation: 'CreateFlow',
          occurredAt: '2026-11-24T08:15:00.000Z',
          flowName: 'Invoice approvals',
          actorUpn: 'riley@contoso.com',
          connectors: ['SharePoint', 'HTTP'],
        }),
        flowEvent({
          operation: 'CreateFlow',
          occurredAt: '2026-11-24T12:40:00.000Z',
          flowName: 'Leave requests',
          actorUpn: 'sam@contoso.com',
          connectors: ['Microsoft Forms'],
        }),
      ],
      { now: new Date('2026-11-24T13:00:00.000Z') },
    );
    await temp.store.syncState.addCoverage(COVERAGE_SOURCE, {
      from: '2026-11-01T00:00:00.000Z',
      to: '2026-11-25T09:25:00.000Z',
    });
    h = await startBotHarness({ store: temp.store, env: DIGEST_ENV });
  });
  afterEach(async () => {
    await h.close();
    await temp.dispose();
  });

  test('installing into a team subscribes the channel it was added from, with the configured defaults', async () => {
    assert.equal((await h.post(installationAdd({ serviceUrl: serviceUrl() }))).status, 200);
    const s = await temp.store.botState.getSubscription(CHANNEL_ID);
    assert.ok(s);
    assert.deepEqual(
      [s.teamId, s.teamName, s.serviceUrl, s.digestTime, s.timeZone, s.days, s.enabled],
      [ADMIN_TEAM_ID, 'Power Platform Admins', serviceUrl(), '08:00', 'Europe/Berlin', 'daily', true],
    );
    assert.equal((s.reference.conversation as { id: string }).id, CHANNEL_ID);
    assert.equal(s.reference.activityId, undefined);
  });

  test('an install whose welcome card cannot be delivered still subscribes the channel', async () => {
    // The connector answers 404 under this path, so sending the help card fails.
    const unreachable = `${serviceUrl()}gone/`;
    await h.post(installationAdd({ serviceUrl: unreachable }));
    assert.ok(
      h.connector.requests.some((r) => r.rawPath.startsWith('/gone/v3/conversations/')),
      'the bot tried to send the welcome card',
    );
    assert.equal(h.connector.sentActivities().length, 0);
    const s = await temp.store.botState.getSubscription(CHANNEL_ID);
    assert.equal(s?.serviceUrl, unreachable);
  });

  test('an install by someone who is not an admin subscribes nothing', async () => {
    await h.post(installationAdd({ serviceUrl: serviceUrl(), from: MEMBER, teamId: OTHER_TEAM_ID }));
    assert.deepEqual(await temp.store.botState.listSubscriptions(), []);
  });

  test('uninstalling, or deleting the team, removes the subscription', async () => {
    await h.post(installationAdd({ serviceUrl: serviceUrl() }));
    assert.equal((await h.post(installationRemove({ serviceUrl: serviceUrl() }))).status, 200);
    assert.equal(await temp.store.botState.getSubscription(CHANNEL_ID), null);

    await h.post(installationAdd({ serviceUrl: serviceUrl() }));
    assert.equal((await h.post(teamDeleted({ serviceUrl: serviceUrl(), teamId: ADMIN_TEAM_ID }))).status, 200);
    assert.equal(await temp.store.botState.getSubscription(CHANNEL_ID), null);
  });

  test('a removal from another tenant, or outside a channel, keeps the admins subscriptions; the team event still removes them', async () => {
    await h.post(installationAdd({ serviceUrl: serviceUrl() }));
    const otherTenant = (event: ReturnType<typeof teamDeleted>) => ({
      ...event,
      from: MEMBER,
      conversation: { ...event.conversation, tenantId: OTHER_TENANT_ID },
      channelData: { ...event.channelData, tenant: { id: OTHER_TENANT_ID } },
    });
    const remove = installationRemove({ serviceUrl: serviceUrl() });
    const deleted = teamDeleted({ serviceUrl: serviceUrl(), teamId: ADMIN_TEAM_ID });
    const forged = [
      otherTenant(remove as unknown as ReturnType<typeof teamDeleted>),
      otherTenant(deleted),
      // A personal chat carrying the admins team: Teams never sends team events there.
      {
        ...remove,
        from: MEMBER,
        conversation: { conversationType: 'personal', tenantId: TENANT_ID, id: PERSONAL_CHAT_ID },
      },
      {
        ...deleted,
        from: MEMBER,
        conversation: { conversationType: 'personal', tenantId: TENANT_ID, id: PERSONAL_CHAT_ID },
      },
    ];
    for (const event of forged) {
      assert.equal((await h.post(event)).status, 200);
      assert.equal(
        (await temp.store.botState.getSubscription(CHANNEL_ID))?.enabled,
        true,
        JSON.stringify(event.conversation),
      );
    }
    assert.equal(
      h.logs.filter((l) => l.msg === 'ignored a team removal that is not a team event of the allowed tenant').length,
      4,
    );
    // A member of the team (not a named admin) removing the app from it is the legitimate case.
    assert.equal((await h.post({ ...remove, from: MEMBER })).status, 200);
    assert.equal(await temp.store.botState.getSubscription(CHANNEL_ID), null);
  });

  test('digest here / at / status / off in a channel', async () => {
    await h.post(channelMessage({ serviceUrl: serviceUrl(), text: 'digest status' }));
    assert.match(lastCardText(), /The daily digest is off in this channel/);

    await h.post(channelMessage({ serviceUrl: serviceUrl(), text: 'digest here' }));
    assert.equal(
      (await temp.store.botState.getSubscription(CHANNEL_ID))?.enabled,
      true,
      'the channel id, not the thread',
    );
    assert.match(
      lastCardText(),
      /on in this channel: 08:00 Europe\/Berlin, every day\. Next: Thu 26 Nov 2026, 08:00, covering Wed 25 Nov 2026 \(Europe\/Berlin\)/,
    );

    await h.post(channelMessage({ serviceUrl: serviceUrl(), text: 'digest at 7:30 america/new_york weekdays' }));
    const s = await temp.store.botState.getSubscription(CHANNEL_ID);
    assert.deepEqual([s?.digestTime, s?.timeZone, s?.days], ['07:30', 'America/New_York', 'weekdays']);
    assert.match(lastCardText(), /07:30 America\/New_York, Monday to Friday/);

    await h.post(channelMessage({ serviceUrl: serviceUrl(), text: 'digest at 25:00' }));
    assert.match(lastCardText(), /"25:00" is not a time of day/);
    assert.equal((await temp.store.botState.getSubscription(CHANNEL_ID))?.digestTime, '07:30');

    await h.post(channelMessage({ serviceUrl: serviceUrl(), text: 'digest off' }));
    assert.equal((await temp.store.botState.getSubscription(CHANNEL_ID))?.enabled, false);
    assert.match(lastCardText(), /no longer gets the daily digest/);
  });

  test('digest commands need an admin, and a team channel', async () => {
    await h.post(
      channelMessage({ serviceUrl: serviceUrl(), text: 'digest here', from: MEMBER, teamId: OTHER_TEAM_ID }),
    );
    assert.match(lastCardText(), /Flowwatch is for Power Platform admins/);
    await h.post(personalMessage({ serviceUrl: serviceUrl(), text: 'digest here' }));
    assert.match(lastCardText(), /The digest goes to a channel of a team/);
    assert.deepEqual(await temp.store.botState.listSubscriptions(), []);
  });

  test('POST /api/digest needs the bearer secret', async () => {
    assert.equal((await postDigest({}, null)).status, 401);
    assert.equal((await postDigest({}, 'Bearer wrong')).status, 401);
    assert.equal((await postDigest({}, SECRET)).status, 401);
    assert.equal(h.connector.requests.length, 0);
  });

  test('POST /api/digest sends to subscribed channels once per period, or again with force', async () => {
    await h.post(channelMessage({ serviceUrl: serviceUrl(), text: 'digest here' }));
    h.connector.reset();
    const first = await postDigest({});
    assert.equal(first.status, 200);
    const { results } = (await first.json()) as {
      results: Array<{ status: string; periodKey: string; conversationId: string }>;
    };
    assert.deepEqual(
      results.map((r) => [r.conversationId, r.status, r.periodKey]),
      [[CHANNEL_ID, 'sent', '2026-11-24']],
    );
    const sent = h.connector.sentActivities();
    assert.equal(sent.length, 1);
    assert.equal(sent[0].conversationId, CHANNEL_ID);
    const card = cardOf(sent[0].activity);
    assert.ok(lines(card).some((l) => l.startsWith('Tue 24 Nov 2026 (Europe/Berlin)')));
    assert.match(cardText(card), /Invoice approvals/);

    const again = (await (await postDigest({ conversationId: CHANNEL_ID })).json()) as {
      results: Array<{ status: string; reason?: string }>;
    };
    assert.deepEqual(
      again.results.map((r) => [r.status, r.reason]),
      [['skipped', 'alreadySent']],
    );
    assert.equal(h.connector.sentActivities().length, 1);

    const forced = (await (await postDigest({ force: true })).json()) as { results: Array<{ status: string }> };
    assert.deepEqual(
      forced.results.map((r) => r.status),
      ['sent'],
    );
    assert.equal(h.connector.sentActivities().length, 2);
  });

  test('POST /api/digest: a date that is not a calendar day, or is in the future, gets 400 naming the field', async () => {
    await h.post(channelMessage({ serviceUrl: serviceUrl(), text: 'digest here' }));
    h.connector.reset();
    for (const [date, problem] of [
      ['2026-02-30', /date 2026-02-30 is not a day of the calendar/],
      ['2026-13-01', /not a day of the calendar/],
      ['9999-12-31', /date 9999-12-31 is in the future/],
      ['2026-11-27', /in the future/],
      ['1999-12-31', /before 2000/],
    ] as const) {
      const res = await postDigest({ date, force: true });
      assert.equal(res.status, 400, date);
      const body = (await res.json()) as { code: string; message: string };
      assert.equal(body.code, 'BadRequest');
      assert.match(body.message, problem);
    }
    // Tomorrow in UTC has begun east of it; today is fine too.
    assert.equal((await postDigest({ date: '2026-11-26' })).status, 200);
    assert.equal((await postDigest({ date: '2026-11-25' })).status, 200);
    assert.equal(h.logs.filter((l) => l.level === 'error').length, 0);
  });

  test('POST /api/digest with force: at most 3 forced resends per channel per hour, then 429 with Retry-After', async () => {
    await h.post(channelMessage({ serviceUrl: serviceUrl(), text: 'digest here' }));
    h.connector.reset();
    assert.equal((await postDigest({})).status, 200);
    const statuses: number[] = [];
    for (let i = 0; i < 3; i++) statuses.push((await postDigest({ force: true })).status);
    // A day not sent yet goes out as usual (not forced, so not counted)...
    statuses.push((await postDigest({ date: '2026-11-23' })).status);
    // ...but forcing it again is over the bound: the bound is per channel, not per period.
    statuses.push((await postDigest({ date: '2026-11-23', force: true })).status);
    assert.deepEqual(statuses, [200, 200, 200, 200, 429]);
    const over = await postDigest({ force: true });
    assert.equal(over.status, 429);
    // TEST_NOW is 09:30 UTC: the next hour starts in 30 minutes.
    assert.equal(over.headers.get('retry-after'), '1800');
    const body = (await over.json()) as { code: string; message: string; results: Array<{ reason: string }> };
    assert.equal(body.code, 'TooManyForcedResends');
    assert.match(body.message, /at most 3 forced resends per clock hour .*try again in 1800 s/);
    assert.deepEqual(
      body.results.map((r) => r.reason),
      ['resendLimit'],
    );
    // The first send of 23 Nov was not forced; then the 3 forced ones; nothing for the refused calls.
    assert.equal(h.connector.sentActivities().length, 5);
  });

  test('POST /api/digest never takes a serviceUrl or a conversation that is not subscribed', async () => {
    const withUrl = await postDigest({ conversationId: CHANNEL_ID, serviceUrl: 'https://evil.example/' });
    assert.equal(withUrl.status, 400);
    assert.match(await withUrl.text(), /Unknown field\(s\): serviceUrl/);
    assert.equal((await postDigest({ conversationId: '19:not-subscribed@thread.tacv2' })).status, 404);
    assert.equal((await postDigest({ date: '24/11/2026' })).status, 400);
    assert.equal(h.connector.requests.length, 0);
  });

  test('Refresh re-renders the same period in place, for the clicker and in the channel post', async () => {
    await h.post(channelMessage({ serviceUrl: serviceUrl(), text: 'digest here' }));
    await postDigest({});
    const posted = cardOf(h.connector.sentActivities().at(-1)!.activity);
    const refresh = executeActions(posted).find((a) => a.title === 'Refresh')!;
    assert.equal(refresh.verb, 'refreshDigest');
    // A flow that arrived after the post: Refresh shows it.
    await temp.store.events.ingest(
      [
        flowEvent({
          operation: 'CreateFlow',
          occurredAt: '2026-11-24T20:00:00.000Z',
          flowName: 'Arrived after posting',
          connectors: [],
        }),
      ],
      { now: new Date('2026-11-25T09:29:00.000Z') },
    );
    h.connector.reset();

    const res = await h.post(
      cardActionInvoke({
        serviceUrl: serviceUrl(),
        verb: 'refreshDigest',
        data: refresh.data,
        conversation: 'channel',
      }),
    );
    assert.equal(res.status, 200);
    const body = res.body as InvokeBody;
    assert.equal(body.statusCode, 200);
    assert.equal(body.type, 'application/vnd.microsoft.card.adaptive');
    assert.ok(lines(body.value).some((l) => l.startsWith('Tue 24 Nov 2026 (Europe/Berlin)')));
    assert.match(cardText(body.value), /Arrived after posting/);
    const puts = h.connector.requests.filter((r) => r.method === 'PUT');
    assert.equal(puts.length, 1);
    assert.equal(puts[0].path, `/v3/conversations/${CHANNEL_ID};messageid=1764061969999/activities/1764061969999`);
  });

  test('Show more expands one section; tampered data gets an error invoke response', async () => {
    await h.post(channelMessage({ serviceUrl: serviceUrl(), text: 'digest here' }));
    await postDigest({});
    const refresh = executeActions(cardOf(h.connector.sentActivities().at(-1)!.activity)).find(
      (a) => a.title === 'Refresh',
    )!;
    const data = refresh.data as Record<string, unknown>;
    const more = await h.post(
      cardActionInvoke({
        serviceUrl: serviceUrl(),
        verb: 'refreshDigest',
        data: { ...data, expand: 'newFlows' },
        conversation: 'channel',
      }),
    );
    assert.equal((more.body as InvokeBody).statusCode, 200);

    for (const bad of [
      { ...data, from: '2020-01-01T00:00:00.000Z' },
      { ...data, expand: 'everything' },
      { ...data, serviceUrl: 'https://evil.example/' },
      { ...data, firstDay: '2026-01-01' },
    ]) {
      const res = await h.post(
        cardActionInvoke({ serviceUrl: serviceUrl(), verb: 'refreshDigest', data: bad, conversation: 'channel' }),
      );
      assert.equal((res.body as InvokeBody).statusCode, 400, JSON.stringify(bad));
    }
  });

  test('the route is off when DIGEST_SECRET is unset', async () => {
    const plain = await startBotHarness({ store: temp.store });
    try {
      const res = await fetch(`${plain.bot.url}/api/digest`, {
        method: 'POST',
        headers: { authorization: `Bearer ${SECRET}` },
      });
      assert.equal(res.status, 404);
    } finally {
      await plain.close();
    }
  });
});
