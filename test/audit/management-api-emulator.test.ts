/**
 * The real client (MSAL token provider + Management API client) against the tenant emulator:
 * the same wiring sync and demo mode use, through emulatorTenantConfig.
 */
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { startEmulator, type RunningEmulator, type EmulatorOptions } from '../../src/emulator/index.ts';
import { emulatorTenantConfig } from '../../src/audit/emulator-tenant.ts';
import { createTokenProvider } from '../../src/audit/token-provider.ts';
import { ManagementApiClient } from '../../src/audit/management-api.ts';
import { normalizeRecord } from '../../src/audit/normalize.ts';
import { ContentExpiredError, type ContentEntry } from '../../src/audit/source.ts';

const NOW = new Date('2026-05-05T06:00:00Z');
const DAY = 24 * 3600_000;

async function withEmulator(
  options: EmulatorOptions,
  body: (emulator: RunningEmulator, client: ManagementApiClient) => Promise<void>,
): Promise<void> {
  const emulator = await startEmulator({
    now: () => NOW,
    seed: 11,
    makers: 4,
    flowsPerDay: 4,
    days: 1,
    otherWorkloadRatio: 0.3,
    ...options,
  });
  try {
    const tenant = emulatorTenantConfig(emulator);
    const client = new ManagementApiClient({
      tenant,
      tokens: createTokenProvider(tenant, { now: () => NOW }),
      http: { httpTimeoutMs: 5000, maxRetries: 8, blobConcurrency: 4 },
      now: () => NOW,
      sleep: async () => {},
    });
    await body(emulator, client);
  } finally {
    await emulator.close();
  }
}

/** Lists the last `days` days and downloads every blob, keeping the Flow events by id. */
async function pullFlowEvents(
  client: ManagementApiClient,
  days: number,
): Promise<{ ids: Set<string>; entries: ContentEntry[]; failures: unknown[] }> {
  const ids = new Set<string>();
  const entries: ContentEntry[] = [];
  const failures: unknown[] = [];
  for await (const page of client.listContent('Audit.General', new Date(NOW.getTime() - days * DAY), NOW)) {
    entries.push(...page);
    for (const result of await client.fetchContents(page)) {
      if (result.status === 'rejected') {
        failures.push(result.reason);
        continue;
      }
      for (const record of result.value) {
        const outcome = normalizeRecord(record);
        if (outcome.kind === 'flow') ids.add(outcome.event.id);
      }
    }
  }
  return { ids, entries, failures };
}

function truthIds(emulator: RunningEmulator): string[] {
  return [...new Set(emulator.groundTruth().map((r) => String(r.Id).toLowerCase()))].sort();
}

describe('Management API client against the tenant emulator', () => {
  test('subscribes, then sees the subscription as already enabled', async () => {
    await withEmulator({}, async (_emulator, client) => {
      assert.equal(await client.ensureSubscription('Audit.General'), 'started');
      assert.equal(await client.ensureSubscription('Audit.General'), 'already-enabled');
    });
  });

  test('pages through listings and gets exactly the retrievable Flow records, with PublisherIdentifier on every call', async () => {
    await withEmulator({ pageSize: 3, startSubscribed: true }, async (emulator, client) => {
      const { ids, entries, failures } = await pullFlowEvents(client, 1);
      assert.deepEqual(failures, []);
      assert.ok(entries.length > 3, 'more than one listing page');
      assert.ok(truthIds(emulator).length > 0);
      assert.deepEqual([...ids].sort(), truthIds(emulator));
      const stats = emulator.stats();
      assert.equal(stats.apiRequestsWithoutPublisherId, 0, stats.missingPublisherId.join('\n'));
      assert.ok(stats.apiRequests > 0);
      assert.equal(stats.tokensIssued, 1, 'one cached token for the whole run');
    });
  });

  for (const header of ['NextPageUrl', 'nextpageuri']) {
    test(`follows the next page when the emulator names the header ${header}`, async () => {
      await withEmulator({ pageSize: 2, nextPageHeader: header, startSubscribed: true }, async (emulator, client) => {
        const { ids } = await pullFlowEvents(client, 1);
        assert.deepEqual([...ids].sort(), truthIds(emulator));
      });
    });
  }

  test('survives throttling (AF429 as 403), server errors, cut bodies and resets without losing records', async () => {
    await withEmulator(
      { pageSize: 4, startSubscribed: true, faults: { throttleStatus: 403, serverErrorRate: 0.1, truncateRate: 0.2 } },
      async (emulator, client) => {
        // One of each kind up front (the listing takes them), then random faults on the rest.
        emulator.failNext(2, 'throttle');
        emulator.failNext(1, 'server');
        emulator.failNext(1, 'truncate');
        emulator.failNext(1, 'reset');
        const { ids, failures } = await pullFlowEvents(client, 1);
        assert.deepEqual(failures, []);
        assert.deepEqual([...ids].sort(), truthIds(emulator));
        const counters = client.counters();
        assert.equal(counters.throttled, 2, JSON.stringify(counters));
        assert.ok(counters.retries >= 5, JSON.stringify(counters));
        assert.ok(emulator.stats().faults.total >= 5);
      },
    );
  });

  test('failNext: a run of throttled answers with HTTP 429 is retried', async () => {
    await withEmulator(
      { startSubscribed: true, faults: { throttleStatus: 429, retryAfterSeconds: 1 } },
      async (emulator, client) => {
        emulator.failNext(3, 'throttle');
        const { failures } = await pullFlowEvents(client, 1);
        assert.deepEqual(failures, []);
        assert.equal(client.counters().throttled, 3);
      },
    );
  });

  test('a blob older than 7 days is a ContentExpiredError', async () => {
    await withEmulator({ days: 9, startSubscribed: true }, async (emulator, client) => {
      const expired = emulator.expiredContentIds();
      assert.ok(expired.length > 0, 'the emulator has expired blobs');
      const id = expired[0];
      const contentUri = `${emulator.url}/api/v1.0/${emulator.tenantId}/activity/feed/audit/${id}`;
      await assert.rejects(
        client.fetchContent({
          contentType: 'Audit.General',
          contentId: id,
          contentUri,
          contentCreated: '',
          contentExpiration: '',
        }),
        (error: unknown) => error instanceof ContentExpiredError && error.contentId === id,
      );
    });
  });
});
