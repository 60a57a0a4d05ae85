import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { formatQuestion } from '../../src/bot/commands/format-question.ts';
import { parseQuestion } from '../../src/bot/commands/parse.ts';
import { EXAMPLE_QUESTIONS } from '../../src/bot/commands/examples.ts';
import type { FlowQuery, PeriodSpec, QueryShape } from '../../src/queries/query.ts';

function roundTrip(query: FlowQuery): void {
  const text = formatQuestion(query);
  assert.deepEqual(
    parseQuestion(text),
    { kind: 'query', query },
    `"${text}" does not read back as ${JSON.stringify(query)}`,
  );
}

describe('formatQuestion', () => {
  test('rankings that end at a row read back with their top', () => {
    const month = { kind: 'thisMonth' } as const;
    for (const shape of ['byMaker', 'byConnector', 'byEnvironment'] as const) {
      for (const operations of [
        [],
        ['CreateFlow'],
        ['CreateFlow', 'EditFlow'],
        ['PutPermissions', 'DeletePermissions'],
      ]) {
        roundTrip({ operations, period: month, shape, top: 5 });
      }
    }
    assert.equal(
      formatQuestion({ operations: ['CreateFlow'], period: month, shape: 'byMaker', top: 5 }),
      'top 5 makers by created flows this month',
    );
  });

  test('reads naturally for the common questions', () => {
    assert.equal(
      formatQuestion({ operations: ['CreateFlow'], period: { kind: 'today' }, shape: 'list' }),
      'created flows today',
    );
    assert.equal(
      formatQuestion({ operations: ['EditFlow'], period: { kind: 'thisWeek' }, shape: 'byMaker' }),
      'who edited flows this week',
    );
    assert.equal(
      formatQuestion({ operations: ['CreateFlow'], period: { kind: 'thisWeek' }, shape: 'count' }),
      'how many flows were created this week',
    );
    assert.equal(
      formatQuestion({ operations: ['CreateFlow', 'EditFlow'], period: { kind: 'thisWeek' }, shape: 'byConnector' }),
      'connectors used this week',
    );
    assert.equal(
      formatQuestion({ operations: [], period: { kind: 'thisWeek' }, shape: 'byConnector' }),
      'connectors used in flow events this week',
    );
    assert.equal(
      formatQuestion({
        operations: ['CreateFlow', 'EditFlow'],
        period: { kind: 'lastDays', days: 30 },
        shape: 'list',
        connector: 'SharePoint',
        maker: 'avery@contoso.com',
        timeZone: 'Europe/Berlin',
      }),
      'flows by avery@contoso.com using SharePoint last 30 days in Europe/Berlin',
    );
  });

  test('every example question survives parse → format → parse', () => {
    for (const example of EXAMPLE_QUESTIONS) {
      const outcome = parseQuestion(example);
      assert.equal(outcome.kind, 'query', example);
      if (outcome.kind === 'query') roundTrip(outcome.query);
    }
  });

  describe('round trip over operations × shapes × periods × filters', () => {
    const operationSets = [
      [],
      ['CreateFlow'],
      ['EditFlow'],
      ['DeleteFlow'],
      ['PutPermissions'],
      ['DeletePermissions'],
      ['PutPermissions', 'DeletePermissions'],
      ['StartAPaidTrial'],
      ['RenewTrial'],
      ['StartAPaidTrial', 'RenewTrial'],
      ['CreateFlow', 'EditFlow'],
      ['CreateFlow', 'EditFlow', 'DeleteFlow', 'PutPermissions'],
      ['CreateFlow', 'PutPermissions', 'DeletePermissions', 'RenewTrial'],
      ['EditFlow', 'DeletePermissions', 'StartAPaidTrial'],
      ['FlowMigrated'],
    ];
    const shapes: QueryShape[] = ['list', 'count', 'byMaker', 'byConnector'];
    const periods: PeriodSpec[] = [
      { kind: 'today' },
      { kind: 'yesterday' },
      { kind: 'thisWeek' },
      { kind: 'lastWeek' },
      { kind: 'thisMonth' },
      { kind: 'lastMonth' },
      { kind: 'lastDays', days: 7 },
      { kind: 'lastDays', days: 1 },
      { kind: 'since', date: '2026-11-01' },
      { kind: 'on', date: '2026-11-20' },
    ];
    const filterSets: Array<Partial<FlowQuery>> = [
      {},
      { connector: 'HTTP' },
      { connector: 'HTTP with Microsoft Entra ID', maker: 'avery@contoso.com' },
      {
        connector: 'Excel Online (Business)',
        environment: 'Default-2f6d8c1e-3b7a-4e2f-9c51-7a0d4b6e8f13',
        timeZone: 'America/New_York',
      },
      {
        connector: 'Contoso Billing API',
        maker: 'jordan.kim@contoso.example',
        environment: '0f2b6a3e-8d41-4c7e-b915-6e2a0d7c4f18',
      },
      { timeZone: 'UTC', maker: 'avery@contoso.com' },
    ];
    for (const operations of operationSets) {
      test(`${operations.join('+') || 'every operation'}`, () => {
        for (const shape of shapes) {
          for (const period of periods) {
            for (const filters of filterSets) roundTrip({ operations, period, shape, ...filters });
          }
        }
      });
    }
  });
});
