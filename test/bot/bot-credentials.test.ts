/**
 * The bot's own token request (client credentials for the Bot Connector) over HTTP to a local
 * token endpoint: it gets the token where the endpoint answers, and gives up within its deadline,
 * closing the socket, where the endpoint accepts the connection and never answers (issue 15).
 */
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { botCredentialsFactory } from '../../src/bot/bot-credentials.ts';
import { EMULATOR_AUTHORITY_HOST, openIdMetadata } from '../../src/audit/emulator-tenant.ts';
import type { BotConfig } from '../../src/config/bot-config.ts';
import { startUnansweringServer, type UnansweringServer } from '../helpers/unanswering-server.ts';
import { waitUntil } from '../helpers/wait-until.ts';
import { BOT_APP_ID, TENANT_ID } from './fixtures/teams-activities.ts';

const TIMEOUT_MS = 300;
const LOGIN = 'https://login.microsoftonline.com/botframework.com';
const bot = { appId: BOT_APP_ID, appPassword: 'secret', appType: 'SingleTenant', appTenantId: TENANT_ID } as BotConfig;

/** An authority MSAL trusts as given, whose token endpoint is `baseUrl` (emulator-tenant.ts explains why https). */
function authorityAt(baseUrl: string) {
  return {
    url: `${EMULATOR_AUTHORITY_HOST}/${TENANT_ID}`,
    metadata: JSON.stringify(openIdMetadata(baseUrl.replace(/\/$/, ''), TENANT_ID)),
  };
}

async function tokenOf(baseUrl: string): Promise<string> {
  const factory = botCredentialsFactory(bot, TIMEOUT_MS, authorityAt(baseUrl));
  assert.ok(factory);
  const credentials = await factory.createCredentials(BOT_APP_ID, 'https://api.botframework.com', LOGIN, true);
  return (credentials as unknown as { getToken(force?: boolean): Promise<string> }).getToken(true);
}

describe("the bot's token request", () => {
  const closers: Array<() => Promise<void>> = [];
  after(async () => {
    for (const close of closers) await close();
  });

  test('gets the token from an endpoint that answers, with the app id and secret in the request', async () => {
    const bodies: string[] = [];
    const server = http.createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        bodies.push(body);
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ token_type: 'Bearer', expires_in: 3600, access_token: 'bot-token-1' }));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    closers.push(() => new Promise((resolve) => server.close(() => resolve())));
    const port = (server.address() as AddressInfo).port;
    assert.equal(await tokenOf(`http://127.0.0.1:${port}`), 'bot-token-1');
    assert.equal(bodies.length, 1);
    const form = new URLSearchParams(bodies[0]);
    assert.equal(form.get('client_id'), BOT_APP_ID);
    assert.equal(form.get('grant_type'), 'client_credentials');
    assert.equal(form.get('scope'), 'https://api.botframework.com/.default');
  });

  test(
    'gives up within its deadline when the endpoint never answers, and closes the socket',
    { timeout: 10_000 },
    async () => {
      const silent: UnansweringServer = await startUnansweringServer('silent');
      closers.push(() => silent.close());
      const started = Date.now();
      await assert.rejects(tokenOf(silent.serviceUrl));
      const elapsed = Date.now() - started;
      assert.ok(elapsed < TIMEOUT_MS + 2000, `gave up after ${elapsed} ms`);
      assert.ok(silent.accepted() >= 1);
      await waitUntil('the socket to the token endpoint to close', () => silent.open() === 0, { timeoutMs: 3000 });
    },
  );

  test('certificates and managed identities keep the SDK set-up', () => {
    assert.equal(
      botCredentialsFactory({ ...bot, appType: 'UserAssignedMSI', appPassword: undefined }, 1000),
      undefined,
    );
    assert.equal(
      botCredentialsFactory({ ...bot, appPassword: undefined, certificatePrivateKey: 'k' }, 1000),
      undefined,
    );
    assert.equal(botCredentialsFactory({ ...bot, appId: '' }, 1000), undefined);
  });
});
