import { test } from 'node:test';
import assert from 'node:assert/strict';
import { missingRanges } from '../../src/queries/coverage.ts';

const FROM = '2026-11-23T00:00:00.000Z';
const TO = '2026-11-24T00:00:00.000Z';

test('nothing covered: the whole range is missing', () => {
  assert.deepEqual(missingRanges([], FROM, TO), [{ from: FROM, to: TO }]);
});

test('fully covered by overlapping, unsorted ranges in either ISO spelling: nothing is missing', () => {
  const covered = [
    { from: '2026-11-23T10:00:00Z', to: '2026-11-25T00:00:00Z' },
    { from: '2026-11-22T00:00:00Z', to: '2026-11-23T12:00:00.000Z' },
  ];
  assert.deepEqual(missingRanges(covered, FROM, TO), []);
});

test('holes at the start, middle and end are reported in order', () => {
  const covered = [
    { from: '2026-11-23T18:00:00Z', to: '2026-11-23T20:00:00Z' },
    { from: '2026-11-23T02:00:00Z', to: '2026-11-23T06:00:00Z' },
  ];
  assert.deepEqual(missingRanges(covered, FROM, TO), [
    { from: FROM, to: '2026-11-23T02:00:00.000Z' },
    { from: '2026-11-23T06:00:00.000Z', to: '2026-11-23T18:00:00.000Z' },
    { from: '2026-11-23T20:00:00.000Z', to: TO },
  ]);
});

test('ranges that only touch the edges cover nothing inside', () => {
  const covered = [
    { from: '2026-11-22T00:00:00Z', to: FROM },
    { from: TO, to: '2026-11-25T00:00:00Z' },
  ];
  assert.deepEqual(missingRanges(covered, FROM, TO), [{ from: FROM, to: TO }]);
});

test('an empty range has nothing missing', () => {
  assert.deepEqual(missingRanges([], FROM, FROM), []);
});
