/**
 * The SyncStateStore contract: cursors, coverage, done blobs, gaps and reports. Registered by
 * storeContract for every store.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { NOW, instant, ranges, hour, blob, type RunWithStore } from './contract-helpers.ts';

export function syncStateContract(run: RunWithStore): void {
  describe('sync state', () => {
    test(
      'cursors are per source and can be moved',
      run(async (store) => {
        assert.equal(await store.syncState.getCursor('mgmt:Audit.General'), null);
        await store.syncState.setCursor('mgmt:Audit.General', hour(9));
        await store.syncState.setCursor('graph', hour(3));
        await store.syncState.setCursor('mgmt:Audit.General', hour(10));
        assert.equal(instant(await store.syncState.getCursor('mgmt:Audit.General')), hour(10));
        assert.equal(instant(await store.syncState.getCursor('graph')), hour(3));
      }),
    );

    test(
      'coverage merges adjacent and overlapping ranges, per source',
      run(async (store) => {
        const src = 'mgmt:Audit.General';
        assert.deepEqual(await store.syncState.getCoverage(src), []);
        await store.syncState.addCoverage(src, { from: hour(4), to: hour(5) });
        await store.syncState.addCoverage(src, { from: hour(1), to: hour(2) });
        assert.deepEqual(ranges(await store.syncState.getCoverage(src)), [
          { from: hour(1), to: hour(2) },
          { from: hour(4), to: hour(5) },
        ]);
        await store.syncState.addCoverage(src, { from: hour(2), to: hour(3) });
        assert.deepEqual(ranges(await store.syncState.getCoverage(src)), [
          { from: hour(1), to: hour(3) },
          { from: hour(4), to: hour(5) },
        ]);
        await store.syncState.addCoverage(src, { from: hour(2, 30), to: hour(4, 30) });
        assert.deepEqual(ranges(await store.syncState.getCoverage(src)), [{ from: hour(1), to: hour(5) }]);
        await store.syncState.addCoverage(src, { from: hour(0, 30), to: hour(1, 30) });
        await store.syncState.addCoverage(src, { from: hour(2), to: hour(3) });
        assert.deepEqual(ranges(await store.syncState.getCoverage(src)), [{ from: hour(0, 30), to: hour(5) }]);
        await store.syncState.addCoverage('graph', { from: hour(7), to: hour(8) });
        assert.deepEqual(ranges(await store.syncState.getCoverage(src)), [{ from: hour(0, 30), to: hour(5) }]);
        assert.deepEqual(ranges(await store.syncState.getCoverage('graph')), [{ from: hour(7), to: hour(8) }]);
      }),
    );

    test(
      'a gap is recorded once per content id or range, and listed by range end',
      run(async (store) => {
        const expired = {
          source: 'mgmt:Audit.General',
          contentId: blob(1).contentId,
          from: hour(1),
          to: hour(2),
          reason: 'AF20051 content expired',
          recordedAt: NOW.toISOString(),
        };
        await store.syncState.recordGap(expired);
        await store.syncState.recordGap({ ...expired, recordedAt: new Date(NOW.getTime() + 60_000).toISOString() });
        const range = {
          source: 'graph',
          contentId: null,
          from: hour(5),
          to: hour(6),
          reason: 'older than retention',
          recordedAt: NOW.toISOString(),
        };
        await store.syncState.recordGap(range);
        await store.syncState.recordGap(range);
        const gaps = await store.syncState.listGaps();
        assert.equal(gaps.length, 2);
        const first = gaps.find((g) => g.contentId === expired.contentId);
        assert.ok(first);
        assert.equal(first.reason, expired.reason);
        assert.equal(instant(first.from), hour(1));
        assert.equal(instant(first.to), hour(2));
        assert.deepEqual(
          (await store.syncState.listGaps(hour(3))).map((g) => g.source),
          ['graph'],
        );
      }),
    );

    test(
      'a failed blob is recorded with its attempts and errors, pending until its blob is done',
      run(async (store) => {
        const src = 'mgmt:Audit.General';
        const failure = (n: number, created: string, error: string, at: string) => ({
          source: src,
          contentId: blob(n).contentId,
          contentUri: `https://manage.example/api/v1.0/t/activity/feed/audit/${n}`,
          contentCreated: created,
          error,
          at,
        });
        assert.deepEqual(await store.syncState.listFailedBlobs(src), []);
        await store.syncState.recordFailedBlob(failure(2, hour(11), 'AF429: too many requests', hour(12)));
        await store.syncState.recordFailedBlob(failure(1, hour(10), 'HTTP 500', hour(12)));
        await store.syncState.recordFailedBlob(failure(2, hour(11), 'body cut short', hour(13)));
        await store.syncState.recordFailedBlob({ ...failure(3, hour(9), 'HTTP 503', hour(12)), source: 'graph' });
        const pending = await store.syncState.listFailedBlobs(src);
        assert.deepEqual(
          pending.map((f) => ({ ...f, contentCreated: instant(f.contentCreated) })),
          [
            {
              source: src,
              contentId: blob(1).contentId,
              contentUri: 'https://manage.example/api/v1.0/t/activity/feed/audit/1',
              contentCreated: hour(10),
              attempts: 1,
              lastError: 'HTTP 500',
              firstFailedAt: hour(12),
              lastFailedAt: hour(12),
            },
            {
              source: src,
              contentId: blob(2).contentId,
              contentUri: 'https://manage.example/api/v1.0/t/activity/feed/audit/2',
              contentCreated: hour(11),
              attempts: 2,
              lastError: 'body cut short',
              firstFailedAt: hour(12),
              lastFailedAt: hour(13),
            },
          ],
        );
        // Stored since (its done mark commits with its events): no longer pending, even unforgotten.
        await store.events.ingest([], { now: NOW, blob: { contentId: blob(1).contentId, contentCreated: hour(10) } });
        assert.deepEqual(
          (await store.syncState.listFailedBlobs(src)).map((f) => f.contentId),
          [blob(2).contentId],
        );
        await store.syncState.forgetFailedBlobs([blob(1).contentId, blob(2).contentId]);
        await store.syncState.forgetFailedBlobs([]);
        assert.deepEqual(await store.syncState.listFailedBlobs(src), []);
        assert.deepEqual(
          (await store.syncState.listFailedBlobs('graph')).map((f) => f.contentId),
          [blob(3).contentId],
        );
      }),
    );

    test(
      'the last sync report round-trips',
      run(async (store) => {
        assert.equal(await store.syncState.lastSyncReport(), null);
        const details = { blobsFetched: 3, gaps: ['x'], lag: { newestMs: 5000, cursorMs: null }, error: null };
        await store.syncState.saveSyncReport({
          source: 'mgmt:Audit.General',
          startedAt: hour(9),
          finishedAt: hour(9, 1),
          ok: false,
          details: { first: true },
        });
        await store.syncState.saveSyncReport({
          source: 'mgmt:Audit.General',
          startedAt: hour(10),
          finishedAt: hour(10, 1),
          ok: true,
          details,
        });
        const last = await store.syncState.lastSyncReport();
        assert.ok(last);
        assert.equal(last.ok, true);
        assert.equal(instant(last.startedAt), hour(10));
        assert.equal(instant(last.finishedAt), hour(10, 1));
        assert.deepEqual(last.details, details);
      }),
    );
  });
}
