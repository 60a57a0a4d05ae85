import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { parseApiTime, resolveWindow } from '../../src/emulator/api/time-window.ts';
import { NOW } from './helpers.ts';

const HOUR = 3_600_000;
const iso = (ms: number) => new Date(ms).toISOString();

describe('subscriptions/content time parameters', () => {
  test('accepts the documented forms, with an optional fraction and Z', () => {
    assert.equal(parseApiTime('2026-05-04'), Date.parse('2026-05-04T00:00:00Z'));
    assert.equal(parseApiTime('2026-05-04T09:15'), Date.parse('2026-05-04T09:15:00Z'));
    assert.equal(parseApiTime('2026-05-04T09:15:30'), Date.parse('2026-05-04T09:15:30Z'));
    assert.equal(parseApiTime('2026-05-04T09:15:30Z'), Date.parse('2026-05-04T09:15:30Z'));
    assert.equal(parseApiTime('2026-05-04T09:15:30.123Z'), Date.parse('2026-05-04T09:15:30.123Z'));
    assert.equal(parseApiTime('2026-05-04T09:15:30.1234567'), Date.parse('2026-05-04T09:15:30.123Z'));
  });

  test('rejects other forms and impossible dates', () => {
    for (const bad of [
      '2026-05-04T09',
      '2026-02-30',
      '2026-05-04T24:00',
      '2026-05-04T09:15:30+02:00',
      '05/04/2026',
      '',
      'now',
    ]) {
      assert.equal(parseApiTime(bad), null, bad);
    }
  });

  test('without times the window is the last 24 hours', () => {
    assert.deepEqual(resolveWindow(null, null, NOW.getTime()), {
      ok: true,
      startMs: NOW.getTime() - 24 * HOUR,
      endMs: NOW.getTime(),
    });
  });

  test('both or neither, at most 24 hours apart, start at most 7 days back', () => {
    const now = NOW.getTime();
    assert.deepEqual(resolveWindow(iso(now - 24 * HOUR), iso(now), now), {
      ok: true,
      startMs: now - 24 * HOUR,
      endMs: now,
    });
    assert.deepEqual(resolveWindow(iso(now - 24 * HOUR - 1000), iso(now), now), { ok: false, problem: 'too-long' });
    assert.deepEqual(resolveWindow(iso(now - 24 * HOUR), null, now), { ok: false, problem: 'one-missing' });
    assert.deepEqual(resolveWindow(null, iso(now), now), { ok: false, problem: 'one-missing' });
    assert.deepEqual(resolveWindow(iso(now), iso(now - HOUR), now), { ok: false, problem: 'reversed' });
    assert.deepEqual(resolveWindow(iso(now - 7 * 24 * HOUR), iso(now - 6 * 24 * HOUR), now), {
      ok: true,
      startMs: now - 7 * 24 * HOUR,
      endMs: now - 6 * 24 * HOUR,
    });
    assert.deepEqual(resolveWindow(iso(now - 7 * 24 * HOUR - 1), iso(now - 7 * 24 * HOUR + HOUR), now), {
      ok: false,
      problem: 'too-old',
    });
    assert.deepEqual(resolveWindow('yesterday', iso(now), now), { ok: false, problem: 'unparsable-start' });
    assert.deepEqual(resolveWindow(iso(now - HOUR), 'today', now), { ok: false, problem: 'unparsable-end' });
  });
});
