import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { fitSizedRows } from '../../src/cards/card-size.ts';

describe('fitSizedRows', () => {
  // A card of 1,000 bytes around its rows, with a comma between rows, like a JSON array.
  const sizes = [300, 500, 200, 900, 100, 100];
  const sizeOf = (k: number) => 1000 + sizes.slice(0, k).reduce((a, b) => a + b, 0) + Math.max(0, k - 1);

  test('keeps every row when all fit', () => {
    assert.equal(fitSizedRows(sizes, sizeOf, 10_000), 6);
  });

  test('finds the largest number of rows that fits, even when the card around them grows with fewer rows', () => {
    assert.equal(fitSizedRows(sizes, sizeOf, 2002), 3);
    assert.equal(fitSizedRows(sizes, sizeOf, 2901), 3);
    assert.equal(fitSizedRows(sizes, sizeOf, 2001), 2);
    // A "N more not shown" text that is longer when more rows are left out.
    const withOmitted = (k: number) => sizeOf(k) + (6 - k) * 10;
    assert.equal(fitSizedRows(sizes, withOmitted, 2032), 3);
    assert.equal(fitSizedRows(sizes, withOmitted, 2031), 2);
  });

  test('returns 0 when not even the empty card fits', () => {
    assert.equal(fitSizedRows(sizes, sizeOf, 999), 0);
    assert.equal(fitSizedRows([], sizeOf, 10), 0);
  });
});
