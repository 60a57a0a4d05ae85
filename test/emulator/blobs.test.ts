import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.ts';
import { accessToken, callApi, feedRoot, listAll, movableClock, NOW } from './helpers.ts';

type AuditRecord = Record<string, unknown>;
const DAY = 86_400_000;
const iso = (ms: number) => new Date(ms).toISOString();

async function errorOf(res: Response): Promise<{ status: number; code: string; message: string }> {
  const body = (await res.json()) as { error: { code: string; message: string } };
  return { status: res.status, code: body.error.code, message: body.error.message };
}

/** Downloads every blob listed in the last `days` days and keeps the distinct Flow records. */
async function downloadFlowRecords(
  e: RunningEmulator,
  token: string,
  nowMs: number,
  days: number,
): Promise<Map<string, AuditRecord>> {
  const found = new Map<string, AuditRecord>();
  for (let d = days; d > 0; d--) {
    const { entries } = await listAll(e, token, iso(nowMs - d * DAY), iso(nowMs - (d - 1) * DAY));
    for (const entry of entries) {
      const res = await callApi(e, token, entry.contentUri);
      assert.equal(res.status, 200, entry.contentId);
      for (const r of (await res.json()) as AuditRecord[]) if (r['RecordType'] === 30) found.set(String(r['Id']), r);
    }
  }
  return found;
}

/** Fixture (b) of audit-apis.md, first record. */
const FIXTURE_CREATE: AuditRecord = {
  CreationTime: '2026-05-05T11:12:44',
  Id: '0b9f3c52-6d1e-4a87-b2c4-91e7f0a3d6b8',
  Operation: 'CreateFlow',
  OrganizationId: '2f6d8c1e-3b7a-4e2f-9c51-7a0d4b6e8f13',
  RecordType: 30,
  ResultStatus: 'Succeeded',
  UserKey: '5c1a7e90-2b4d-4f6a-8e3c-0d9b1f2a7c64',
  UserType: 0,
  Version: 1,
  Workload: 'MicrosoftFlow',
  ClientIP: '203.0.113.24',
  ObjectId: '',
  UserId: 'avery.lee@contoso.example',
  FlowConnectorNames: 'Recurrence, Office 365 Outlook, SharePoint',
  FlowDetailsUrl:
    'https://make.powerautomate.com/environments/Default-2f6d8c1e-3b7a-4e2f-9c51-7a0d4b6e8f13/flows/7e2d4a19-8c3b-4f05-a6d1-3b9e5c7f2a40/details',
  UserUPN: 'avery.lee@contoso.example',
};
const FIXTURE_POWERAPPS: AuditRecord = {
  ...FIXTURE_CREATE,
  Id: '6f0d3a1b-8c2e-4d5f-9a7b-1c3e5f7a9b2d',
  Operation: 'LaunchPowerApp',
  RecordType: 45,
  Workload: 'PowerApps',
};

