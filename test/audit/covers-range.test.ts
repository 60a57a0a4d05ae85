import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseCoversRange } from '../../src/audit/covers-range.ts';

test('dates mean 00:00 UTC and TO is not included', () => {
  assert.deepEqual(parseCoversRange('2026-11-01..2026-12-01'), {
    from: '2026-11-01T00:00:00.000Z',
    to: '2026-12-01T00:00:00.000Z',
  });
});

test('date-times: no zone is UTC, an offset is converted', () => {
  assert.deepEqual(parseCoversRange('2026-11-01T08:00..2026-11-01T10:30:00+01:00'), {
    from: '2026-11-01T08:00:00.000Z',
    to: '2026-11-01T09:30:00.000Z',
  });
});

test('bad text gets a reason naming the form, never a guessed range', () => {
  const cases: [string, RegExp][] = [
    ['2026-11-01', /is not FROM\.\.TO/],
    ['2026-11-01..2026-11-02..2026-11-03', /is not FROM\.\.TO/],
    ['yesterday..today', /each end must be a date/],
    ['2026-02-30..2026-03-02', /each end must be a date/],
    ['2026-11-02..2026-11-01', /TO must be after FROM/],
    ['2026-11-01..2026-11-01', /TO must be after FROM/],
  ];
  for (const [text, reason] of cases) {
    const parsed = parseCoversRange(text);
    assert.ok('error' in parsed, text);
    assert.match(parsed.error, reason, text);
  }
});
