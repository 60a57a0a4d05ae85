/**
 * Inbound authentication when Microsoft's key host is away or slow, at the HTTP boundary, against
 * a real local OpenID metadata + JWKS server: every invalid token gets 401 with one fixed body,
 * a token that needs keys gets a quick 503 (Retry-After) while they cannot be had, key fetches
 * are bounded, single-flight and cached (also after a failure), and /healthz says why.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import { recordingStore } from './helpers/recording-store.ts';
import { startLocalOpenId, type LocalOpenId } from './helpers/local-open-id.ts';
import { startBotHarness, type BotHarness } from './helpers/bot-harness.ts';
import { cardText } from '../helpers/card-walk.ts';
import { waitUntil } from '../helpers/wait-until.ts';
import { BOT_APP_ID, MEMBER, TENANT_ID, cardActionInvoke, personalMessage } from '../bot/fixtures/teams-activities.ts';
import { KEYS_UNAVAILABLE_BODY, UNAUTHORIZED_BODY } from '../../src/http/messages-route.ts';

const BOT_ENV = { BOT_ID: BOT_APP_ID, BOT_PASSWORD: 'test-bot-secret-value-0123456789', BOT_TENANT_ID: TENANT_ID };
/** Short, so that failures show quickly; the served suite gets longer (a cold start's first fetch is slow). */
const FETCH_TIMEOUT_MS = 300;
const SERVED_FETCH_TIMEOUT_MS = 10_000;
const FAILURE_COOLDOWN_MS = 5000;
const UNKNOWN_KID_COOLDOWN_MS = 60_000;
/** What a request may take beyond the fetch timeout (loopback, 2 cores, 50 requests at once). */
const MARGIN_MS = 1500;

/** The key clock: starts at real time (tokens are signed with it) and moves only when told. */
class KeyClock {
  ms = Date.now();
  now = () => this.ms;
}

async function harness(metadataUrl: string, clock: KeyClock, fetchTimeoutMs = FETCH_TIMEOUT_MS): Promise<BotHarness> {
  return startBotHarness({
    store: recordingStore().store,
    env: BOT_ENV,
    deps: {
      channelOpenIdMetadataUrl: metadataUrl,
      channelKeys: {
        now: clock.now,
        fetchTimeoutMs,
        failureCooldownMs: FAILURE_COOLDOWN_MS,
        unknownKidCooldownMs: UNKNOWN_KID_COOLDOWN_MS,
      },
    },
  });
}

async function health(h: BotHarness) {
  const res = await fetch(`${h.bot.url}/healthz`);
  return (await res.json()) as { channelKeys: { available: boolean; reason: string | null; keyCount: number } | null };
}

