import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startEmulator, type Faults, type RunningEmulator } from '../../src/emulator/index.ts';
import { accessToken, callApi, feedRoot, requestToken, NOW, type ListingEntry } from './helpers.ts';

async function firstBlobUri(e: RunningEmulator, token: string): Promise<string> {
  const res = await callApi(e, token, `${feedRoot(e)}/subscriptions/content?contentType=Audit.General`);
  return ((await res.json()) as ListingEntry[])[0].contentUri;
}

describe('fault injection', () => {
  let e: RunningEmulator;
  let token: string;
  let blobUri: string;
  let fullBody: string;
  before(async () => {
    e = await startEmulator({ now: () => NOW, seed: 4, flowsPerDay: 10, days: 1, startSubscribed: true });
    token = await accessToken(e);
    blobUri = await firstBlobUri(e, token);
    fullBody = await (await callApi(e, token, blobUri)).text();
  });
  after(() => e.close());

  test('failNext throttles the next requests with AF429 as HTTP 403, then recovers', async () => {
    e.failNext(2, 'throttle');
    for (let i = 0; i < 2; i++) {
      const res = await callApi(e, token, blobUri, { withPublisher: true });
      assert.equal(res.status, 403);
      assert.equal(res.headers.get('retry-after'), null);
      assert.deepEqual(await res.json(), {
        error: { code: 'AF429', message: `Too many requests. Method=GetBlob, PublisherId=${e.tenantId}` },
      });
    }
    assert.equal((await callApi(e, token, blobUri)).status, 200);
  });

  test('throttling can answer 429 with Retry-After', async () => {
    e.setFaults({ throttleStatus: 429, retryAfterSeconds: 7 });
    try {
      e.failNext(1, 'throttle');
      const res = await callApi(e, token, `${feedRoot(e)}/subscriptions/content?contentType=Audit.General`);
      assert.equal(res.status, 429);
      assert.equal(res.headers.get('retry-after'), '7');
      assert.match(((await res.json()) as { error: { message: string } }).error.message, /Method=ListContent/);
    } finally {
      e.setFaults({ throttleStatus: 403, retryAfterSeconds: null });
    }
  });

  // Which server error failNext gives is the fault stream's variant draw (fault-injector.ts: below
  // 0.8 the documented 500 AF50000, otherwise a gateway's bare 503), and the seed fixes that draw:
  // the first API request of seed 4 draws the 500, that of seed 5 the 503.
  async function firstServerFault(seed: number) {
    const other = await startEmulator({ now: () => NOW, seed, flowsPerDay: 5, days: 1, startSubscribed: true });
    try {
      const otherToken = await accessToken(other);
      other.failNext(1, 'server');
      const res = await callApi(other, otherToken, `${feedRoot(other)}/subscriptions/list`);
      return { status: res.status, contentType: res.headers.get('content-type'), body: await res.text() };
    } finally {
      await other.close();
    }
  }

  test('failNext server answers 500 AF50000 when the seed draws the documented error', async () => {
    const res = await firstServerFault(4);
    assert.equal(res.status, 500);
    assert.deepEqual(JSON.parse(res.body), {
      error: { code: 'AF50000', message: 'An internal error occurred. Retry the request.' },
    });
  });

  test("failNext server answers a gateway's bare HTML 503 when the seed draws that", async () => {
    const res = await firstServerFault(5);
    assert.equal(res.status, 503);
    assert.equal(res.contentType, 'text/html');
    assert.equal(res.body, '<h1>Service Unavailable</h1>');
  });

  test('failNext truncate sends a complete response whose JSON is cut in half', async () => {
    e.failNext(1, 'truncate');
    const res = await callApi(e, token, blobUri);
    assert.equal(res.status, 200);
    const text = await res.text();
    assert.ok(text.length > 0 && text.length < fullBody.length);
    assert.ok(fullBody.startsWith(text));
    assert.throws(() => JSON.parse(text), SyntaxError);
  });

  test('failNext reset closes the socket in the middle of the body', async () => {
    e.failNext(1, 'reset');
    await assert.rejects(async () => (await callApi(e, token, blobUri)).arrayBuffer());
    assert.equal(await (await callApi(e, token, blobUri)).text(), fullBody);
  });

  test('the token endpoint is never failed by failNext', async () => {
    e.failNext(1, 'server');
    assert.equal((await requestToken(e)).status, 200);
    assert.notEqual((await callApi(e, token, blobUri)).status, 200);
  });

  test('random truncation hits blob downloads only', async () => {
    e.setFaults({ truncateRate: 1 });
    try {
      const listing = await callApi(e, token, `${feedRoot(e)}/subscriptions/content?contentType=Audit.General`);
      assert.equal(listing.status, 200);
      assert.ok(Array.isArray(await listing.json()));
      await assert.rejects(async () => JSON.parse(await (await callApi(e, token, blobUri)).text()));
    } finally {
      e.setFaults({ truncateRate: 0 });
    }
  });

  test('a slow emulator still answers correctly', async () => {
    e.setFaults({ slowMs: 20 });
    try {
      assert.equal(await (await callApi(e, token, blobUri)).text(), fullBody);
    } finally {
      e.setFaults({ slowMs: 0 });
    }
  });

  test('counts the faults it injected', async () => {
    const before = e.stats().faults;
    e.failNext(1, 'throttle');
    e.failNext(1, 'server');
    await callApi(e, token, blobUri);
    await callApi(e, token, blobUri);
    const now = e.stats().faults;
    assert.equal(now.throttle - before.throttle, 1);
    assert.equal(now.server - before.server, 1);
    assert.equal(now.total - before.total, 2);
  });

  test('rejects knobs out of range', () => {
    assert.throws(() => e.setFaults({ throttleRate: 1.5 }), RangeError);
    assert.throws(() => e.setFaults({ throttleStatus: 500 as 403 }), RangeError);
    assert.throws(() => e.failNext(-1, 'server'), RangeError);
  });
});

describe('fault rates', () => {
  const faults: Partial<Faults> = { throttleRate: 0.2, serverErrorRate: 0.2 };

  async function statuses(seed: number, f: Partial<Faults>): Promise<{ statuses: number[]; injected: number }> {
    const e = await startEmulator({ now: () => NOW, seed, flowsPerDay: 5, days: 1, startSubscribed: true, faults: f });
    try {
      const token = await accessToken(e);
      const out: number[] = [];
      for (let i = 0; i < 40; i++) {
        const res = await callApi(e, token, `${feedRoot(e)}/subscriptions/list`);
        await res.arrayBuffer();
        out.push(res.status);
      }
      return { statuses: out, injected: e.stats().faults.total };
    } finally {
      await e.close();
    }
  }

  test('the same seed meets the same faults in the same places', async () => {
    const a = await statuses(21, faults);
    const b = await statuses(21, faults);
    assert.deepEqual(a.statuses, b.statuses);
    assert.ok(a.statuses.includes(200));
    assert.ok(a.statuses.includes(403));
    // Seed 21 meets both kinds of server error within its 40 requests (the variant draw, as above).
    assert.ok(a.statuses.includes(500));
    assert.ok(a.statuses.includes(503));
    assert.equal(a.injected, a.statuses.filter((s) => s !== 200).length);
    const c = await statuses(22, faults);
    assert.notDeepEqual(c.statuses, a.statuses);
  });

  test('rates of zero inject nothing', async () => {
    const quiet = await statuses(21, {});
    assert.deepEqual(new Set(quiet.statuses), new Set([200]));
    assert.equal(quiet.injected, 0);
  });
});
