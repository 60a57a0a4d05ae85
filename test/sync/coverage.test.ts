import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { isCovered, missingRanges } from '../../src/sync/coverage.ts';
import { planWindows, LISTING_HISTORY_MS, MAX_WINDOW_MS } from '../../src/sync/sync-windows.ts';

const t = (h: number, m = 0) => new Date(Date.UTC(2026, 4, 4, h, m)).toISOString();

describe('coverage for the query layer', () => {
  const coverage = [
    { from: t(4), to: t(6) },
    { from: t(0), to: t(2) },
  ];

  test('reports holes inside the period, oldest first', () => {
    assert.deepEqual(missingRanges(coverage, t(1), t(5)), [{ from: t(2), to: t(4) }]);
    assert.equal(isCovered(coverage, t(1), t(5)), false);
    assert.equal(isCovered(coverage, t(0), t(2)), true);
    assert.equal(isCovered(coverage, t(0, 30), t(1, 30)), true);
  });

  test('judges a period only up to the end of the last sync', () => {
    assert.deepEqual(missingRanges(coverage, t(4), t(9)), []);
    assert.deepEqual(missingRanges(coverage, t(1), t(9)), [{ from: t(2), to: t(4) }]);
    assert.deepEqual(missingRanges(coverage, t(5), t(9), { syncedUntil: t(7) }), [{ from: t(6), to: t(7) }]);
  });

  test('counts the time since a stale last sync as missing', () => {
    const opts = { now: new Date(t(10)), staleAfterMs: 60 * 60_000 };
    assert.deepEqual(missingRanges(coverage, t(5), t(12), opts), [{ from: t(6), to: t(10) }]);
    assert.deepEqual(missingRanges(coverage, t(5), t(12), { ...opts, now: new Date(t(6, 30)) }), []);
  });

  test('with no coverage at all everything up to now is missing', () => {
    assert.deepEqual(missingRanges([], t(1), t(3)), [{ from: t(1), to: t(3) }]);
    assert.deepEqual(missingRanges([], t(1), t(3), { now: new Date(t(2)) }), [{ from: t(1), to: t(2) }]);
    assert.equal(isCovered([], t(3), t(3)), true);
  });
});

describe('planWindows', () => {
  const now = new Date(t(12));

  test('starts at the cursor less the overlap and ends now', () => {
    const windows = planWindows(t(10), now, 15 * 60_000);
    assert.deepEqual(
      windows.map((w) => [w.start.toISOString(), w.end.toISOString()]),
      [[t(9, 45), t(12)]],
    );
  });

  test('splits a long stretch into contiguous windows of at most 24 h, no more than 7 days back', () => {
    const windows = planWindows(null, now, 0);
    assert.equal(windows[0].start.getTime(), now.getTime() - LISTING_HISTORY_MS);
    assert.equal(windows.at(-1)!.end.getTime(), now.getTime());
    for (const [i, w] of windows.entries()) {
      assert.ok(w.end.getTime() - w.start.getTime() <= MAX_WINDOW_MS);
      assert.ok(w.end > w.start);
      if (i > 0) assert.equal(w.start.getTime(), windows[i - 1].end.getTime());
    }
  });

  test('plans nothing when the cursor is at or after now', () => {
    assert.deepEqual(planWindows(t(13), now, 0), []);
    assert.throws(() => planWindows('garbage', now, 0), /not an instant/);
  });
});
