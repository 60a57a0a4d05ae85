import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { generateKeyPairSync, sign } from 'node:crypto';
import { ConfidentialClientApplication } from '@azure/msal-node';
import { emulatorTenantConfig } from '../../src/audit/emulator-tenant.ts';
import { AuditApiError } from '../../src/audit/source.ts';
import { createTokenProvider } from '../../src/audit/token-provider.ts';
import { openIdConfiguration, startEmulator, type RunningEmulator } from '../../src/emulator/index.ts';
import { accessToken, callApi, feedRoot, movableClock, requestToken } from './helpers.ts';

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
const claimsOf = (jwt: string) =>
  JSON.parse(Buffer.from(jwt.split('.')[1], 'base64url').toString('utf8')) as Record<string, unknown>;

interface AadError {
  error: string;
  error_description: string;
  error_codes: number[];
}

describe('Entra token endpoint', () => {
  let e: RunningEmulator;
  const clock = movableClock();
  before(async () => {
    e = await startEmulator({ now: clock.now, seed: 1, flowsPerDay: 5, days: 1, startSubscribed: true });
  });
  after(() => e.close());

  test('serves the OpenID configuration that openIdConfiguration() builds, pointing at its token endpoint', async () => {
    const res = await fetch(`${e.url}/${e.tenantId}/v2.0/.well-known/openid-configuration`);
    const doc = (await res.json()) as Record<string, string>;
    assert.deepEqual(doc, openIdConfiguration(e.url, e.tenantId));
    assert.equal(doc['token_endpoint'], `${e.url}/${e.tenantId}/oauth2/v2.0/token`);
    assert.equal(doc['issuer'], `https://login.emulator.flowwatch.invalid/${e.tenantId}/v2.0`);
    assert.equal(JSON.parse(e.authorityMetadata)['token_endpoint'], doc['token_endpoint']);
    const otherTenant = await fetch(
      `${e.url}/00000000-0000-0000-0000-000000000001/v2.0/.well-known/openid-configuration`,
    );
    assert.equal(otherTenant.status, 400);
    assert.deepEqual(((await otherTenant.json()) as AadError).error_codes, [90002]);
  });

  test('v2 client credentials answer the Entra shape with an app token for the Management API', async () => {
    const res = await requestToken(e);
    assert.equal(res.status, 200);
    const body = (await res.json()) as Record<string, unknown>;
    assert.deepEqual(Object.keys(body).sort(), ['access_token', 'expires_in', 'ext_expires_in', 'token_type']);
    assert.equal(body['token_type'], 'Bearer');
    assert.equal(body['expires_in'], 3599);
    const claims = claimsOf(String(body['access_token']));
    assert.equal(claims['tid'], e.tenantId);
    assert.equal(claims['aud'], 'https://manage.office.com');
    assert.deepEqual(claims['roles'], ['ActivityFeed.Read']);
    assert.equal(claims['exp'], Math.floor(clock.now().getTime() / 1000) + 3599);
  });

  test('v1 client credentials take a resource and answer numbers as strings', async () => {
    const res = await fetch(`${e.url}/${e.tenantId}/oauth2/token`, {
      method: 'POST',
      body: new URLSearchParams({
        grant_type: 'client_credentials',
        client_id: e.clientId,
        client_secret: e.clientSecret,
        resource: 'https://manage.office.com',
      }),
    });
    const body = (await res.json()) as Record<string, unknown>;
    assert.equal(res.status, 200);
    assert.equal(body['resource'], 'https://manage.office.com');
    assert.equal(body['expires_in'], '3599');
    assert.match(String(body['expires_on']), /^\d{10}$/);
    assert.equal((await callApi(e, String(body['access_token']), `${feedRoot(e)}/subscriptions/list`)).status, 200);
  });

  test('a wrong secret answers 401 invalid_client AADSTS7000215', async () => {
    const res = await requestToken(e, { client_secret: 'not-the-secret' });
    const body = (await res.json()) as AadError;
    assert.equal(res.status, 401);
    assert.equal(body.error, 'invalid_client');
    assert.deepEqual(body.error_codes, [7000215]);
    assert.match(body.error_description, /^AADSTS7000215: Invalid client secret provided\./);
  });

  test('an unknown client, a wrong scope, an unknown resource and a wrong grant are refused with their AADSTS codes', async () => {
    const cases: Array<[Record<string, string>, number, string, number]> = [
      [{ client_id: '11111111-2222-4333-8444-555555555555' }, 400, 'unauthorized_client', 700016],
      [{ scope: 'https://manage.office.com/ActivityFeed.Read' }, 400, 'invalid_scope', 1002012],
      // Graph, Flow and BAP are served now (the inventory); Key Vault is not.
      [{ scope: 'https://vault.azure.net/.default' }, 400, 'invalid_resource', 500011],
      [{ grant_type: 'authorization_code' }, 400, 'unsupported_grant_type', 70003],
      [{ client_secret: '' }, 401, 'invalid_client', 7000218],
    ];
    for (const [form, status, error, code] of cases) {
      const res = await requestToken(e, form);
      const body = (await res.json()) as AadError;
      assert.deepEqual([res.status, body.error, body.error_codes], [status, error, [code]], JSON.stringify(form));
    }
  });

  test('a client assertion is checked for its signature by the registered certificate, then issuer, audience and lifetime', async () => {
    const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const other = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const thumbprint = 'a1b2c3d4e5f60718293a4b5c6d7e8f9012345678';
    const withCertificate = await startEmulator({
      now: clock.now,
      seed: 1,
      flowsPerDay: 1,
      days: 1,
      certificates: [
        { publicKey: publicKey.export({ type: 'spki', format: 'pem' }).toString(), thumbprintSha1: thumbprint },
      ],
    });
    try {
      const endpoint = `${withCertificate.url}/${withCertificate.tenantId}/oauth2/v2.0/token`;
      const nowS = Math.floor(clock.now().getTime() / 1000);
      const good = {
        iss: withCertificate.clientId,
        sub: withCertificate.clientId,
        aud: endpoint,
        exp: nowS + 600,
        nbf: nowS,
        jti: 'x',
      };
      const x5t = Buffer.from(thumbprint, 'hex').toString('base64url');
      const signed = (
        claims: Record<string, unknown>,
        key = privateKey,
        header: Record<string, unknown> = { alg: 'RS256', typ: 'JWT', x5t },
      ) => {
        const body = `${b64(header)}.${b64(claims)}`;
        return `${body}.${sign('sha256', Buffer.from(body), key).toString('base64url')}`;
      };
      const send = (to: RunningEmulator, assertion: string) =>
        requestToken(to, {
          client_secret: '',
          client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
          client_assertion: assertion,
        });
      const codeOf = async (to: RunningEmulator, assertion: string) =>
        ((await (await send(to, assertion)).json()) as AadError).error_codes;
      assert.equal((await send(withCertificate, signed(good))).status, 200);
      assert.deepEqual(
        await codeOf(withCertificate, signed({ ...good, iss: 'someone-else', sub: 'someone-else' })),
        [700021],
      );
      assert.deepEqual(await codeOf(withCertificate, signed({ ...good, exp: nowS - 1 })), [700024]);
      assert.deepEqual(await codeOf(withCertificate, signed({ ...good, aud: 'https://example.invalid/' })), [700212]);
      // Signed by a key the app registration does not hold, unsigned, tampered with, or naming another certificate.
      assert.deepEqual(await codeOf(withCertificate, signed(good, other.privateKey)), [700027]);
      assert.deepEqual(
        await codeOf(withCertificate, `${b64({ alg: 'RS256', x5t })}.${b64(good)}.c2lnbmF0dXJl`),
        [700027],
      );
      const [header, , signature] = signed(good).split('.');
      assert.deepEqual(
        await codeOf(withCertificate, `${header}.${b64({ ...good, exp: nowS + 86_400 })}.${signature}`),
        [700027],
      );
      assert.deepEqual(
        await codeOf(
          withCertificate,
          signed(good, privateKey, { alg: 'RS256', x5t: Buffer.alloc(20, 7).toString('base64url') }),
        ),
        [700027],
      );
      // The shared emulator has no certificate registered: no assertion gets a token there.
      assert.deepEqual(
        await codeOf(
          e,
          signed({ ...good, iss: e.clientId, sub: e.clientId, aud: `${e.url}/${e.tenantId}/oauth2/v2.0/token` }),
        ),
        [700027],
      );
    } finally {
      await withCertificate.close();
    }
  });

  test('MSAL with a certificate gets a token when the app registration holds it (SHA-1 and SHA-256 thumbprints), and is refused when not', async () => {
    const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const privateKeyPem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    const sha1 = 'a1b2c3d4e5f60718293a4b5c6d7e8f9012345678';
    const sha256 = '0f'.repeat(32);
    const registered = await startEmulator({
      seed: 1,
      flowsPerDay: 1,
      days: 1,
      certificates: [
        {
          publicKey: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
          thumbprintSha1: sha1,
          thumbprintSha256: sha256,
        },
      ],
    });
    try {
      const { clientSecret: _secret, ...tenant } = emulatorTenantConfig(registered);
      for (const thumbprint of [sha1, sha256]) {
        const token = await createTokenProvider({ ...tenant, certificate: { thumbprint, privateKeyPem } }).getToken();
        assert.equal(
          (await fetch(`${feedRoot(registered)}/subscriptions/list`, { headers: { authorization: `Bearer ${token}` } }))
            .status,
          200,
          thumbprint,
        );
      }
      const stranger = generateKeyPairSync('rsa', { modulusLength: 2048 })
        .privateKey.export({ type: 'pkcs8', format: 'pem' })
        .toString();
      await assert.rejects(
        createTokenProvider({ ...tenant, certificate: { thumbprint: sha1, privateKeyPem: stranger } }).getToken(),
        // The thumbprint is registered but the key is not its key: Entra's answer to that is
        // AADSTS700027 (invalid signature), which another attempt cannot fix.
        (error: unknown) =>
          error instanceof AuditApiError &&
          error.code === 'invalid_client' &&
          !error.retryable &&
          /AADSTS700027: Client assertion contains an invalid signature\. \[Reason - The signature does not verify with the registered certificate\.\]/.test(
            error.message,
          ),
      );
    } finally {
      await registered.close();
    }
  });

  test('counts token requests, issued and refused', async () => {
    const fresh = await startEmulator({ seed: 1, flowsPerDay: 1, days: 1 });
    try {
      await requestToken(fresh);
      await requestToken(fresh);
      await requestToken(fresh, { client_secret: 'wrong' });
      const stats = fresh.stats();
      assert.deepEqual([stats.tokenRequests, stats.tokensIssued, stats.tokenFailures], [3, 2, 1]);
      assert.equal(stats.routes['token-v2']?.requests, 3);
    } finally {
      await fresh.close();
    }
  });

  test('MSAL gets a token through the https authority and metadata, and caches it', async () => {
    const fresh = await startEmulator({ seed: 1, flowsPerDay: 1, days: 1 });
    try {
      const app = new ConfidentialClientApplication({
        auth: {
          clientId: fresh.clientId,
          clientSecret: fresh.clientSecret,
          authority: fresh.authority,
          knownAuthorities: [new URL(fresh.authority).host],
          authorityMetadata: fresh.authorityMetadata,
        },
      });
      const first = await app.acquireTokenByClientCredential({ scopes: ['https://manage.office.com/.default'] });
      const second = await app.acquireTokenByClientCredential({ scopes: ['https://manage.office.com/.default'] });
      assert.ok(first?.accessToken);
      assert.equal(second?.accessToken, first.accessToken);
      assert.equal(fresh.stats().tokenRequests, 1);
      assert.equal((await callApi(fresh, first.accessToken, `${feedRoot(fresh)}/subscriptions/list`)).status, 200);
    } finally {
      await fresh.close();
    }
  });
});

