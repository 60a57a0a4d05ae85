import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { request } from 'node:http';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.ts';
import { accessToken, callApi, feedRoot, listAll, NOW, type ListingEntry } from './helpers.ts';

const DAY = 86_400_000;
const iso = (ms: number) => new Date(ms).toISOString();
const dayStart = iso(NOW.getTime() - DAY);
const dayEnd = iso(NOW.getTime());

async function errorOf(res: Response): Promise<{ status: number; code: string; message: string }> {
  const body = (await res.json()) as { error: { code: string; message: string } };
  return { status: res.status, code: body.error.code, message: body.error.message };
}

describe('Management Activity API: subscriptions and content listing', () => {
  let e: RunningEmulator;
  let token: string;
  before(async () => {
    e = await startEmulator({ now: () => NOW, seed: 3, flowsPerDay: 20, pageSize: 20 });
    token = await accessToken(e);
  });
  after(() => e.close());

  test('listing before subscribing answers AF20022', async () => {
    const res = await callApi(e, token, `${feedRoot(e)}/subscriptions/content?contentType=Audit.General`);
    assert.deepEqual(await errorOf(res), {
      status: 400,
      code: 'AF20022',
      message: 'No subscription found for the specified content type.',
    });
  });

  test('start enables once, then answers AF20024; list shows the subscription', async () => {
    const first = await callApi(e, token, `${feedRoot(e)}/subscriptions/start?contentType=Audit.General`, {
      method: 'POST',
    });
    assert.equal(first.status, 200);
    assert.deepEqual(await first.json(), { contentType: 'Audit.General', status: 'enabled', webhook: null });
    const again = await callApi(e, token, `${feedRoot(e)}/subscriptions/start?contentType=Audit.General`, {
      method: 'POST',
    });
    assert.deepEqual(await errorOf(again), {
      status: 400,
      code: 'AF20024',
      message: 'The subscription is already enabled. No property change.',
    });
    const list = await callApi(e, token, `${feedRoot(e)}/subscriptions/list`);
    assert.deepEqual(await list.json(), [{ contentType: 'Audit.General', status: 'enabled', webhook: null }]);
  });

  test('content type is required and must be a known one', async () => {
    assert.equal((await errorOf(await callApi(e, token, `${feedRoot(e)}/subscriptions/content`))).code, 'AF20001');
    assert.equal(
      (await errorOf(await callApi(e, token, `${feedRoot(e)}/subscriptions/content?contentType=Audit.Flow`))).code,
      'AF20020',
    );
    assert.equal(
      (
        await errorOf(
          await callApi(e, token, `${feedRoot(e)}/subscriptions/start?contentType=audit.general`, { method: 'POST' }),
        )
      ).code,
      'AF20020',
    );
  });

  test('pages follow NextPageUri (an /api/v1/ URL with nextPage) until it is absent, each entry once', async () => {
    const { entries, pages, nextUrls } = await listAll(e, token, dayStart, dayEnd);
    assert.ok(pages > 3, `only ${pages} pages`);
    assert.equal(nextUrls.length, pages - 1);
    for (const url of nextUrls) {
      assert.ok(url.startsWith(`${e.url}/api/v1/${e.tenantId}/activity/feed/subscriptions/content?`), url);
      assert.match(url, new RegExp(`startTime=${dayStart}&endTime=${dayEnd}&nextPage=\\d{10}R\\d{12}$`));
    }
    assert.equal(new Set(entries.map((x) => x.contentId)).size, entries.length);
    for (const entry of entries) {
      const created = Date.parse(entry.contentCreated);
      assert.ok(created >= Date.parse(dayStart) && created < Date.parse(dayEnd));
      assert.equal(Date.parse(entry.contentExpiration) - created, 7 * DAY);
      assert.equal(entry.contentUri, `${feedRoot(e)}/audit/${entry.contentId}`);
      assert.match(entry.contentId, /^\d{23}\$\d{23}\$audit_general\$Audit_General\$na00\d\d$/);
    }
    // The same tenant in one big page lists exactly the same blobs.
    const onePage = await startEmulator({
      now: () => NOW,
      seed: 3,
      flowsPerDay: 20,
      pageSize: 10_000,
      startSubscribed: true,
    });
    try {
      const all = await listAll(onePage, await accessToken(onePage), dayStart, dayEnd);
      assert.equal(all.pages, 1);
      assert.deepEqual(
        entries.map((x) => x.contentId),
        all.entries.map((x) => x.contentId),
      );
    } finally {
      await onePage.close();
    }
  });

  test('the window is inclusive at the start and exclusive at the end (on contentCreated)', async () => {
    const { entries } = await listAll(e, token, dayStart, dayEnd);
    const pick: ListingEntry = entries[Math.floor(entries.length / 2)];
    const created = Date.parse(pick.contentCreated);
    const from = await listAll(e, token, iso(created), iso(created + 3_600_000));
    assert.equal(from.entries[0].contentId, pick.contentId);
    const until = await listAll(e, token, iso(created - 3_600_000), iso(created));
    assert.ok(!until.entries.some((x) => x.contentId === pick.contentId));
    assert.ok(until.entries.length > 0);
  });

  test('without times it lists the last 24 hours', async () => {
    const res = await callApi(e, token, `${feedRoot(e)}/subscriptions/content?contentType=Audit.General`);
    assert.equal(res.status, 200);
    const first = ((await res.json()) as ListingEntry[])[0];
    const { entries } = await listAll(e, token, dayStart, dayEnd);
    assert.equal(first.contentId, entries[0].contentId);
    const next = res.headers.get('NextPageUri');
    assert.ok(next && (await callApi(e, token, next)).status === 200);
  });

  test('date-only and minute forms are accepted', async () => {
    const res = await callApi(
      e,
      token,
      `${feedRoot(e)}/subscriptions/content?contentType=Audit.General&startTime=2026-05-05&endTime=2026-05-05T11:30`,
    );
    assert.equal(res.status, 200);
    const entries = (await res.json()) as ListingEntry[];
    assert.ok(
      entries.length > 0 &&
        entries.every(
          (x) => x.contentCreated >= '2026-05-05T00:00:00.000Z' && x.contentCreated < '2026-05-05T11:30:00.000Z',
        ),
    );
  });

  test('windows over 24 hours answer AF20055, starts over 7 days back AF20030, bad syntax AF20002', async () => {
    const content = `${feedRoot(e)}/subscriptions/content?contentType=Audit.General`;
    const long = await errorOf(
      await callApi(e, token, `${content}&startTime=2026-05-04T11:00:00&endTime=2026-05-05T11:00:01`),
    );
    assert.equal(long.code, 'AF20055');
    assert.match(long.message, /less than or equal to 24 hours apart/);
    assert.equal((await errorOf(await callApi(e, token, `${content}&startTime=2026-05-04T11:00:00`))).code, 'AF20055');
    const old = await errorOf(
      await callApi(e, token, `${content}&startTime=2026-04-28T11:59:59&endTime=2026-04-29T00:00:00`),
    );
    assert.deepEqual([old.status, old.code], [400, 'AF20030']);
    assert.equal(
      (await callApi(e, token, `${content}&startTime=2026-04-28T12:00:00&endTime=2026-04-29T00:00:00`)).status,
      200,
    );
    assert.equal(
      (await errorOf(await callApi(e, token, `${content}&startTime=04%2F05%2F2026&endTime=2026-05-05`))).code,
      'AF20002',
    );
  });

  test('a nextPage that is not ours answers AF20031', async () => {
    const res = await callApi(
      e,
      token,
      `${feedRoot(e, 'v1')}/subscriptions/content?contentType=Audit.General&startTime=${dayStart}&endTime=${dayEnd}&nextPage=bogus`,
    );
    assert.deepEqual(await errorOf(res), { status: 400, code: 'AF20031', message: 'Invalid nextPage Input: bogus.' });
  });

  test('unknown routes answer 404 and wrong methods 405, in the error shape', async () => {
    const unknown = await callApi(e, token, `${feedRoot(e)}/subscriptions/everything`);
    assert.deepEqual([unknown.status, (await errorOf(unknown)).code], [404, 'NotFound']);
    const wrong = await callApi(e, token, `${feedRoot(e)}/subscriptions/list`, { method: 'POST' });
    assert.deepEqual([wrong.status, (await errorOf(wrong)).code], [405, 'MethodNotAllowed']);
  });

  test('stop disables the subscription: listing then answers AF20023, start enables it again', async () => {
    const other = await startEmulator({ now: () => NOW, seed: 3, flowsPerDay: 5, startSubscribed: true });
    try {
      const t = await accessToken(other);
      const stop = await callApi(other, t, `${feedRoot(other)}/subscriptions/stop?contentType=Audit.General`, {
        method: 'POST',
      });
      assert.equal(stop.status, 200);
      assert.equal(
        (await errorOf(await callApi(other, t, `${feedRoot(other)}/subscriptions/content?contentType=Audit.General`)))
          .code,
        'AF20023',
      );
      assert.equal(
        (
          await callApi(other, t, `${feedRoot(other)}/subscriptions/start?contentType=Audit.General`, {
            method: 'POST',
          })
        ).status,
        200,
      );
      assert.equal(
        (await callApi(other, t, `${feedRoot(other)}/subscriptions/content?contentType=Audit.General`)).status,
        200,
      );
    } finally {
      await other.close();
    }
  });
});

