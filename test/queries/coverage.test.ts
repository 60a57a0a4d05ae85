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

test('a pending failed blob leaves its span (24 h before its contentCreated) missing until it is stored', async () => {
  const s = await source(['2026-11-22T00:00:00.000Z', '2026-11-23T20:00:00.000Z']);
  const contentId = 'failed-1$audit_general$Audit_General$na0031';
  await store.syncState.recordFailedBlob({
    source: s,
    contentId,
    contentUri: `https://manage.example/${contentId}`,
    contentCreated: '2026-11-23T06:00:00.000Z',
    error: 'AF50000: Internal error, retry',
    at: '2026-11-23T19:00:00.000Z',
  });
  const now = at('2026-11-23T20:05:00.000Z');
  assert.deepEqual(await missingCoverage(store.syncState, DAY, [s], now, STALE), [
    { from: FROM, to: '2026-11-23T06:00:00.000Z' },
  ]);
  // Where the sync got to is unchanged: the time after it is still "not yet", not missing.
  assert.deepEqual(
    await missingCoverage(store.syncState, { from: '2026-11-23T07:00:00.000Z', to: TO }, [s], now, STALE),
    [],
  );
  await store.events.ingest([], { now, blob: { contentId, contentCreated: '2026-11-23T06:00:00.000Z' } });
  assert.deepEqual(await missingCoverage(store.syncState, DAY, [s], now, STALE), []);
});