describe('Management Activity API: bearer tokens', () => {
  let e: RunningEmulator;
  const clock = movableClock();
  before(async () => {
    e = await startEmulator({
      now: clock.now,
      seed: 2,
      flowsPerDay: 5,
      days: 1,
      startSubscribed: true,
      tokenLifetimeSeconds: 600,
    });
  });
  after(() => e.close());

  async function codeOf(res: Response): Promise<[number, string]> {
    return [res.status, ((await res.json()) as { error: { code: string } }).error.code];
  }

  test('no token, a forged token and a token from elsewhere answer 401', async () => {
    const list = `${feedRoot(e)}/subscriptions/list`;
    assert.deepEqual(await codeOf(await fetch(list)), [401, 'AF10001']);
    const token = await accessToken(e);
    const [header, , signature] = token.split('.');
    const forged = `${header}.${b64({ ...claimsOf(token), roles: ['ActivityFeed.Read', 'ActivityFeed.ReadDlp'] })}.${signature}`;
    assert.deepEqual(await codeOf(await callApi(e, forged, list)), [401, 'AF10001']);
    const other = await startEmulator({ seed: 2, flowsPerDay: 1, days: 1 });
    try {
      assert.deepEqual(await codeOf(await callApi(e, await accessToken(other), list)), [401, 'AF10001']);
    } finally {
      await other.close();
    }
  });

  test('a token stops working when it expires on the emulator clock', async () => {
    const token = await accessToken(e);
    const list = `${feedRoot(e)}/subscriptions/list`;
    clock.advance(599_000);
    assert.equal((await callApi(e, token, list)).status, 200);
    clock.advance(1_000);
    assert.deepEqual(await codeOf(await callApi(e, token, list)), [401, 'AF10001']);
  });

  test('the tenant in the URL must match the token: AF20010, or AF20013 when it is not a GUID', async () => {
    const token = await accessToken(e);
    const otherTenant = `${e.url}/api/v1.0/3a0c5e7f-1b2d-4c6e-8f0a-2b4d6f8a0c1e/activity/feed/subscriptions/list`;
    assert.deepEqual(await codeOf(await callApi(e, token, otherTenant)), [400, 'AF20010']);
    assert.deepEqual(
      await codeOf(await callApi(e, token, `${e.url}/api/v1.0/contoso.example/activity/feed/subscriptions/list`)),
      [400, 'AF20013'],
    );
  });
});
