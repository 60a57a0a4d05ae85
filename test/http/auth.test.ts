/**
 * With an app id configured, every request needs a valid Bot Framework channel token. The keys
 * come from a local OpenID document (ToBotFromChannelOpenIdMetadataUrl), so no network is needed.
 */
import { after, before, beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { recordingStore } from './helpers/recording-store.ts';
import { startLocalOpenId, type LocalOpenId } from './helpers/local-open-id.ts';
import { startBotHarness, type BotHarness } from './helpers/bot-harness.ts';
import { cardText } from '../helpers/card-walk.ts';
import { BOT_APP_ID, MEMBER, TENANT_ID, cardActionInvoke, personalMessage } from '../bot/fixtures/teams-activities.ts';

const BOT_SECRET = 'test-bot-secret-value-0123456789';
const refreshData = { query: { operations: ['CreateFlow'], period: { kind: 'today' }, shape: 'list' }, offset: 0 };

describe('Bot Framework authentication', () => {
  const recording = recordingStore();
  let openId: LocalOpenId;
  let h: BotHarness;
  const serviceUrl = () => h.connector.serviceUrl;

  before(async () => {
    openId = await startLocalOpenId();
    h = await startBotHarness({
      store: recording.store,
      env: { BOT_ID: BOT_APP_ID, BOT_PASSWORD: BOT_SECRET, BOT_TENANT_ID: TENANT_ID, BOT_TYPE: 'SingleTenant' },
      deps: { channelOpenIdMetadataUrl: openId.metadataUrl },
    });
  });
  after(async () => {
    await h.close();
    await openId.close();
  });
  beforeEach(() => {
    h.connector.reset();
    recording.calls.length = 0;
  });

  test('the server reports authentication as enabled', () => {
    assert.equal(h.bot.authenticationEnabled, true);
  });

  test('a request without a token gets 401 and the bot sends nothing', async () => {
    const res = await h.post(personalMessage({ serviceUrl: serviceUrl() }));
    assert.equal(res.status, 401);
    assert.deepEqual(h.connector.requests, []);
    assert.deepEqual(recording.calls, []);
  });

  test('tokens signed by an unknown key, for another bot, from another issuer, expired, or for another serviceUrl get 401', async () => {
    const activity = personalMessage({ serviceUrl: serviceUrl() });
    const tokens = {
      foreignKey: openId.signChannelToken({ aud: BOT_APP_ID, serviceurl: serviceUrl(), foreignKey: true }),
      otherAudience: openId.signChannelToken({ aud: '11111111-2222-4333-8444-555555555555', serviceurl: serviceUrl() }),
      otherIssuer: openId.signChannelToken({
        aud: BOT_APP_ID,
        serviceurl: serviceUrl(),
        iss: 'https://evil.example.com',
      }),
      expired: openId.signChannelToken({ aud: BOT_APP_ID, serviceurl: serviceUrl(), expiresInSeconds: -3600 }),
      otherServiceUrl: openId.signChannelToken({
        aud: BOT_APP_ID,
        serviceurl: 'https://smba.trafficmanager.net/emea/',
      }),
    };
    for (const [name, token] of Object.entries(tokens)) {
      const res = await h.post(activity, { authorization: `Bearer ${token}` });
      assert.equal(res.status, 401, name);
    }
    assert.deepEqual(h.connector.requests, []);
  });

  test('a valid channel token is accepted: a card action gets its invoke response', async () => {
    const token = openId.signChannelToken({ aud: BOT_APP_ID, serviceurl: serviceUrl() });
    const res = await h.post(
      cardActionInvoke({ serviceUrl: serviceUrl(), from: MEMBER, verb: 'refresh', data: refreshData }),
      { authorization: `Bearer ${token}` },
    );
    assert.equal(res.status, 200);
    assert.equal((res.body as { type: string }).type, 'application/vnd.microsoft.card.adaptive');
    assert.match(cardText((res.body as { value: unknown }).value), /only the Power Platform admins/);
  });

  test('the bot password never reaches the logs', () => {
    assert.ok(h.logs.length > 0);
    assert.doesNotMatch(JSON.stringify(h.logs), new RegExp(BOT_SECRET));
  });
});