/** A port on 127.0.0.1 where nothing listens: connections are refused. */
async function refusingUrl(): Promise<string> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}/v1/.well-known/openidconfiguration`;
}

/** An invoke the bot answers without the store: a non-admin's card refresh gets the refusal card. */
function refusedCardAction(serviceUrl: string) {
  const data = { query: { operations: ['CreateFlow'], period: { kind: 'today' }, shape: 'list' }, offset: 0 };
  return cardActionInvoke({ serviceUrl, from: MEMBER, verb: 'refresh', data });
}

/** Tokens that must be refused, whatever the key host does. */
function forgedTokens(openId: LocalOpenId, serviceurl: string): Record<string, string> {
  const claims = {
    iss: 'https://api.botframework.com',
    aud: BOT_APP_ID,
    serviceurl,
    exp: Math.floor(Date.now() / 1000) + 3600,
  };
  return {
    algNone: openId.signWeakToken('none', claims),
    hs256: openId.signWeakToken('HS256', claims),
    futureNbf: openId.signChannelToken({ aud: BOT_APP_ID, serviceurl, notBeforeSeconds: 3600 }),
    expired: openId.signChannelToken({ aud: BOT_APP_ID, serviceurl, expiresInSeconds: -3600 }),
    wrongAudience: openId.signChannelToken({ aud: '11111111-2222-4333-8444-555555555555', serviceurl }),
    wrongIssuer: openId.signChannelToken({ aud: BOT_APP_ID, serviceurl, iss: 'https://sts.windows.net/evil/' }),
    otherServiceUrl: openId.signChannelToken({ aud: BOT_APP_ID, serviceurl: 'https://evil.example.com/' }),
    notAJwt: 'not-a-token',
  };
}

async function assertAllRefused(h: BotHarness, tokens: Record<string, string>) {
  const activity = personalMessage({ serviceUrl: h.connector.serviceUrl });
  for (const [name, token] of Object.entries(tokens)) {
    const res = await h.post(activity, { authorization: `Bearer ${token}` });
    assert.equal(res.status, 401, name);
    assert.deepEqual(res.body, UNAUTHORIZED_BODY, name);
  }
  assert.deepEqual(h.connector.requests, []);
}

describe('channel keys served normally', () => {
  const clock = new KeyClock();
  let openId: LocalOpenId;
  let h: BotHarness;
  before(async () => {
    openId = await startLocalOpenId();
    h = await harness(openId.metadataUrl, clock, SERVED_FETCH_TIMEOUT_MS);
  });
  after(async () => {
    await h.close();
    await openId.close();
  });

  test('a valid token reaches the bot, after one fetch of each document (the SDK fetches none of its own)', async () => {
    const serviceurl = h.connector.serviceUrl;
    const token = openId.signChannelToken({ aud: BOT_APP_ID, serviceurl });
    const res = await h.post(refusedCardAction(serviceurl), { authorization: `Bearer ${token}` });
    assert.equal(res.status, 200);
    assert.match(cardText((res.body as { value: unknown }).value), /only the Power Platform admins/);
    assert.deepEqual({ metadata: openId.seen.metadata, jwks: openId.seen.jwks }, { metadata: 1, jwks: 1 });
    assert.deepEqual((await health(h)).channelKeys, {
      available: true,
      reason: null,
      keyCount: 1,
      fetchedAt: new Date(clock.ms).toISOString(),
    });
  });

  test('alg=none, HS256, future nbf, expired, wrong audience or issuer, other serviceUrl, garbage: 401, fixed body', async () => {
    h.connector.reset();
    const serviceurl = h.connector.serviceUrl;
    await assertAllRefused(h, {
      ...forgedTokens(openId, serviceurl),
      forgedSignatureOnPublishedKid: openId.signChannelToken({ aud: BOT_APP_ID, serviceurl, forgedKid: true }),
    });
    const res = await h.post(personalMessage({ serviceUrl: serviceurl }), { authorization: 'Basic abc' });
    assert.deepEqual([res.status, res.body], [401, UNAUTHORIZED_BODY]);
  });

  test('50 tokens naming unknown key ids cause no fetch storm: 401 each, no fetch within the cooldown', async () => {
    h.connector.reset();
    const serviceurl = h.connector.serviceUrl;
    const before = { ...openId.seen };
    const activity = personalMessage({ serviceUrl: serviceurl });
    const results = await Promise.all(
      Array.from({ length: 50 }, () =>
        h.post(activity, {
          authorization: `Bearer ${openId.signChannelToken({ aud: BOT_APP_ID, serviceurl, foreignKey: true })}`,
        }),
      ),
    );
    assert.deepEqual(
      new Set(results.map((r) => `${r.status} ${r.text}`)),
      new Set([`401 ${JSON.stringify(UNAUTHORIZED_BODY)}`]),
    );
    assert.deepEqual(openId.seen, before);
  });

  test('after a rotation a token signed with the new key id is accepted once the cooldown allows one refetch', async () => {
    h.connector.reset();
    const serviceurl = h.connector.serviceUrl;
    openId.rotate();
    const activity = refusedCardAction(serviceurl);
    const rotated = () => openId.signChannelToken({ aud: BOT_APP_ID, serviceurl });
    const jwksBefore = openId.seen.jwks;
    // Within the unknown-kid cooldown the new key is not fetched yet.
    assert.equal((await h.post(activity, { authorization: `Bearer ${rotated()}` })).status, 401);
    assert.equal(openId.seen.jwks, jwksBefore);
    clock.ms += UNKNOWN_KID_COOLDOWN_MS;
    const [first, second] = await Promise.all([
      h.post(activity, { authorization: `Bearer ${rotated()}` }),
      h.post(activity, { authorization: `Bearer ${rotated()}` }),
    ]);
    assert.deepEqual([first.status, second.status], [200, 200]);
    assert.equal(openId.seen.jwks, jwksBefore + 1, 'one refetch for both requests');
  });
});

describe('key host down (connection refused)', () => {
  const clock = new KeyClock();
  let h: BotHarness;
  let openId: LocalOpenId;
  before(async () => {
    openId = await startLocalOpenId(); // signs tokens only; the bot asks a port that refuses
    h = await harness(await refusingUrl(), clock);
  });
  after(async () => {
    await h.close();
    await openId.close();
  });

  test('a token that needs keys gets 503 with Retry-After and a fixed body; /healthz says why', async () => {
    const serviceurl = h.connector.serviceUrl;
    const token = openId.signChannelToken({ aud: BOT_APP_ID, serviceurl });
    const started = Date.now();
    const res = await fetch(h.bot.messagesUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify(personalMessage({ serviceUrl: serviceurl })),
    });
    assert.equal(res.status, 503);
    assert.equal(res.headers.get('retry-after'), String(FAILURE_COOLDOWN_MS / 1000));
    assert.deepEqual(await res.json(), KEYS_UNAVAILABLE_BODY);
    assert.ok(Date.now() - started < FETCH_TIMEOUT_MS + MARGIN_MS);
    assert.deepEqual((await health(h)).channelKeys, {
      available: false,
      reason: 'key-host-unreachable',
      keyCount: 0,
      fetchedAt: null,
    });
    assert.deepEqual(h.connector.requests, []);
  });

  test('forged tokens are still 401, not 500 or 503, and no internal text reaches a response', async () => {
    await assertAllRefused(h, forgedTokens(openId, h.connector.serviceUrl));
    const res = await h.post(personalMessage({ serviceUrl: h.connector.serviceUrl }), {
      authorization: `Bearer ${openId.signChannelToken({ aud: BOT_APP_ID, serviceurl: h.connector.serviceUrl })}`,
    });
    assert.doesNotMatch(res.text, /request to|fetch failed|ECONNREFUSED|127\.0\.0\.1/);
  });
});

describe('key host slow (answers after the timeout)', () => {
  const clock = new KeyClock();
  let openId: LocalOpenId;
  let h: BotHarness;
  before(async () => {
    openId = await startLocalOpenId();
    openId.mode = 'slow';
    openId.slowMs = FETCH_TIMEOUT_MS * 10;
    h = await harness(openId.metadataUrl, clock);
  });
  after(async () => {
    await h.close();
    await openId.close();
  });

  test('503 within the timeout, /healthz says the key host timed out', async () => {
    const serviceurl = h.connector.serviceUrl;
    const started = Date.now();
    const res = await h.post(personalMessage({ serviceUrl: serviceurl }), {
      authorization: `Bearer ${openId.signChannelToken({ aud: BOT_APP_ID, serviceurl })}`,
    });
    assert.deepEqual([res.status, res.body], [503, KEYS_UNAVAILABLE_BODY]);
    assert.ok(Date.now() - started < FETCH_TIMEOUT_MS + MARGIN_MS);
    const keys = (await health(h)).channelKeys;
    assert.deepEqual([keys?.available, keys?.reason], [false, 'key-host-timed-out']);
  });
});

describe('key host black-holed (accepts the socket, never answers)', () => {
  const clock = new KeyClock();
  let openId: LocalOpenId;
  let h: BotHarness;
  before(async () => {
    openId = await startLocalOpenId();
    openId.mode = 'black-holed';
    h = await harness(openId.metadataUrl, clock);
  });
  after(async () => {
    await h.close();
    await openId.close();
  });

  test('50 requests at once: one outbound connection, and every one gets its 503 within the timeout', async () => {
    const serviceurl = h.connector.serviceUrl;
    const activity = personalMessage({ serviceUrl: serviceurl });
    const started = Date.now();
    const results = await Promise.all(
      Array.from({ length: 50 }, () =>
        h.post(activity, { authorization: `Bearer ${openId.signChannelToken({ aud: BOT_APP_ID, serviceurl })}` }),
      ),
    );
    const elapsed = Date.now() - started;
    assert.deepEqual(
      new Set(results.map((r) => `${r.status} ${r.text}`)),
      new Set([`503 ${JSON.stringify(KEYS_UNAVAILABLE_BODY)}`]),
    );
    assert.ok(elapsed < FETCH_TIMEOUT_MS + MARGIN_MS, `${elapsed} ms`);
    assert.equal(openId.seen.connections, 1);
    assert.equal(openId.seen.metadata, 1);
    // The timed-out fetch's socket is closed, not left behind.
    await waitUntil('the key host to see its one connection closed', () => openId.openConnections() === 0);
  });

  test('after the failure nothing is fetched during the cooldown; after it, one new fetch', async () => {
    const serviceurl = h.connector.serviceUrl;
    const post = () =>
      h.post(personalMessage({ serviceUrl: serviceurl }), {
        authorization: `Bearer ${openId.signChannelToken({ aud: BOT_APP_ID, serviceurl })}`,
      });
    const connections = openId.seen.connections;
    const started = Date.now();
    assert.equal((await post()).status, 503);
    assert.ok(Date.now() - started < FETCH_TIMEOUT_MS, 'answered from the negative cache, without waiting');
    assert.equal(openId.seen.connections, connections);
    clock.ms += FAILURE_COOLDOWN_MS;
    openId.mode = 'ok';
    const res = await h.post(refusedCardAction(serviceurl), {
      authorization: `Bearer ${openId.signChannelToken({ aud: BOT_APP_ID, serviceurl })}`,
    });
    assert.equal(res.status, 200);
    assert.equal(openId.seen.metadata, 2);
    assert.equal((await health(h)).channelKeys?.available, true);
  });
});
