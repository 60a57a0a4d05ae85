import { test, describe, beforeEach, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import {
  ManagementApiClient,
  listingWindows,
  withPublisherIdentifier,
  LISTING_RETENTION_MS,
} from '../../src/audit/management-api.ts';
import { createTokenProvider } from '../../src/audit/token-provider.ts';
import { emulatorTenantConfig } from '../../src/audit/emulator-tenant.ts';
import { AuditApiError, ContentExpiredError, type ContentEntry } from '../../src/audit/source.ts';
import { startFakeManagementApi, type FakeManagementApi } from './fake-management-api.ts';

const NOW = new Date('2026-05-05T06:00:00Z');
const PUBLISHER = '9d8c7b6a-5f4e-4d3c-8b2a-1f0e9d8c7b6a';

function root(fake: FakeManagementApi): string {
  return `/api/v1.0/${fake.tenantId}/activity/feed`;
}

function entry(fake: FakeManagementApi, id: string, created = '2026-05-04T09:30:15.123Z'): ContentEntry {
  return {
    contentType: 'Audit.General',
    contentId: id,
    contentUri: `${fake.url}${root(fake)}/audit/${id}`,
    contentCreated: created,
    contentExpiration: '2026-05-11T09:30:15.123Z',
  };
}

describe('Management Activity API client over real HTTP', () => {
  let fake: FakeManagementApi;
  let sleeps: number[];
  let client: ManagementApiClient;

  const makeClient = (overrides: { maxRetries?: number; httpTimeoutMs?: number } = {}) =>
    new ManagementApiClient({
      tenant: { ...emulatorTenantConfig(fake), publisherId: PUBLISHER },
      tokens: createTokenProvider(emulatorTenantConfig(fake)),
      http: {
        httpTimeoutMs: overrides.httpTimeoutMs ?? 5000,
        maxRetries: overrides.maxRetries ?? 3,
        blobConcurrency: 2,
      },
      now: () => NOW,
      sleep: async (ms) => {
        sleeps.push(ms);
      },
      random: () => 0.5,
    });

  beforeEach(async () => {
    fake = await startFakeManagementApi();
    sleeps = [];
    client = makeClient();
  });
  afterEach(() => fake.close());

  test('starts the subscription with POST and PublisherIdentifier', async () => {
    fake.answer(`${root(fake)}/subscriptions/start`, {
      body: { contentType: 'Audit.General', status: 'enabled', webhook: null },
    });
    assert.equal(await client.ensureSubscription('Audit.General'), 'started');
    const req = fake.requests[0];
    assert.equal(req.method, 'POST');
    assert.equal(
      req.url,
      `${root(fake)}/subscriptions/start?contentType=Audit.General&PublisherIdentifier=${PUBLISHER}`,
    );
    assert.equal(req.headers.authorization, `Bearer ${fake.issuedTokens[0]}`);
  });

  test('treats AF20024 (already enabled) as success, without retrying', async () => {
    fake.answer(`${root(fake)}/subscriptions/start`, {
      status: 400,
      body: { error: { code: 'AF20024', message: 'The subscription is already enabled. No property change.' } },
    });
    assert.equal(await client.ensureSubscription('Audit.General'), 'already-enabled');
    assert.equal(fake.requests.length, 1);
  });

  test('does not retry configuration errors (AF10001) and says how to fix them', async () => {
    fake.answer(`${root(fake)}/subscriptions/start`, {
      status: 401,
      body: {
        error: {
          code: 'AF10001',
          message: 'The permission set () sent in the request does not include the expected permission.',
        },
      },
    });
    await assert.rejects(client.ensureSubscription('Audit.General'), (error: unknown) => {
      assert.ok(error instanceof AuditApiError);
      assert.equal(error.retryable, false);
      assert.equal(error.code, 'AF10001');
      assert.match(error.message, /ActivityFeed\.Read/);
      return true;
    });
    // One request, then one more with a fresh token after the 401; no back-off retries.
    assert.equal(fake.requests.length, 2);
    assert.deepEqual(sleeps, []);
  });

  test('lists content and follows NextPageUri verbatim (even /api/v1/), adding PublisherIdentifier', async () => {
    const start = new Date('2026-05-04T00:00:00Z');
    const end = new Date('2026-05-05T00:00:00Z');
    const next = `${fake.url}/api/v1/${fake.tenantId}/activity/feed/subscriptions/content?contentType=Audit.General&startTime=2026-05-04T00:00:00&endTime=2026-05-05T00:00:00&nextPage=2026050412R000000000042`;
    fake.answer(`${root(fake)}/subscriptions/content`, {
      headers: { NextPageUri: next },
      body: [entry(fake, 'a$audit_general$Audit_General$na0031')],
    });
    fake.answer(`/api/v1/${fake.tenantId}/activity/feed/subscriptions/content`, {
      body: [entry(fake, 'b$audit_general$Audit_General$na0031')],
    });
    const pages: ContentEntry[][] = [];
    for await (const page of client.listContent('Audit.General', start, end)) pages.push(page);
    assert.deepEqual(
      pages.map((p) => p.map((e) => e.contentId)),
      [['a$audit_general$Audit_General$na0031'], ['b$audit_general$Audit_General$na0031']],
    );
    assert.equal(
      fake.requests[0].url,
      `${root(fake)}/subscriptions/content?contentType=Audit.General&startTime=2026-05-04T00:00:00Z&endTime=2026-05-05T00:00:00Z&PublisherIdentifier=${PUBLISHER}`,
    );
    assert.equal(fake.requests[1].url, `${next.slice(fake.url.length)}&PublisherIdentifier=${PUBLISHER}`);
  });

  for (const header of ['NextPageUrl', 'nextpageuri', 'Nextpageuri']) {
    test(`follows the next page given as ${header}`, async () => {
      const next = `${fake.url}${root(fake)}/subscriptions/content?contentType=Audit.General&nextPage=2&PublisherIdentifier=${PUBLISHER}`;
      fake.answer(
        `${root(fake)}/subscriptions/content`,
        { headers: { [header]: next }, body: [entry(fake, 'p1')] },
        { body: [entry(fake, 'p2')] },
      );
      const ids: string[] = [];
      for await (const page of client.listContent(
        'Audit.General',
        new Date('2026-05-04T00:00:00Z'),
        new Date('2026-05-04T12:00:00Z'),
      ))
        ids.push(...page.map((e) => e.contentId));
      assert.deepEqual(ids, ['p1', 'p2']);
      // Already carries PublisherIdentifier: used exactly as given, not doubled.
      assert.equal(fake.requests[1].url, next.slice(fake.url.length));
    });
  }

  test('splits a window longer than 24 h and clamps the start to the 7-day limit', async () => {
    fake.answer(`${root(fake)}/subscriptions/content`, { body: [] });
    const start = new Date(NOW.getTime() - 10 * 24 * 3600_000);
    for await (const _page of client.listContent('Audit.General', start, NOW)) {
      // pages are empty here
    }
    const windows = fake.requests.map((r) => new URL(r.url, fake.url).searchParams);
    assert.equal(windows.length, 7);
    const earliest = NOW.getTime() - LISTING_RETENTION_MS;
    for (const w of windows) {
      const from = Date.parse(w.get('startTime')!);
      const to = Date.parse(w.get('endTime')!);
      assert.ok(to - from <= 24 * 3600_000, `window ${w.get('startTime')}..${w.get('endTime')} is over 24 h`);
      assert.ok(from >= earliest - 1000, `window starts before the 7-day limit: ${w.get('startTime')}`);
    }
    assert.equal(windows.at(-1)!.get('endTime'), '2026-05-05T06:00:00Z');
  });

  test('fetches a blob at its contentUri verbatim ($ not re-encoded) with PublisherIdentifier', async () => {
    const e = entry(fake, '20260504093015123004567$20260504093015123004567$audit_general$Audit_General$na0031');
    fake.answer(`${root(fake)}/audit/${e.contentId}`, { body: [{ Id: 'x', RecordType: 30 }] });
    assert.deepEqual(await client.fetchContent(e), [{ Id: 'x', RecordType: 30 }]);
    assert.equal(fake.requests[0].url, `${root(fake)}/audit/${e.contentId}?PublisherIdentifier=${PUBLISHER}`);
  });

  test('retries AF429 sent as HTTP 403 with exponential back-off and full jitter', async () => {
    const e = entry(fake, 'throttled');
    const throttled = {
      status: 403,
      body: { error: { code: 'AF429', message: `Too many requests. Method=GetBlob, PublisherId=${PUBLISHER}` } },
    };
    fake.answer(`${root(fake)}/audit/throttled`, throttled, throttled, { body: [] });
    assert.deepEqual(await client.fetchContent(e), []);
    assert.equal(fake.requests.length, 3);
    // random() = 0.5 of a 1 s, then 2 s ceiling.
    assert.deepEqual(sleeps, [500, 1000]);
    assert.deepEqual(client.counters(), { requests: 3, retries: 2, throttled: 2, tokenRefreshes: 0 });
  });

  test('honours Retry-After on HTTP 429', async () => {
    fake.answer(
      `${root(fake)}/audit/later`,
      {
        status: 429,
        headers: { 'Retry-After': '7' },
        body: { error: { code: 'AF429', message: 'Too many requests.' } },
      },
      { body: [] },
    );
    await client.fetchContent(entry(fake, 'later'));
    assert.deepEqual(sleeps, [7000]);
  });

  test('retries HTTP 500 AF50000 and 503 without a code', async () => {
    fake.answer(
      `${root(fake)}/subscriptions/content`,
      { status: 500, body: { error: { code: 'AF50000', message: 'An internal error occurred. Retry the request.' } } },
      { status: 503, body: 'Service Unavailable' },
      { body: [] },
    );
    for await (const _ of client.listContent(
      'Audit.General',
      new Date('2026-05-04T00:00:00Z'),
      new Date('2026-05-04T01:00:00Z'),
    )) {
      // drain
    }
    assert.equal(fake.requests.length, 3);
    assert.equal(client.counters().retries, 2);
  });

  test('retries a truncated JSON body', async () => {
    fake.answer(
      `${root(fake)}/audit/cut`,
      { body: '[{"Id":"0b9f3c52","RecordType":3' },
      { body: [{ Id: '0b9f3c52' }] },
    );
    assert.deepEqual(await client.fetchContent(entry(fake, 'cut')), [{ Id: '0b9f3c52' }]);
    assert.equal(fake.requests.length, 2);
  });

  test('retries a dropped connection and a timeout', async () => {
    client = makeClient({ httpTimeoutMs: 200 });
    fake.answer(`${root(fake)}/audit/flaky`, { hangUp: true }, { delayMs: 1000, body: [] }, { body: [{ Id: 'ok' }] });
    assert.deepEqual(await client.fetchContent(entry(fake, 'flaky')), [{ Id: 'ok' }]);
    assert.equal(fake.requests.length, 3);
  });

  test('gives up after maxRetries and throws the last retryable error', async () => {
    client = makeClient({ maxRetries: 2 });
    fake.answer(`${root(fake)}/audit/down`, { status: 500, body: { error: { code: 'AF50000', message: 'internal' } } });
    await assert.rejects(
      client.fetchContent(entry(fake, 'down')),
      (error: unknown) => error instanceof AuditApiError && error.retryable && error.code === 'AF50000',
    );
    assert.equal(fake.requests.length, 3);
  });

  test('AF20051 throws ContentExpiredError at once (a gap, never retried)', async () => {
    fake.answer(`${root(fake)}/audit/old`, {
      status: 400,
      body: {
        error: {
          code: 'AF20051',
          message:
            'Content requested with the key old has already expired. Content older than 7 days cannot be retrieved.',
        },
      },
    });
    await assert.rejects(
      client.fetchContent(entry(fake, 'old')),
      (error: unknown) => error instanceof ContentExpiredError && error.contentId === 'old' && !error.retryable,
    );
    assert.equal(fake.requests.length, 1);
  });

  test('on 401 gets a fresh token once and repeats the call with it', async () => {
    fake.answer(
      `${root(fake)}/audit/auth`,
      { status: 401, body: { error: { code: 'AF10001', message: 'expired' } } },
      { body: [] },
    );
    await client.fetchContent(entry(fake, 'auth'));
    assert.equal(fake.requests.length, 2);
    assert.equal(fake.requests[0].headers.authorization, `Bearer ${fake.issuedTokens[0]}`);
    assert.equal(fake.requests[1].headers.authorization, `Bearer ${fake.issuedTokens[1]}`);
    assert.equal(client.counters().tokenRefreshes, 1);
  });

  test('reuses one cached token across many calls', async () => {
    fake.answer(`${root(fake)}/audit/a`, { body: [] });
    fake.answer(`${root(fake)}/audit/b`, { body: [] });
    await client.fetchContent(entry(fake, 'a'));
    await client.fetchContent(entry(fake, 'b'));
    await client.fetchContent(entry(fake, 'a'));
    assert.equal(fake.tokenRequests.length, 1);
  });

  test('sends PublisherIdentifier on every request, blob GETs and retries included', async () => {
    fake.answer(`${root(fake)}/subscriptions/start`, { body: { status: 'enabled' } });
    fake.answer(`${root(fake)}/subscriptions/content`, { body: [entry(fake, 'one'), entry(fake, 'two')] });
    fake.answer(
      `${root(fake)}/audit/one`,
      { status: 403, body: { error: { code: 'AF429', message: 'throttled' } } },
      { body: [] },
    );
    fake.answer(`${root(fake)}/audit/two`, { body: [] });
    await client.ensureSubscription('Audit.General');
    for await (const page of client.listContent(
      'Audit.General',
      new Date('2026-05-04T00:00:00Z'),
      new Date('2026-05-04T06:00:00Z'),
    )) {
      const results = await client.fetchContents(page);
      assert.deepEqual(
        results.map((r) => r.status),
        ['fulfilled', 'fulfilled'],
      );
    }
    assert.equal(fake.requests.length, 5);
    for (const req of fake.requests)
      assert.equal(new URL(req.url, fake.url).searchParams.get('PublisherIdentifier'), PUBLISHER, req.url);
  });
});

describe('URL helpers', () => {
  test('withPublisherIdentifier picks ? or & and leaves $ alone', () => {
    assert.equal(withPublisherIdentifier('https://h/a/x$y$z', 'p'), 'https://h/a/x$y$z?PublisherIdentifier=p');
    assert.equal(withPublisherIdentifier('https://h/a?b=1', 'p'), 'https://h/a?b=1&PublisherIdentifier=p');
    assert.equal(withPublisherIdentifier('https://h/a?', 'p'), 'https://h/a?PublisherIdentifier=p');
    assert.equal(
      withPublisherIdentifier('https://h/a?publisheridentifier=q', 'p'),
      'https://h/a?publisheridentifier=q',
    );
  });

  test('listingWindows returns nothing for an empty or fully expired range', () => {
    assert.deepEqual(listingWindows(NOW, NOW, NOW), []);
    assert.deepEqual(listingWindows(new Date('2026-04-01T00:00:00Z'), new Date('2026-04-02T00:00:00Z'), NOW), []);
  });
});
