/**
 * The bot server over real HTTP, for everything that must not depend on audit data: access
 * refusals (which must not even read the store), malformed and oversized bodies, installs, bad
 * card actions and turn errors.
 */
import { after, before, beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { recordingStore } from './helpers/recording-store.ts';
import { cardOf, startBotHarness, type BotHarness } from './helpers/bot-harness.ts';
import { cardText } from '../helpers/card-walk.ts';
import {
  ADMIN,
  ADMIN_TEAM_ID,
  CHANNEL_ID,
  MEMBER,
  OTHER_TEAM_ID,
  OTHER_TENANT_ID,
  PERSONAL_CHAT_ID,
  GROUP_CHAT_ID,
  cardActionInvoke,
  channelMessage,
  groupChatMessage,
  installationAdd,
  personalMessage,
} from '../bot/fixtures/teams-activities.ts';

const refreshData = { query: { operations: ['CreateFlow'], period: { kind: 'today' }, shape: 'list' }, offset: 0 };

describe('bot server without audit data', () => {
  const recording = recordingStore();
  let h: BotHarness;
  const serviceUrl = () => h.connector.serviceUrl;

  before(async () => {
    h = await startBotHarness({ store: recording.store });
  });
  after(async () => {
    await h.close();
  });
  beforeEach(() => {
    h.connector.reset();
    recording.calls.length = 0;
    h.logs.length = 0;
  });

  function refusalLogs() {
    return h.logs.filter((l) => l.msg === 'refused a request for audit data');
  }

  test('a non-admin in personal chat gets a short refusal, the store is not read, and the refusal is logged', async () => {
    const res = await h.post(personalMessage({ serviceUrl: serviceUrl(), from: MEMBER, text: 'new flows today' }));
    assert.equal(res.status, 200);
    const sent = h.connector.sentActivities();
    assert.equal(sent.length, 1);
    assert.equal(sent[0].conversationId, PERSONAL_CHAT_ID);
    assert.match(cardText(cardOf(sent[0].activity)), /only the Power Platform admins/);
    assert.deepEqual(recording.calls, []);
    assert.equal(refusalLogs().length, 1);
    assert.equal(refusalLogs()[0].reason, 'not-admin');
    assert.equal(refusalLogs()[0].userAadObjectId, MEMBER.aadObjectId);
  });

  test('a non-admin @mentioning the bot in another team channel is refused in the thread', async () => {
    const activity = channelMessage({
      serviceUrl: serviceUrl(),
      from: MEMBER,
      teamId: OTHER_TEAM_ID,
      text: 'who edited flows this week',
    });
    const res = await h.post(activity);
    assert.equal(res.status, 200);
    const [reply] = h.connector.sentActivities();
    assert.equal(reply.conversationId, `${CHANNEL_ID};messageid=${activity.id}`);
    assert.equal(reply.replyToId, activity.id);
    assert.match(cardText(cardOf(reply.activity)), /only the Power Platform admins/);
    assert.deepEqual(recording.calls, []);
  });

  test('a member in personal chat whose channelData names the admins team is refused: the team rule needs a channel of it', async () => {
    const forged = personalMessage({ serviceUrl: serviceUrl(), from: MEMBER, text: 'new flows today' });
    forged.channelData = { ...forged.channelData, team: { id: ADMIN_TEAM_ID } } as typeof forged.channelData;
    assert.equal((await h.post(forged)).status, 200);
    assert.match(cardText(cardOf(h.connector.sentActivities()[0].activity)), /only the Power Platform admins/);
    assert.deepEqual(recording.calls, []);
    assert.equal(refusalLogs()[0]?.reason, 'not-admin');
  });

  test('a non-admin in a group chat is refused', async () => {
    await h.post(groupChatMessage({ serviceUrl: serviceUrl(), from: MEMBER }));
    const [reply] = h.connector.sentActivities();
    assert.equal(reply.conversationId, GROUP_CHAT_ID);
    assert.match(cardText(cardOf(reply.activity)), /only the Power Platform admins/);
    assert.deepEqual(recording.calls, []);
  });

  test('an admin object id from another tenant is refused', async () => {
    await h.post(personalMessage({ serviceUrl: serviceUrl(), from: ADMIN, tenantId: OTHER_TENANT_ID }));
    assert.match(cardText(cardOf(h.connector.sentActivities()[0].activity)), /only the Power Platform admins/);
    assert.deepEqual(recording.calls, []);
    assert.equal(refusalLogs()[0].reason, 'other-tenant');
    assert.equal(refusalLogs()[0].tenantId, OTHER_TENANT_ID);
  });

  test('a Refresh click by a non-admin gets a refusal card as the invoke response and no data', async () => {
    const res = await h.post(
      cardActionInvoke({ serviceUrl: serviceUrl(), from: MEMBER, verb: 'refresh', data: refreshData }),
    );
    assert.equal(res.status, 200);
    const body = res.body as { statusCode: number; type: string; value: unknown };
    assert.equal(body.statusCode, 200);
    assert.equal(body.type, 'application/vnd.microsoft.card.adaptive');
    assert.match(cardText(body.value), /only the Power Platform admins/);
    assert.deepEqual(recording.calls, []);
    assert.deepEqual(h.connector.requests, []);
    assert.equal(refusalLogs()[0].activityType, 'invoke');
  });

  test('a Show more click from another tenant is refused the same way', async () => {
    const res = await h.post(
      cardActionInvoke({
        serviceUrl: serviceUrl(),
        from: ADMIN,
        tenantId: OTHER_TENANT_ID,
        verb: 'more',
        data: { ...refreshData, offset: 25 },
      }),
    );
    assert.match(cardText((res.body as { value: unknown }).value), /only the Power Platform admins/);
    assert.deepEqual(recording.calls, []);
  });

  test('an admin card action with an unknown verb gets an error invoke response (HTTP 200, statusCode 400)', async () => {
    const res = await h.post(
      cardActionInvoke({ serviceUrl: serviceUrl(), verb: 'deleteEverything', data: refreshData }),
    );
    assert.equal(res.status, 200);
    assert.deepEqual(res.body, {
      statusCode: 400,
      type: 'application/vnd.microsoft.error',
      value: { code: 'UnknownVerb', message: 'This button is not supported.' },
    });
    assert.deepEqual(recording.calls, []);
  });

  test('an admin card action with tampered data gets statusCode 400 and the store is not read', async () => {
    for (const data of [
      { query: { ...refreshData.query, shape: 'everything' } },
      { query: refreshData.query, offset: -5 },
      'refresh',
      null,
    ]) {
      const res = await h.post(cardActionInvoke({ serviceUrl: serviceUrl(), verb: 'refresh', data }));
      assert.equal(res.status, 200);
      assert.equal((res.body as { statusCode: number }).statusCode, 400, JSON.stringify(data));
      assert.equal((res.body as { type: string }).type, 'application/vnd.microsoft.error');
    }
    assert.deepEqual(recording.calls, []);
  });

  test('an admin question that fails inside the store gets a short apology, not the error text', async () => {
    const res = await h.post(personalMessage({ serviceUrl: serviceUrl(), text: 'new flows today' }));
    assert.equal(res.status, 200);
    const sent = h.connector.sentActivities();
    assert.equal(sent.length, 1);
    assert.equal(sent[0].activity.text, 'Sorry, something went wrong while answering. Please try again in a minute.');
    assert.doesNotMatch(JSON.stringify(sent), /not available in this test/);
    assert.ok(h.logs.some((l) => l.msg === 'turn failed' && l.level === 'error'));
  });

  test('an admin Refresh that fails inside the store gets an error invoke response without the error text', async () => {
    const res = await h.post(cardActionInvoke({ serviceUrl: serviceUrl(), verb: 'refresh', data: refreshData }));
    assert.equal(res.status, 200);
    const body = res.body as { statusCode: number; type: string; value: { code: string; message: string } };
    assert.equal(body.statusCode, 500);
    assert.equal(body.type, 'application/vnd.microsoft.error');
    assert.doesNotMatch(res.text, /not available in this test/);
    assert.deepEqual(h.connector.requests, []);
  });

  test('installing the bot in a team posts the help card to the chosen channel', async () => {
    const res = await h.post(installationAdd({ serviceUrl: serviceUrl() }));
    assert.equal(res.status, 200);
    const sent = h.connector.sentActivities();
    assert.equal(sent.length, 1);
    assert.equal(sent[0].conversationId, CHANNEL_ID);
    assert.match(cardText(cardOf(sent[0].activity)), /new flows today/);
    // The install also subscribes the channel to the digest; that fails in this store, and the help card still went out.
    assert.deepEqual(recording.calls, ['getSubscription']);
  });

  test('help needs no audit data: an admin asking "help" gets the help card', async () => {
    await h.post(channelMessage({ serviceUrl: serviceUrl(), text: 'help' }));
    const text = cardText(cardOf(h.connector.sentActivities()[0].activity));
    assert.match(text, /who edited flows this week/);
    assert.deepEqual(recording.calls, []);
  });

  test('text the parser does not understand gets the help card with suggestions', async () => {
    await h.post(personalMessage({ serviceUrl: serviceUrl(), text: 'what is the weather in Paris' }));
    const text = cardText(cardOf(h.connector.sentActivities()[0].activity));
    assert.match(text, /weather in Paris/);
    assert.deepEqual(recording.calls, []);
  });

  test('malformed JSON gets 400 and the server keeps serving', async () => {
    const res = await h.postRaw('{"type":"message","text":');
    assert.equal(res.status, 400);
    assert.equal((await fetch(`${h.bot.url}/healthz`)).status, 503);
    assert.deepEqual(h.connector.requests, []);
  });

  test('a body over MAX_BODY_BYTES gets 413 and the server keeps serving', async () => {
    const huge = JSON.stringify({
      ...personalMessage({ serviceUrl: serviceUrl() }),
      text: 'x'.repeat(h.config.bot.maxBodyBytes + 10),
    });
    const res = await h.postRaw(huge);
    assert.equal(res.status, 413);
    const after = await h.post(personalMessage({ serviceUrl: serviceUrl(), from: MEMBER }));
    assert.equal(after.status, 200);
  });

  test('a streamed body without Content-Length is cut off at the limit with 413', async () => {
    const chunk = new TextEncoder().encode(' '.repeat(16 * 1024));
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let i = 0; i < 8; i++) controller.enqueue(chunk);
        controller.close();
      },
    });
    const res = await fetch(h.bot.messagesUrl, {
      method: 'POST',
      body: stream,
      headers: { 'content-type': 'application/json' },
      duplex: 'half',
    });
    assert.equal(res.status, 413);
  });

  test('JSON that is not an activity gets 400', async () => {
    for (const body of ['[1,2,3]', 'null', '"message"', '{"text":"no type"}', '{"type":42}']) {
      const res = await h.postRaw(body);
      assert.equal(res.status, 400, body);
    }
    assert.deepEqual(h.connector.requests, []);
  });

  test('an activity without a conversation, a serviceUrl or with odd accounts gets 400', async () => {
    const good = personalMessage({ serviceUrl: serviceUrl() });
    const broken = [
      { ...good, conversation: 'not-an-object' },
      { ...good, conversation: {} },
      { ...good, serviceUrl: undefined },
      { ...good, from: 42 },
      { ...good, recipient: [] },
    ];
    for (const activity of broken)
      assert.equal((await h.post(activity)).status, 400, JSON.stringify(activity).slice(0, 80));
    assert.deepEqual(h.connector.requests, []);
  });

  test('GET /api/messages is not allowed', async () => {
    const res = await fetch(h.bot.messagesUrl);
    assert.equal(res.status, 405);
  });
});
