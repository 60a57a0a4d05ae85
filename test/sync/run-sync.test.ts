import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { AuditApiError } from '../../src/audit/source.ts';
import { createLogger } from '../../src/log.ts';
import { SqliteStore } from '../../src/store/sqlite/sqlite-store.ts';
import { runSync, type SyncDeps } from '../../src/sync/run-sync.ts';
import { LISTING_HISTORY_MS, MAX_WINDOW_MS } from '../../src/sync/sync-windows.ts';
import { brokenFlowRecord, flowRecord, otherWorkloadRecord } from './helpers/audit-records.ts';
import { FakeFeed } from './helpers/fake-feed.ts';

const HOUR = 3_600_000;
const SOURCE = 'mgmt:Audit.General';
const dir = mkdtempSync(path.join(tmpdir(), 'flowwatch-sync-'));
after(() => rmSync(dir, { recursive: true, force: true }));
let files = 0;

/** A clock the test moves by hand. */
function clock(iso: string) {
  let t = Date.parse(iso);
  return { now: () => new Date(t), advance: (ms: number) => void (t += ms) };
}

async function setup(startIso = '2026-05-11T12:00:00.000Z') {
  const time = clock(startIso);
  const feed = new FakeFeed(time.now);
  const store = SqliteStore.open(path.join(dir, `sync-${++files}.db`));
  const deps: SyncDeps = {
    feed,
    store,
    now: time.now,
    log: createLogger('silent'),
    options: { overlapMs: 15 * 60_000, blobConcurrency: 3 },
  };
  const ago = (ms: number) => new Date(time.now().getTime() - ms);
  return { time, feed, store, deps, ago };
}

async function storedIds(store: SqliteStore): Promise<string[]> {
  const { events } = await store.events.findEvents(
    { from: '2000-01-01T00:00:00Z', to: '2100-01-01T00:00:00Z' },
    { limit: 100_000, offset: 0 },
  );
  return events.map((e) => e.id).sort();
}

const idsOf = (records: Array<Record<string, unknown>>) =>
  [...new Set(records.map((r) => String(r.Id).toLowerCase()))].sort();

