/** GET /healthz counts the blobs that ran out of retries and wait for a later sync run. */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { SqliteStore } from '../../src/store/sqlite/sqlite-store.ts';
import { syncSource } from '../../src/sync/run-sync.ts';
import { startBotHarness, TEST_NOW, type BotHarness } from './helpers/bot-harness.ts';

const store = SqliteStore.open(':memory:');
let h: BotHarness;
before(async () => {
  h = await startBotHarness({ store });
});
after(async () => {
  await h.close();
  await store.close();
});

const failure = (n: number, contentCreated: string) => ({
  source: syncSource('Audit.General'),
  contentId: `failed-${n}$audit_general$Audit_General$na0031`,
  contentUri: `https://manage.example/api/v1.0/t/activity/feed/audit/failed-${n}`,
  contentCreated,
  error: 'AF50000: Internal error, retry',
  at: TEST_NOW.toISOString(),
});

async function health(): Promise<{ failedBlobs: unknown }> {
  const res = await fetch(`${h.bot.url}/healthz`);
  assert.equal(res.status, 200);
  return (await res.json()) as { failedBlobs: unknown };
}

test('/healthz counts pending failed blobs, oldest first, and stops counting one once it is stored', async () => {
  assert.deepEqual((await health()).failedBlobs, { pending: 0, oldestContentCreated: null });
  await store.syncState.recordFailedBlob(failure(2, '2026-05-04T11:00:00.000Z'));
  await store.syncState.recordFailedBlob(failure(1, '2026-05-04T09:00:00.000Z'));
  assert.deepEqual((await health()).failedBlobs, { pending: 2, oldestContentCreated: '2026-05-04T09:00:00.000Z' });
  await store.events.ingest([], {
    now: TEST_NOW,
    blob: { contentId: failure(1, '').contentId, contentCreated: '2026-05-04T09:00:00.000Z' },
  });
  assert.deepEqual((await health()).failedBlobs, { pending: 1, oldestContentCreated: '2026-05-04T11:00:00.000Z' });
});
