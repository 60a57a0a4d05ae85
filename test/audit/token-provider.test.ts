import { test, describe, before, after } from 'node:test';
import { generateKeyPairSync } from 'node:crypto';
import assert from 'node:assert/strict';
import { createTokenProvider } from '../../src/audit/token-provider.ts';
import { emulatorTenantConfig, openIdMetadata } from '../../src/audit/emulator-tenant.ts';
import { AuditApiError } from '../../src/audit/source.ts';
import { startFakeManagementApi, type FakeManagementApi } from './fake-management-api.ts';
import { startUnansweringServer } from '../helpers/unanswering-server.ts';
import { waitUntil } from '../helpers/wait-until.ts';

describe('token provider (MSAL client credentials against a loopback token endpoint)', () => {
  let fake: FakeManagementApi;
  before(async () => {
    fake = await startFakeManagementApi();
  });
  after(() => fake.close());

  test('gets a token with the .default scope of the resource, without contacting the fake authority host', async () => {
    const before = fake.tokenRequests.length;
    const provider = createTokenProvider(emulatorTenantConfig(fake));
    const token = await provider.getToken();
    assert.match(token, /^token-\d+$/);
    assert.equal(fake.tokenRequests.length, before + 1);
    const form = new URLSearchParams(fake.tokenRequests.at(-1)!.body);
    assert.equal(form.get('grant_type'), 'client_credentials');
    assert.equal(form.get('scope'), 'https://manage.office.com/.default');
    assert.equal(form.get('client_id'), fake.clientId);
  });

  test('caches the token until the refresh margin before expiry, then renews it', async () => {
    let nowMs = Date.parse('2026-05-04T10:00:00Z');
    const provider = createTokenProvider(emulatorTenantConfig(fake), {
      now: () => new Date(nowMs),
      refreshMarginMs: 5 * 60_000,
    });
    fake.setTokenLifetime(3600);
    const first = await provider.getToken();
    const requestsAfterFirst = fake.tokenRequests.length;
    nowMs += 50 * 60_000; // 10 minutes left: still outside the 5-minute margin
    assert.equal(await provider.getToken(), first);
    assert.equal(fake.tokenRequests.length, requestsAfterFirst);
    nowMs += 6 * 60_000; // 4 minutes left: inside the margin
    const second = await provider.getToken();
    assert.notEqual(second, first);
    assert.equal(fake.tokenRequests.length, requestsAfterFirst + 1);
  });

  test('a short-lived token is renewed after three quarters of its life, not on every call', async () => {
    let nowMs = Date.parse('2026-05-04T10:00:00Z');
    const provider = createTokenProvider(emulatorTenantConfig(fake), {
      now: () => new Date(nowMs),
      refreshMarginMs: 15 * 60_000,
    });
    fake.setTokenLifetime(600);
    const first = await provider.getToken();
    nowMs += 7 * 60_000; // 420 s of 600: before the 450 s mark
    assert.equal(await provider.getToken(), first);
    nowMs += 60_000; // 480 s
    assert.notEqual(await provider.getToken(), first);
    fake.setTokenLifetime(3599);
  });

  test('an unreachable metadata URL fails retryably and is fetched again on the next call', async () => {
    const { authorityMetadata: _inline, ...tenant } = emulatorTenantConfig(fake);
    const provider = createTokenProvider({ ...tenant, authorityMetadataUrl: `${fake.url}/metadata-later` });
    await assert.rejects(provider.getToken(), (error: unknown) => error instanceof AuditApiError && error.retryable);
    fake.answer('/metadata-later', { body: openIdMetadata(fake.url, fake.tenantId) });
    assert.match(await provider.getToken(), /^token-\d+$/);
  });

  test('forceRefresh fetches a new token even when the cached one is fresh', async () => {
    fake.setTokenLifetime(3600);
    const provider = createTokenProvider(emulatorTenantConfig(fake));
    const first = await provider.getToken();
    const second = await provider.getToken({ forceRefresh: true });
    assert.notEqual(second, first);
  });

  test('concurrent callers share one token request', async () => {
    const provider = createTokenProvider(emulatorTenantConfig(fake));
    const before = fake.tokenRequests.length;
    const tokens = await Promise.all([provider.getToken(), provider.getToken(), provider.getToken()]);
    assert.equal(new Set(tokens).size, 1);
    assert.equal(fake.tokenRequests.length, before + 1);
  });

  test('reads the OpenID metadata from authorityMetadataUrl when no inline metadata is given', async () => {
    const { authorityMetadata: _inline, ...tenant } = emulatorTenantConfig(fake);
    fake.answer('/metadata', { body: openIdMetadata(fake.url, fake.tenantId) });
    const provider = createTokenProvider({ ...tenant, authorityMetadataUrl: `${fake.url}/metadata` });
    assert.match(await provider.getToken(), /^token-\d+$/);
  });

  test('signs a client assertion with the certificate (x5t from the SHA-1 thumbprint) instead of sending a secret', async () => {
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const thumbprint = 'a1b2c3d4e5f60718293a4b5c6d7e8f9012345678';
    const { clientSecret: _secret, ...tenant } = emulatorTenantConfig(fake);
    const provider = createTokenProvider({
      ...tenant,
      certificate: { thumbprint, privateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString() },
    });
    assert.match(await provider.getToken(), /^token-\d+$/);
    const form = new URLSearchParams(fake.tokenRequests.at(-1)!.body);
    assert.equal(form.get('client_secret'), null);
    const header = JSON.parse(
      Buffer.from(form.get('client_assertion')!.split('.')[0], 'base64url').toString('utf8'),
    ) as { x5t?: string };
    assert.equal(header.x5t, Buffer.from(thumbprint, 'hex').toString('base64url'));
  });

  test('a wrong secret is a non-retryable AuditApiError that names the variables to check and not the secret', async () => {
    const provider = createTokenProvider({ ...emulatorTenantConfig(fake), clientSecret: 'wrong-secret-123' });
    await assert.rejects(provider.getToken(), (error: unknown) => {
      assert.ok(error instanceof AuditApiError);
      assert.equal(error.retryable, false);
      assert.equal(error.code, 'invalid_client');
      assert.match(error.message, /AUDIT_CLIENT_ID/);
      assert.doesNotMatch(error.message, /wrong-secret-123/);
      return true;
    });
  });

  test('an unreachable token endpoint is a retryable AuditApiError', async () => {
    const closed = await startFakeManagementApi();
    const tenant = emulatorTenantConfig(closed);
    await closed.close();
    const provider = createTokenProvider(tenant);
    await assert.rejects(provider.getToken(), (error: unknown) => {
      assert.ok(error instanceof AuditApiError);
      assert.equal(error.retryable, true);
      return true;
    });
  });

  test(
    'a token endpoint that accepts and never answers fails retryably after timeoutMs, and its socket is closed',
    { timeout: 10_000 },
    async () => {
      const hole = await startUnansweringServer('silent');
      try {
        const provider = createTokenProvider(emulatorTenantConfig({ ...fake, url: hole.serviceUrl }), {
          timeoutMs: 300,
        });
        const started = Date.now();
        await assert.rejects(provider.getToken(), (error: unknown) => {
          assert.ok(error instanceof AuditApiError);
          assert.equal(error.retryable, true);
          // MSAL reports our timeout as its network_error.
          assert.match(error.message, /network_error/);
          return true;
        });
        const elapsed = Date.now() - started;
        assert.ok(elapsed >= 250 && elapsed < 2000, `failed after ${elapsed} ms`);
        assert.equal(hole.accepted(), 1);
        await waitUntil('the token request socket to close', () => hole.open() === 0, { timeoutMs: 2000 });
      } finally {
        await hole.close();
      }
    },
  );
});