describe('runSync', () => {
  test('a first run lists the last 7 days (less 10 min) in contiguous windows of at most 24 h, and stores only Flow records', async () => {
    const { feed, store, deps, ago, time } = await setup();
    try {
      const flow = [
        flowRecord(ago(160 * HOUR)),
        flowRecord(ago(100 * HOUR)),
        flowRecord(ago(30 * HOUR)),
        flowRecord(ago(2 * HOUR)),
      ];
      feed.publish(ago(170 * HOUR), [flowRecord(ago(171 * HOUR))]); // before the listable history: never listed
      feed.publish(ago(159 * HOUR), [flow[0], otherWorkloadRecord(ago(159 * HOUR))]);
      feed.publish(ago(99 * HOUR), [flow[1], brokenFlowRecord()]);
      feed.publish(ago(29 * HOUR), [flow[2], otherWorkloadRecord(ago(29 * HOUR)), otherWorkloadRecord(ago(29 * HOUR))]);
      feed.publish(ago(1 * HOUR), [flow[3]]);
      const report = await runSync(deps);

      assert.equal(report.ok, true, JSON.stringify(report.error));
      const calls = feed.listCalls;
      assert.equal(calls[0].start.getTime(), time.now().getTime() - LISTING_HISTORY_MS);
      assert.equal(calls[calls.length - 1].end.getTime(), time.now().getTime());
      for (const [i, call] of calls.entries()) {
        assert.ok(call.end.getTime() - call.start.getTime() <= MAX_WINDOW_MS, `window ${i} longer than 24 h`);
        if (i > 0) assert.equal(call.start.getTime(), calls[i - 1].end.getTime(), `window ${i} not contiguous`);
      }
      assert.equal(report.windows, 7);
      assert.equal(report.windowsCompleted, 7);
      assert.equal(report.subscription, 'started');
      assert.deepEqual(await storedIds(store), idsOf(flow));
      assert.equal(report.blobsListed, 4);
      assert.equal(report.blobsFetched, 4);
      assert.equal(report.recordsSeen, 8);
      assert.equal(report.flowEventsNew, 4);
      assert.equal(report.duplicates, 0);
      assert.equal(report.otherWorkloadSkipped, 3);
      assert.equal(report.brokenRecords, 1);
      assert.match(report.brokenReasons[0], /CreationTime/);
      assert.equal(report.newestContentCreated, ago(HOUR).toISOString());
      assert.equal(report.contentLagMs, HOUR);
      assert.equal(report.cursor, time.now().toISOString());
      assert.equal(report.cursorLagMs, 0);
      assert.equal(await store.syncState.getCursor(SOURCE), time.now().toISOString());
      assert.deepEqual(await store.syncState.getCoverage(SOURCE), [
        { from: calls[0].start.toISOString(), to: time.now().toISOString() },
      ]);
      const saved = await store.syncState.lastSyncReport();
      assert.equal(saved?.ok, true);
      assert.equal(saved?.details.flowEventsNew, 4);
    } finally {
      await store.close();
    }
  });

  test('the next run starts at the cursor less the overlap, skips done blobs and picks up late listings', async () => {
    const { feed, store, deps, ago, time } = await setup();
    try {
      const first = flowRecord(ago(3 * HOUR));
      feed.publish(ago(2 * HOUR), [first]);
      await runSync(deps);
      const cursor = time.now();
      time.advance(5 * 60_000);
      // Listed late: created before the cursor, but inside the overlap.
      const late = flowRecord(ago(30 * 60_000));
      feed.publish(new Date(cursor.getTime() - 10 * 60_000), [late]);
      feed.publish(ago(2 * HOUR), [flowRecord(ago(2 * HOUR))]); // older than the overlap: not seen by this run
      const fetchedBefore = feed.fetched.length;
      const report = await runSync(deps);

      const call = feed.listCalls[feed.listCalls.length - 1];
      assert.equal(call.start.getTime(), cursor.getTime() - 15 * 60_000);
      assert.equal(call.end.getTime(), time.now().getTime());
      assert.equal(report.windows, 1);
      assert.equal(report.subscription, null);
      assert.equal(feed.subscriptionStarts, 1);
      assert.equal(report.blobsListed, 1);
      assert.equal(report.blobsSkippedDone, 0);
      assert.deepEqual(feed.fetched.slice(fetchedBefore).length, 1);
      assert.deepEqual(await storedIds(store), idsOf([first, late]));
      assert.deepEqual(await store.syncState.getCoverage(SOURCE), [
        { from: feed.listCalls[0].start.toISOString(), to: time.now().toISOString() },
      ]);

      time.advance(5 * 60_000);
      const third = await runSync(deps);
      assert.equal(third.blobsListed, 1);
      assert.equal(third.blobsSkippedDone, 1);
      assert.equal(third.blobsFetched, 0);
    } finally {
      await store.close();
    }
  });

  test('a record in two blobs is stored once and counted as a duplicate', async () => {
    const { feed, store, deps, ago } = await setup();
    try {
      const twice = flowRecord(ago(5 * HOUR), { Operation: 'CreateFlow' });
      feed.publish(ago(4 * HOUR), [twice, flowRecord(ago(4 * HOUR))]);
      feed.publish(ago(3 * HOUR), [{ ...twice }]);
      const report = await runSync(deps);
      assert.equal(report.flowEventsNew, 2);
      assert.equal(report.duplicates, 1);
      assert.equal((await storedIds(store)).length, 2);
    } finally {
      await store.close();
    }
  });

  test('expired content becomes a gap, is marked done and does not fail the run', async () => {
    const { feed, store, deps, ago } = await setup();
    try {
      const gone = feed.publish(ago(160 * HOUR), [flowRecord(ago(161 * HOUR))]);
      feed.expired.add(gone);
      const kept = flowRecord(ago(2 * HOUR));
      feed.publish(ago(HOUR), [kept]);
      const report = await runSync(deps);
      assert.equal(report.ok, true);
      assert.deepEqual(report.gaps, [gone]);
      assert.deepEqual(await storedIds(store), idsOf([kept]));
      const gaps = await store.syncState.listGaps();
      assert.equal(gaps.length, 1);
      assert.equal(gaps[0].contentId, gone);
      assert.match(gaps[0].reason, /AF20051/);
      assert.equal(gaps[0].to, ago(160 * HOUR).toISOString());
      assert.deepEqual([...(await store.syncState.doneBlobs([gone]))], [gone]);
      const again = await runSync(deps);
      assert.deepEqual(again.gaps, []);
      assert.equal((await store.syncState.listGaps()).length, 1);
    } finally {
      await store.close();
    }
  });

  test('a blob out of retries is recorded as failed, the rest of its window is stored and the cursor moves; the next run stores it without duplicates', async () => {
    const { feed, store, deps, ago, time } = await setup();
    try {
      const records: Array<Record<string, unknown>> = [];
      // Eight blobs spread over the week, a duplicate across two of them.
      for (let h = 150; h > 0; h -= 20) {
        const rs = [flowRecord(ago((h + 1) * HOUR)), flowRecord(ago((h + 2) * HOUR))];
        records.push(...rs);
        feed.publish(ago(h * HOUR), rs);
      }
      feed.publish(ago(75 * HOUR), [{ ...records[0] }]);
      const badEntry = feed.blobs.find((b) => b.entry.contentCreated === ago(70 * HOUR).toISOString())!.entry;
      const bad = badEntry.contentId;
      feed.failFetch = (id) => (id === bad ? new AuditApiError('Internal error, retry', 500, 'AF50000', true) : null);
      const first = await runSync(deps);

      assert.equal(first.ok, true, JSON.stringify(first.error));
      assert.equal(first.windowsCompleted, first.windows);
      assert.deepEqual(first.failedBlobs, [bad]);
      assert.equal(first.failedBlobsPending, 1);
      assert.equal(await store.syncState.getCursor(SOURCE), time.now().toISOString());
      assert.equal((await store.syncState.doneBlobs([bad])).size, 0);
      const pending = await store.syncState.listFailedBlobs(SOURCE);
      assert.deepEqual(
        pending.map((f) => [f.contentId, f.contentUri, f.contentCreated, f.attempts, f.lastError]),
        [[bad, badEntry.contentUri, badEntry.contentCreated, 1, 'AF50000: Internal error, retry']],
      );
      const badIds = idsOf(
        feed.blobs.find((b) => b.entry.contentId === bad)!.records as Array<Record<string, unknown>>,
      );
      assert.deepEqual(
        await storedIds(store),
        idsOf(records).filter((id) => !badIds.includes(id)),
      );
      const saved = await store.syncState.lastSyncReport();
      assert.deepEqual(saved?.details.failedBlobs, [bad]);

      // Still failing: one attempt more, nothing else fetched again.
      time.advance(60_000);
      const second = await runSync(deps);
      assert.equal(second.failedBlobsRetried, 1);
      assert.equal(second.failedBlobsRecovered, 0);
      assert.deepEqual(second.failedBlobs, [bad]);
      assert.equal((await store.syncState.listFailedBlobs(SOURCE))[0].attempts, 2);
      assert.equal(feed.fetched.filter((id) => id === bad).length, 2);

      feed.failFetch = null;
      time.advance(60_000);
      const third = await runSync(deps);
      assert.equal(third.ok, true, JSON.stringify(third.error));
      assert.equal(third.failedBlobsRecovered, 1);
      assert.equal(third.failedBlobsPending, 0);
      assert.deepEqual(await store.syncState.listFailedBlobs(SOURCE), []);
      assert.deepEqual(await storedIds(store), idsOf(records));
      assert.equal(first.flowEventsNew + second.flowEventsNew + third.flowEventsNew, records.length);
      assert.equal(first.duplicates + second.duplicates + third.duplicates, 1);
      assert.equal((await store.syncState.getCoverage(SOURCE)).length, 1);
    } finally {
      await store.close();
    }
  });

  test('blobs failing in a row past the outage limit stop the run in their window; those tried are recorded', async () => {
    const { feed, store, deps, ago } = await setup();
    try {
      for (let i = 0; i < 20; i++) feed.publish(ago(3 * HOUR - i * 60_000), [flowRecord(ago(4 * HOUR))]);
      feed.failFetch = () => new AuditApiError('Internal error, retry', 500, 'AF50000', true);
      const report = await runSync(deps);
      assert.equal(report.ok, false);
      assert.equal(report.error?.code, 'AF50000');
      assert.match(report.error?.message ?? '', /^8 blobs in a row ran out of retries/);
      const window = report.error.window!;
      assert.equal(await store.syncState.getCursor(SOURCE), window.from);
      assert.ok(feed.fetched.length < 20, `fetched ${feed.fetched.length} of 20`);
      const pending = await store.syncState.listFailedBlobs(SOURCE);
      assert.equal(pending.length, feed.fetched.length, 'each blob tried is recorded');
      assert.equal(report.failedBlobsPending, pending.length);
    } finally {
      await store.close();
    }
  });

  test('a failed blob that is still not stored 7 days after its contentCreated becomes a recorded gap', async () => {
    const { feed, store, deps, ago, time } = await setup();
    try {
      const bad = feed.publish(ago(2 * HOUR), [flowRecord(ago(3 * HOUR))]);
      feed.failFetch = () => new AuditApiError('Service unavailable', 503, null, true);
      assert.deepEqual((await runSync(deps)).failedBlobs, [bad]);
      time.advance(7 * 24 * HOUR - 2 * HOUR);
      const fetchedBefore = feed.fetched.length;
      const late = await runSync(deps);
      assert.equal(late.ok, true, JSON.stringify(late.error));
      assert.deepEqual(late.gaps, [bad]);
      assert.equal(feed.fetched.length, fetchedBefore, 'an expired blob is not fetched again');
      const [gap] = await store.syncState.listGaps();
      assert.equal(gap.contentId, bad);
      assert.equal(gap.reason, 'not stored within 7 days: 1 failed run, the last with Service unavailable');
      assert.deepEqual(await store.syncState.listFailedBlobs(SOURCE), []);
      assert.equal(late.failedBlobsPending, 0);
    } finally {
      await store.close();
    }
  });

  test('a listing that fails on a later page stops the run before that window is counted', async () => {
    const { feed, store, deps, ago } = await setup();
    try {
      const cursor = ago(51 * HOUR).toISOString();
      await store.syncState.setCursor(SOURCE, cursor);
      feed.subscribed = true;
      for (let h = 50; h > 40; h -= 1) feed.publish(ago(h * HOUR), [flowRecord(ago(h * HOUR))]);
      feed.failList = (_start, page) =>
        page === 2 ? new AuditApiError('Too many requests. Method=ListContent', 403, 'AF429', true) : null;
      const report = await runSync(deps);
      assert.equal(report.ok, false);
      assert.equal(report.error?.code, 'AF429');
      assert.equal(report.error?.window?.from, new Date(Date.parse(cursor) - 15 * 60_000).toISOString());
      assert.equal(report.windows, 3);
      assert.equal(report.windowsCompleted, 0);
      assert.equal(report.blobsFetched, 0);
      assert.equal(await store.syncState.getCursor(SOURCE), cursor);
      assert.deepEqual(await store.syncState.getCoverage(SOURCE), []);
      assert.deepEqual(await storedIds(store), []);
    } finally {
      await store.close();
    }
  });

  test('starts the subscription when the API says there is none, then lists again', async () => {
    const { feed, store, deps, ago, time } = await setup();
    try {
      await store.syncState.setCursor(SOURCE, ago(HOUR).toISOString());
      feed.publish(ago(30 * 60_000), [flowRecord(ago(40 * 60_000))]);
      const report = await runSync(deps);
      assert.equal(report.ok, true, JSON.stringify(report.error));
      assert.equal(report.subscription, 'started');
      assert.equal(feed.listCalls.length, 2);
      assert.equal(report.flowEventsNew, 1);
      assert.equal(await store.syncState.getCursor(SOURCE), time.now().toISOString());
    } finally {
      await store.close();
    }
  });

  test('never lists further back than 7 days, even after a long outage', async () => {
    const { feed, store, deps, ago, time } = await setup();
    try {
      await store.syncState.setCursor(SOURCE, ago(20 * 24 * HOUR).toISOString());
      feed.subscribed = true;
      const report = await runSync(deps);
      assert.equal(report.ok, true, JSON.stringify(report.error));
      assert.equal(feed.listCalls[0].start.getTime(), time.now().getTime() - LISTING_HISTORY_MS);
      assert.equal(report.windows, 7);
    } finally {
      await store.close();
    }
  });
});
