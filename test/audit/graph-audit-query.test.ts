import { test, describe, beforeEach, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { GraphAuditQueryClient, GRAPH_RESOURCE } from '../../src/audit/graph-audit-query.ts';
import { createTokenProvider } from '../../src/audit/token-provider.ts';
import { emulatorTenantConfig } from '../../src/audit/emulator-tenant.ts';
import { normalizeRecord } from '../../src/audit/normalize.ts';
import { AuditApiError } from '../../src/audit/source.ts';
import { startFakeManagementApi, type FakeManagementApi } from './fake-management-api.ts';

const QUERY_ID = '3c7f9a21-54be-4d08-9e6a-b2d1c0f84e57';
const QUERIES = '/v1.0/security/auditLog/queries';
const page = JSON.parse(
  readFileSync(new URL('../fixtures/audit/graph-records-page.json', import.meta.url), 'utf8'),
) as Record<string, unknown>;

function query(status: string, extra: Record<string, unknown> = {}) {
  return {
    '@odata.context': 'https://graph.microsoft.com/v1.0/$metadata#security/auditLog/queries/$entity',
    id: QUERY_ID,
    displayName: 'flow-audit 2026-05-04',
    filterStartDateTime: '2026-05-04T00:00:00Z',
    filterEndDateTime: '2026-05-05T00:00:00Z',
    recordTypeFilters: ['microsoftFlow'],
    status,
    isRecordCountLimitExceeded: false,
    ...extra,
  };
}

describe('Graph audit log query client over real HTTP', () => {
  let fake: FakeManagementApi;
  let sleeps: number[];
  let client: GraphAuditQueryClient;

  beforeEach(async () => {
    fake = await startFakeManagementApi();
    sleeps = [];
    client = new GraphAuditQueryClient({
      graphBaseUrl: `${fake.url}/v1.0`,
      tokens: createTokenProvider({ ...emulatorTenantConfig(fake), resource: GRAPH_RESOURCE }),
      http: { httpTimeoutMs: 5000, maxRetries: 3 },
      pollIntervalMs: 10_000,
      maxPolls: 5,
      pageSize: 2,
      sleep: async (ms) => {
        sleeps.push(ms);
      },
      random: () => 0.5,
    });
  });
  afterEach(() => fake.close());

  test('creates a microsoftFlow query, polls until succeeded, then pages with @odata.nextLink', async () => {
    fake.answer(QUERIES, { status: 201, body: query('notStarted') });
    fake.answer(`${QUERIES}/${QUERY_ID}`, { body: query('running') }, { body: query('succeeded') });
    const secondPage = `${fake.url}${QUERIES}/${QUERY_ID}/records?$skiptoken=b64.AAAAAQ`;
    fake.answer(
      `${QUERIES}/${QUERY_ID}/records`,
      { body: { ...page, '@odata.nextLink': secondPage } },
      { body: { '@odata.context': page['@odata.context'], value: [] } },
    );

    const { query: done, records } = await client.runQuery({
      start: new Date('2026-05-04T00:00:00Z'),
      end: new Date('2026-05-05T00:00:00Z'),
      operations: ['CreateFlow', 'EditFlow'],
    });
    assert.equal(done.status, 'succeeded');
    const kinds: string[] = [];
    for await (const batch of records) kinds.push(...batch.map((r) => normalizeRecord(r).kind));
    assert.deepEqual(kinds, ['flow', 'flow', 'broken']);

    const [create, poll1, poll2, records1, records2] = fake.requests;
    assert.equal(create.method, 'POST');
    assert.deepEqual(JSON.parse(create.body), {
      displayName: 'flowwatch 2026-05-04T00:00:00.000Z..2026-05-05T00:00:00.000Z',
      filterStartDateTime: '2026-05-04T00:00:00.000Z',
      filterEndDateTime: '2026-05-05T00:00:00.000Z',
      recordTypeFilters: ['microsoftFlow'],
      operationFilters: ['CreateFlow', 'EditFlow'],
    });
    assert.equal(poll1.url, `${QUERIES}/${QUERY_ID}`);
    assert.equal(poll2.url, `${QUERIES}/${QUERY_ID}`);
    assert.equal(records1.url, `${QUERIES}/${QUERY_ID}/records?$top=2`);
    assert.equal(records2.url, secondPage.slice(fake.url.length));
    assert.deepEqual(sleeps, [10_000]);
    const form = new URLSearchParams(fake.tokenRequests[0].body);
    assert.equal(form.get('scope'), 'https://graph.microsoft.com/.default');
  });

  test('honours Retry-After on a 429 when creating the query', async () => {
    fake.answer(
      QUERIES,
      {
        status: 429,
        headers: { 'Retry-After': '30' },
        body: { error: { code: 'TooManyRequests', message: 'Too many requests' } },
      },
      { status: 201, body: query('notStarted') },
    );
    await client.createQuery({ start: new Date('2026-05-04T00:00:00Z'), end: new Date('2026-05-05T00:00:00Z') });
    assert.deepEqual(sleeps, [30_000]);
    assert.equal(client.counters().throttled, 1);
  });

  test('a failed query is an error that says to create a new one', async () => {
    fake.answer(`${QUERIES}/${QUERY_ID}`, { body: query('failed') });
    await assert.rejects(
      client.waitForQuery(QUERY_ID),
      (error: unknown) => error instanceof AuditApiError && error.code === 'query_failed',
    );
  });

  test('gives up after maxPolls', async () => {
    fake.answer(`${QUERIES}/${QUERY_ID}`, { body: query('running') });
    await assert.rejects(
      client.waitForQuery(QUERY_ID),
      (error: unknown) => error instanceof AuditApiError && error.code === 'query_timeout',
    );
    assert.equal(fake.requests.length, 5);
    assert.equal(sleeps.length, 4);
  });

  test('reports isRecordCountLimitExceeded on a succeeded query', async () => {
    fake.answer(`${QUERIES}/${QUERY_ID}`, { body: query('succeeded', { isRecordCountLimitExceeded: true }) });
    assert.equal((await client.waitForQuery(QUERY_ID)).isRecordCountLimitExceeded, true);
  });

  test('retries a 400 "query is not ready" on records', async () => {
    fake.answer(
      `${QUERIES}/${QUERY_ID}/records`,
      { status: 400, body: { error: { code: 'BadRequest', message: 'The query is not ready.' } } },
      { body: { value: [] } },
    );
    for await (const _ of client.listRecords(QUERY_ID)) {
      // drain
    }
    assert.equal(fake.requests.length, 2);
  });

  test('403 is not retried and names the permission to grant', async () => {
    fake.answer(QUERIES, {
      status: 403,
      body: {
        error: { code: 'Authorization_RequestDenied', message: 'Insufficient privileges to complete the operation.' },
      },
    });
    await assert.rejects(
      client.createQuery({ start: new Date('2026-05-04T00:00:00Z'), end: new Date('2026-05-05T00:00:00Z') }),
      (error: unknown) =>
        error instanceof AuditApiError && !error.retryable && /AuditLogsQuery\.Read\.All/.test(error.message),
    );
    assert.equal(fake.requests.length, 1);
  });
});