describe('next-page header name', () => {
  for (const header of ['NextPageUrl', 'nextpageuri']) {
    test(`can be sent as ${header}, spelled exactly so`, async () => {
      const e = await startEmulator({
        now: () => NOW,
        seed: 3,
        flowsPerDay: 5,
        nextPageHeader: header,
        startSubscribed: true,
      });
      try {
        const token = await accessToken(e);
        const path = `/api/v1.0/${e.tenantId}/activity/feed/subscriptions/content?contentType=Audit.General&startTime=${dayStart}&endTime=${dayEnd}&PublisherIdentifier=${e.tenantId}`;
        const rawNames = await new Promise<string[]>((resolve, reject) => {
          const req = request(`${e.url}${path}`, { headers: { Authorization: `Bearer ${token}` } }, (res) => {
            res.resume();
            res.on('end', () => resolve(res.rawHeaders.filter((_, i) => i % 2 === 0)));
          });
          req.on('error', reject);
          req.end();
        });
        assert.ok(rawNames.includes(header), rawNames.join(','));
        // Only the configured spelling: neither header above is the default NextPageUri.
        assert.ok(!rawNames.includes('NextPageUri'), rawNames.join(','));
        const { pages } = await listAll(e, token, dayStart, dayEnd, header);
        assert.ok(pages > 1);
      } finally {
        await e.close();
      }
    });
  }
});