describe('Management Activity API: content blobs', () => {
  let e: RunningEmulator;
  let token: string;
  const clock = movableClock();
  before(async () => {
    e = await startEmulator({
      now: clock.now,
      seed: 8,
      flowsPerDay: 15,
      days: 2,
      lateRate: 0.3,
      startSubscribed: true,
    });
    token = await accessToken(e);
  });
  after(() => e.close());

  test('groundTruth() is exactly the distinct Flow records a client can download', async () => {
    const downloaded = await downloadFlowRecords(e, token, NOW.getTime(), 2);
    const truth = e.groundTruth();
    assert.ok(truth.length > 50);
    assert.equal(truth.length, downloaded.size);
    for (const r of truth) assert.deepEqual(downloaded.get(String(r['Id'])), r);
  });

  test('a blob downloads the same with its $ signs raw or percent-encoded', async () => {
    const { entries } = await listAll(e, token, iso(NOW.getTime() - DAY), iso(NOW.getTime()));
    const entry = entries[3];
    const raw = await callApi(e, token, entry.contentUri);
    const encoded = await callApi(e, token, entry.contentUri.replaceAll('$', '%24'));
    assert.equal(raw.status, 200);
    assert.equal(raw.headers.get('content-type'), 'application/json; charset=utf-8');
    const body = await raw.text();
    assert.ok(Array.isArray(JSON.parse(body)) && JSON.parse(body).length > 0);
    assert.equal(await encoded.text(), body);
    // The v1 prefix of next-page URLs serves blobs too.
    assert.equal(await (await callApi(e, token, entry.contentUri.replace('/api/v1.0/', '/api/v1/'))).text(), body);
  });

  test('an unknown content id answers AF20050', async () => {
    const res = await callApi(
      e,
      token,
      `${feedRoot(e)}/audit/20260505093015123004567$20260505093015123004567$audit_general$Audit_General$na0031`,
    );
    assert.deepEqual([res.status, (await errorOf(res)).code], [404, 'AF20050']);
  });

  test('late records appear when time moves on; blobs of the future are not served before their time', async () => {
    const before = new Set(e.groundTruth().map((r) => r['Id']));
    const { entries: nextDayBefore } = await listAll(e, token, iso(NOW.getTime()), iso(NOW.getTime() + DAY));
    assert.equal(nextDayBefore.length, 0);
    clock.advance(DAY);
    try {
      // A day later the old token has expired: the emulator checks exp against its own clock.
      assert.equal((await callApi(e, token, `${feedRoot(e)}/subscriptions/list`)).status, 401);
      const { entries: nextDay } = await listAll(e, await accessToken(e), iso(NOW.getTime()), iso(NOW.getTime() + DAY));
      assert.ok(nextDay.length > 0);
      const arrived = e.groundTruth().filter((r) => !before.has(r['Id']));
      assert.ok(arrived.length > 0);
      // They happened before the first "now": late arrivals, not new events.
      assert.ok(arrived.every((r) => Date.parse(`${String(r['CreationTime'])}Z`) < NOW.getTime()));
    } finally {
      clock.advance(-DAY);
    }
  });

  test('addRecords publishes a blob: listed, downloadable, in ground truth (Flow records only)', async () => {
    const contentId = e.addRecords([FIXTURE_CREATE, FIXTURE_POWERAPPS], {
      contentCreated: new Date(NOW.getTime() - 60_000),
    });
    const { entries } = await listAll(e, token, iso(NOW.getTime() - 3_600_000), iso(NOW.getTime()));
    const entry = entries.find((x) => x.contentId === contentId);
    assert.ok(entry);
    assert.equal(entry.contentCreated, iso(NOW.getTime() - 60_000));
    assert.deepEqual(await (await callApi(e, token, entry.contentUri)).json(), [FIXTURE_CREATE, FIXTURE_POWERAPPS]);
    const truthIds = e.groundTruth().map((r) => r['Id']);
    assert.ok(truthIds.includes(FIXTURE_CREATE['Id']));
    assert.ok(!truthIds.includes(FIXTURE_POWERAPPS['Id']));
  });

  test('a blob added for a later time stays hidden until then', async () => {
    const later = { ...FIXTURE_CREATE, Id: '9d8c7b6a-5f4e-4d3c-8b2a-1f0e9d8c7b6a' };
    const contentId = e.addRecords([later], { contentCreated: new Date(NOW.getTime() + 3_600_000) });
    const uri = `${feedRoot(e)}/audit/${contentId}`;
    assert.equal((await callApi(e, token, uri)).status, 404);
    assert.ok(!e.groundTruth().some((r) => r['Id'] === later.Id));
    clock.advance(2 * 3_600_000);
    try {
      assert.equal((await callApi(e, await accessToken(e), uri)).status, 200);
      assert.ok(e.groundTruth().some((r) => r['Id'] === later.Id));
    } finally {
      clock.advance(-2 * 3_600_000);
    }
  });

  test('PublisherIdentifier is counted per route, and requests without it are named', async () => {
    const fresh = await startEmulator({ now: () => NOW, seed: 8, flowsPerDay: 5, days: 1, startSubscribed: true });
    try {
      const t = await accessToken(fresh);
      const listing = `${feedRoot(fresh)}/subscriptions/content?contentType=Audit.General`;
      const entries = (await (await callApi(fresh, t, `${listing}&PublisherIdentifier=pub-1`)).json()) as Array<{
        contentUri: string;
      }>;
      await callApi(fresh, t, `${entries[0].contentUri}?PublisherIdentifier=pub-1`);
      await callApi(fresh, t, entries[1].contentUri, { withPublisher: false });
      await callApi(fresh, t, `${feedRoot(fresh)}/subscriptions/list`, { withPublisher: false });
      const stats = fresh.stats();
      assert.deepEqual(stats.routes['subscriptions/content'], {
        requests: 1,
        withPublisherId: 1,
        withoutPublisherId: 0,
      });
      assert.deepEqual(stats.routes.audit, { requests: 2, withPublisherId: 1, withoutPublisherId: 1 });
      assert.deepEqual(
        [stats.apiRequests, stats.apiRequestsWithPublisherId, stats.apiRequestsWithoutPublisherId],
        [4, 2, 2],
      );
      assert.deepEqual(stats.missingPublisherId, [
        `GET ${new URL(entries[1].contentUri).pathname}`,
        `GET /api/v1.0/${fresh.tenantId}/activity/feed/subscriptions/list`,
      ]);
      assert.deepEqual(stats.publisherIds, ['pub-1']);
      assert.equal(stats.blobsServed, 2);
    } finally {
      await fresh.close();
    }
  });
});

describe('content older than 7 days', () => {
  test('expiredContentIds() lists blobs that answer AF20051', async () => {
    const e = await startEmulator({ now: () => NOW, seed: 9, flowsPerDay: 5, days: 8, startSubscribed: true });
    try {
      const token = await accessToken(e);
      const expired = e.expiredContentIds();
      assert.ok(expired.length > 10);
      const res = await callApi(e, token, `${feedRoot(e)}/audit/${expired[expired.length - 1]}`);
      const error = await errorOf(res);
      assert.deepEqual([error.status, error.code], [400, 'AF20051']);
      assert.match(error.message, /Content older than 7 days cannot be retrieved/);
      const { entries } = await listAll(e, token, iso(NOW.getTime() - 7 * DAY), iso(NOW.getTime() - 6 * DAY));
      const first = entries[0];
      assert.equal((await callApi(e, token, first.contentUri)).status, 200);
      assert.ok(!expired.includes(first.contentId));
    } finally {
      await e.close();
    }
  });
});
