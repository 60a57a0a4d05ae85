import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readCardActionData, readSubmittedAction } from '../../src/bot/card-action-data.ts';

const query = { operations: ['EditFlow'], period: { kind: 'thisWeek' }, shape: 'byMaker' };

describe('readCardActionData', () => {
  test('reads a refresh payload and defaults the offset to 0', () => {
    assert.deepEqual(readCardActionData({ query }), { query, offset: 0 });
  });

  test('reads every period kind and the optional filters', () => {
    const full = {
      operations: ['CreateFlow', 'DeleteFlow'],
      period: { kind: 'lastDays', days: 30 },
      shape: 'list',
      timeZone: 'Europe/Berlin',
      connector: 'HTTP with Microsoft Entra ID',
      maker: 'avery@contoso.com',
      environment: 'Default-6f1c2a3b',
    };
    assert.deepEqual(readCardActionData({ query: full, offset: 25 }), { query: full, offset: 25 });
    for (const period of [
      { kind: 'since', date: '2026-11-01' },
      { kind: 'on', date: '2026-02-28' },
      { kind: 'lastMonth' },
      { kind: 'weekday', day: 5 },
    ]) {
      assert.deepEqual(readCardActionData({ query: { ...query, period } })?.query.period, period);
    }
    for (const top of [1, 50]) {
      const ranking = { ...query, shape: 'byMaker', top };
      assert.deepEqual(readCardActionData({ query: ranking })?.query, ranking);
    }
  });

  test('rejects anything that is not exactly the agreed shape', () => {
    const bad: unknown[] = [
      null,
      'refresh',
      [query],
      {},
      { query, offset: -1 },
      { query, offset: 1.5 },
      { query, offset: '25' },
      { query, extra: true },
      { query: { ...query, shape: 'drop table' } },
      { query: { ...query, operations: 'EditFlow' } },
      { query: { ...query, operations: ['Edit Flow; rm'] } },
      { query: { ...query, period: { kind: 'lastDays', days: 0 } } },
      { query: { ...query, period: { kind: 'lastDays', days: 7, extra: 1 } } },
      { query: { ...query, period: { kind: 'on', date: '2026-02-30' } } },
      { query: { ...query, period: { kind: 'forever' } } },
      { query: { ...query, period: { kind: 'weekday', day: 8 } } },
      { query: { ...query, period: { kind: 'weekday', day: '5' } } },
      { query: { ...query, shape: 'byEnvironment', operations: 'all' } },
      { query: { ...query, shape: 'byMaker', top: 0 } },
      { query: { ...query, shape: 'byMaker', top: 51 } },
      { query: { ...query, shape: 'byMaker', top: '5' } },
      { query: { ...query, shape: 'list', top: 5 } },
      { query: { ...query, timeZone: 'Mars/Olympus' } },
      { query: { ...query, maker: '' } },
      { query: { ...query, maker: 'x'.repeat(300) } },
      { query: { ...query, connector: 'HTTP\u0000' } },
      { query: { ...query, __proto__: { polluted: true }, sql: 'x' } },
    ];
    for (const data of bad) assert.equal(readCardActionData(data), null, JSON.stringify(data));
  });

  test('ignores the msteams key Teams may echo', () => {
    assert.deepEqual(readCardActionData({ query, offset: 5, msteams: { type: 'task/fetch' } }), { query, offset: 5 });
  });
});

describe('readSubmittedAction', () => {
  const verbs = new Set(['refresh', 'more']);

  test('reads the Action.Submit fallback data of Refresh and Show more', () => {
    assert.deepEqual(readSubmittedAction({ verb: 'more', query, offset: 25 }, verbs), {
      verb: 'more',
      query,
      offset: 25,
    });
  });

  test('ignores values that are not our buttons', () => {
    assert.equal(readSubmittedAction({ query, offset: 0 }, verbs), null);
    assert.equal(readSubmittedAction({ verb: 'refreshDigest', query }, verbs), null);
    assert.equal(readSubmittedAction({ verb: 'refresh', query: { ...query, shape: 'x' } }, verbs), null);
    assert.equal(readSubmittedAction('refresh', verbs), null);
  });
});
