import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { missingCoverage } from '../../src/queries/coverage.ts';
import { SqliteStore } from '../../src/store/sqlite/sqlite-store.ts';

const FROM = '2026-11-23T00:00:00.000Z';
const TO = '2026-11-24T00:00:00.000Z';
const DAY = { from: FROM, to: TO };
const HOUR = 3_600_000;
const at = (iso: string) => new Date(iso);
const STALE = 15 * 60_000;

const store = SqliteStore.open(':memory:');
after(() => store.close());
let n = 0;
/** A fresh source name per test, with the given ranges covered. */
async function source(...ranges: Array<[string, string]>): Promise<string> {
  const name = `test:${++n}`;
  for (const [from, to] of ranges) await store.syncState.addCoverage(name, { from, to });
  return name;
}

test('nothing covered: the whole range up to now is missing, and the future is not', async () => {
  const s = await source();
  assert.deepEqual(await missingCoverage(store.syncState, DAY, [s], at('2026-11-23T10:00:00.000Z'), STALE), [
    { from: FROM, to: '2026-11-23T10:00:00.000Z' },
  ]);
  assert.deepEqual(await missingCoverage(store.syncState, DAY, [s], at('2026-11-22T10:00:00.000Z'), STALE), []);
});

test('covered up to a fresh last sync: nothing is missing, though the sync has not reached now', async () => {
  const s = await source([FROM, '2026-11-23T09:55:00.000Z']);
  assert.deepEqual(await missingCoverage(store.syncState, DAY, [s], at('2026-11-23T10:00:00.000Z'), STALE), []);
});

test('a stale last sync no longer excuses the time since it', async () => {
  const s = await source([FROM, '2026-11-23T08:00:00.000Z']);
  assert.deepEqual(await missingCoverage(store.syncState, DAY, [s], at('2026-11-23T10:00:00.000Z'), STALE), [
    { from: '2026-11-23T08:00:00.000Z', to: '2026-11-23T10:00:00.000Z' },
  ]);
});

test('a hole one source has is covered by another', async () => {
  const a = await source([FROM, '2026-11-23T04:00:00.000Z'], ['2026-11-23T06:00:00.000Z', TO]);
  const b = await source(['2026-11-23T03:00:00.000Z', '2026-11-23T07:00:00.000Z']);
  const now = new Date(Date.parse(TO) + HOUR);
  assert.deepEqual(await missingCoverage(store.syncState, DAY, [a], now, STALE), [
    { from: '2026-11-23T04:00:00.000Z', to: '2026-11-23T06:00:00.000Z' },
  ]);
  assert.deepEqual(await missingCoverage(store.syncState, DAY, [a, b], now, STALE), []);
});
