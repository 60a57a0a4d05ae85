import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { parseQuestion, DEFAULT_PERIOD } from '../../src/bot/commands/parse.ts';
import { EXAMPLE_QUESTIONS } from '../../src/bot/commands/examples.ts';
import type { FlowQuery } from '../../src/queries/query.ts';

function query(text: string): FlowQuery {
  const outcome = parseQuestion(text);
  assert.equal(outcome.kind, 'query', `"${text}" should parse, got ${JSON.stringify(outcome)}`);
  return (outcome as { query: FlowQuery }).query;
}

const PERMISSIONS = ['PutPermissions', 'DeletePermissions'];
const TRIALS = ['StartAPaidTrial', 'RenewTrial'];
/** A connector question without an operation: only creates and edits carry connectors. */
const CONNECTOR_OPS = ['CreateFlow', 'EditFlow'];

describe('parseQuestion: the questions admins ask', () => {
  const cases: Array<[string, FlowQuery]> = [
    ['new flows today', { operations: ['CreateFlow'], period: { kind: 'today' }, shape: 'list' }],
    ['who edited flows this week', { operations: ['EditFlow'], period: { kind: 'thisWeek' }, shape: 'byMaker' }],
    ['deleted flows yesterday', { operations: ['DeleteFlow'], period: { kind: 'yesterday' }, shape: 'list' }],
    [
      'permission changes last 7 days',
      { operations: PERMISSIONS, period: { kind: 'lastDays', days: 7 }, shape: 'list' },
    ],
    [
      'who shared flows this month',
      { operations: ['PutPermissions'], period: { kind: 'thisMonth' }, shape: 'byMaker' },
    ],
    ['trials this month', { operations: TRIALS, period: { kind: 'thisMonth' }, shape: 'list' }],
    [
      'flows using HTTP this week',
      { operations: CONNECTOR_OPS, period: { kind: 'thisWeek' }, shape: 'list', connector: 'HTTP' },
    ],
    [
      'flows by avery@contoso.com last week',
      { operations: [], period: { kind: 'lastWeek' }, shape: 'list', maker: 'avery@contoso.com' },
    ],
    [
      'how many flows were created this week',
      { operations: ['CreateFlow'], period: { kind: 'thisWeek' }, shape: 'count' },
    ],
    ['connectors used this week', { operations: CONNECTOR_OPS, period: { kind: 'thisWeek' }, shape: 'byConnector' }],
    [
      'flows using SharePoint by avery@contoso.com last 30 days',
      {
        operations: CONNECTOR_OPS,
        period: { kind: 'lastDays', days: 30 },
        shape: 'list',
        connector: 'SharePoint',
        maker: 'avery@contoso.com',
      },
    ],
    [
      'flows using HTTP with Microsoft Entra ID',
      { operations: CONNECTOR_OPS, period: DEFAULT_PERIOD, shape: 'list', connector: 'HTTP with Microsoft Entra ID' },
    ],
    [
      'flows in environment Default-2f6d8c1e-3b7a-4e2f-9c51-7a0d4b6e8f13 this week',
      {
        operations: [],
        period: { kind: 'thisWeek' },
        shape: 'list',
        environment: 'Default-2f6d8c1e-3b7a-4e2f-9c51-7a0d4b6e8f13',
      },
    ],
    [
      'new flows today in Europe/Berlin',
      { operations: ['CreateFlow'], period: { kind: 'today' }, shape: 'list', timeZone: 'Europe/Berlin' },
    ],
    [
      'edited flows since 2026-11-01',
      { operations: ['EditFlow'], period: { kind: 'since', date: '2026-11-01' }, shape: 'list' },
    ],
    [
      'deleted flows on 2026-11-20',
      { operations: ['DeleteFlow'], period: { kind: 'on', date: '2026-11-20' }, shape: 'list' },
    ],
    ['new flows last 3 days', { operations: ['CreateFlow'], period: { kind: 'lastDays', days: 3 }, shape: 'list' }],
    ['new flows last week', { operations: ['CreateFlow'], period: { kind: 'lastWeek' }, shape: 'list' }],
    ['new flows last month', { operations: ['CreateFlow'], period: { kind: 'lastMonth' }, shape: 'list' }],
  ];
  for (const [text, expected] of cases) {
    test(`"${text}"`, () => assert.deepEqual(query(text), expected));
  }
});

describe('parseQuestion: variants', () => {
  const operationVariants: Array<[string, string[]]> = [
    ['created flows today', ['CreateFlow']],
    ['flows made today', ['CreateFlow']],
    ['changed flows today', ['EditFlow']],
    ['modified flows today', ['EditFlow']],
    ['updated flows today', ['EditFlow']],
    ['removed flows today', ['DeleteFlow']],
    ['shared flows today', ['PutPermissions']],
    ['unshared flows today', ['DeletePermissions']],
    ['flows with permissions removed today', ['DeletePermissions']],
    ['sharing changes today', PERMISSIONS],
    ['flow permissions today', PERMISSIONS],
    ['trial licences today', TRIALS],
    ['trial licenses today', TRIALS],
    ['new trials today', ['StartAPaidTrial']],
    ['renewed trials today', ['RenewTrial']],
    ['Trials started today', ['StartAPaidTrial']],
    ['created or edited flows today', ['CreateFlow', 'EditFlow']],
    ['deleted and new flows today', ['CreateFlow', 'DeleteFlow']],
    ['flow activity today', []],
    ['all flow events today', []],
  ];
  for (const [text, operations] of operationVariants) {
    test(`"${text}" asks about ${operations.join(', ') || 'every operation'}`, () => {
      const q = query(text);
      assert.deepEqual(q.operations, operations);
      assert.deepEqual(q.period, { kind: 'today' });
    });
  }

  const periodVariants: Array<[string, FlowQuery['period']]> = [
    ['new flows so far today', { kind: 'today' }],
    ['new flows in the last 14 days', { kind: 'lastDays', days: 14 }],
    ['new flows over the past 3 days', { kind: 'lastDays', days: 3 }],
    ['new flows in the last three days', { kind: 'lastDays', days: 3 }],
    ['new flows last 1 day', { kind: 'lastDays', days: 1 }],
    ['new flows past week', { kind: 'lastDays', days: 7 }],
    ['new flows since yesterday', { kind: 'lastDays', days: 2 }],
    ['new flows during the current week', { kind: 'thisWeek' }],
    ['new flows previous week', { kind: 'lastWeek' }],
    ['new flows this month so far', { kind: 'thisMonth' }],
    ['new flows previous month', { kind: 'lastMonth' }],
    ['new flows 2026-11-20', { kind: 'on', date: '2026-11-20' }],
    ['new flows', DEFAULT_PERIOD],
  ];
  for (const [text, period] of periodVariants) {
    test(`"${text}" is about ${JSON.stringify(period)}`, () => assert.deepEqual(query(text).period, period));
  }

  test('capitals, punctuation and extra spaces do not matter', () => {
    const expected = query('who edited flows this week');
    assert.deepEqual(query('  Who EDITED flows,   this week?? '), expected);
    assert.deepEqual(query('who edited flows this week.'), expected);
    assert.deepEqual(query('Who edited flows this week!'), expected);
  });

  test('a leading mention or Teams <at> tag is ignored', () => {
    assert.deepEqual(query('<at>Flowwatch</at> new flows today'), query('new flows today'));
    assert.deepEqual(query('@Flowwatch new flows today'), query('new flows today'));
  });

  test('filler words around the question are fine', () => {
    assert.deepEqual(query('show me the new flows from today please'), query('new flows today'));
    assert.deepEqual(query('what flows were deleted yesterday?'), query('deleted flows yesterday'));
    assert.deepEqual(query('which flows were shared with someone this month'), query('shared flows this month'));
  });

  test('a connector question that names no operation is about creates and edits; one that names one keeps it', () => {
    assert.deepEqual(query('flows using HTTP this week').operations, CONNECTOR_OPS);
    assert.deepEqual(query('connectors used this week').operations, CONNECTOR_OPS);
    assert.deepEqual(query('new flows using HTTP this week').operations, ['CreateFlow']);
    assert.deepEqual(query('flow activity using HTTP this week').operations, []);
  });

  test('"top N" ends a ranking at its Nth row; on anything but a ranking, or over 50, it is not understood', () => {
    assert.deepEqual(query('top 5 makers by new flows this month'), {
      operations: ['CreateFlow'],
      period: { kind: 'thisMonth' },
      shape: 'byMaker',
      top: 5,
    });
    assert.equal(query('top ten connectors this week').top, 10);
    assert.equal(query('top 3 environments last week').shape, 'byEnvironment');
    assert.equal(query('top makers this week').top, undefined);
    assert.equal(parseQuestion('top 80 makers this week').kind, 'unknown');
    assert.equal(parseQuestion('top 0 makers this week').kind, 'unknown');
  });

  test('a summary of a period is asked without filters; with one it is not understood', () => {
    assert.deepEqual(parseQuestion('overview of last month'), { kind: 'summary', period: { kind: 'lastMonth' } });
    assert.deepEqual(parseQuestion('recap of flow activity this week in Europe/Berlin'), {
      kind: 'summary',
      period: { kind: 'thisWeek' },
      timeZone: 'Europe/Berlin',
    });
    const assumed = parseQuestion('give me a summary');
    assert.equal(assumed.kind, 'summary');
    assert.equal(assumed.kind === 'summary' && assumed.reading?.question, 'overview of last 7 days');
    assert.equal(parseQuestion('summary of flows using HTTP this week').kind, 'unknown');
    assert.equal(parseQuestion('summary of who edited flows this week').kind, 'unknown');
  });

  test('"X compared with Y" is the summary of X when Y is the period just before it (its totals show that change)', () => {
    const week = { kind: 'summary', period: { kind: 'thisWeek' } };
    assert.deepEqual(parseQuestion('this week compared with last week'), week);
    assert.deepEqual(parseQuestion('new flows this week vs last week'), week);
    assert.deepEqual(parseQuestion('flow activity today versus yesterday'), {
      kind: 'summary',
      period: { kind: 'today' },
    });
    assert.equal(parseQuestion('new flows this week vs').kind, 'unknown');
    assert.equal(
      parseQuestion('this week compared with this week').kind,
      'unknown',
      'a period is not compared with itself',
    );
  });

  test('"X compared with Y" for any other Y is the summary of X against Y, and says so', () => {
    const month = parseQuestion('this month compared to last month');
    assert.deepEqual(month, {
      kind: 'summary',
      period: { kind: 'thisMonth' },
      against: { kind: 'lastMonth' },
    });
    const odd = parseQuestion('last 30 days vs last week');
    assert.equal(odd.kind, 'summary');
    assert.deepEqual(odd.kind === 'summary' && odd.against, { kind: 'lastWeek' });
    const typo = parseQuestion('this mnth compared with last month');
    assert.equal(typo.kind === 'summary' && typo.reading?.question, 'overview of this month compared with last month');
  });

  test('a weekday is its most recent date, said as such', () => {
    assert.deepEqual(query('flows created on Friday').period, { kind: 'weekday', day: 5 });
    assert.deepEqual(query('who deleted flows monday').period, { kind: 'weekday', day: 1 });
    assert.equal(parseQuestion('new flows on Monday and Tuesday').kind, 'unknown', 'two periods are not one');
  });

  test('weeks, a fortnight and months, in digits or words', () => {
    assert.deepEqual(query('new flows last 2 weeks').period, { kind: 'lastDays', days: 14 });
    assert.deepEqual(query('new flows over the past three weeks').period, { kind: 'lastDays', days: 21 });
    assert.deepEqual(query('new flows in the past fortnight').period, { kind: 'lastDays', days: 14 });
    assert.deepEqual(query('new flows last 3 months').period, { kind: 'lastDays', days: 90 });
    assert.deepEqual(query('new flows in the past month').period, { kind: 'lastDays', days: 30 });
    assert.deepEqual(query('new flows last month').period, { kind: 'lastMonth' });
    assert.equal(parseQuestion('new flows last 12 months').kind, 'unknown', 'over 180 days');
  });

  test('connector names are matched case-insensitively to their display name', () => {
    assert.equal(query('flows using http this week').connector, 'HTTP');
    assert.equal(query('flows using sharepoint this week').connector, 'SharePoint');
    assert.equal(query('flows using http with microsoft entra id').connector, 'HTTP with Microsoft Entra ID');
    assert.equal(query('flows using HTTP with Azure AD').connector, 'HTTP with Microsoft Entra ID');
    assert.equal(query('flows that use the Office 365 Outlook connector today').connector, 'Office 365 Outlook');
    assert.equal(query('HTTP flows today').connector, 'HTTP');
    assert.equal(query('new flows with HTTP Webhook today').connector, 'HTTP Webhook');
  });

  test('an unknown connector is taken as written, up to the next meaningful word', () => {
    const q = query('flows using Contoso Billing API created this week');
    assert.equal(q.connector, 'Contoso Billing API');
    assert.deepEqual(q.operations, ['CreateFlow']);
    assert.equal(query('flows using HTTP Custom today').connector, 'HTTP Custom');
  });

  test('a maker is a UPN, lower-cased; "by maker" is a grouping, not a maker', () => {
    assert.equal(query('flows by Avery@Contoso.com last week').maker, 'avery@contoso.com');
    assert.equal(query('new flows from jordan.kim@contoso.example.').maker, 'jordan.kim@contoso.example');
    const grouped = query('new flows grouped by maker this week');
    assert.equal(grouped.shape, 'byMaker');
    assert.equal(grouped.maker, undefined);
  });

  test('the zone is given its canonical spelling', () => {
    assert.equal(query('new flows today in europe/berlin').timeZone, 'Europe/Berlin');
    assert.equal(query('new flows today in UTC').timeZone, 'UTC');
    assert.equal(query('new flows in America/New_York yesterday').timeZone, 'America/New_York');
  });

  test('"top makers" is about flows even without the word', () => {
    assert.deepEqual(query('top makers this month'), {
      operations: [],
      period: { kind: 'thisMonth' },
      shape: 'byMaker',
    });
  });

  test('shapes: who => byMaker, how many => count, connectors used => byConnector, otherwise list', () => {
    assert.equal(query('which makers created flows this week').shape, 'byMaker');
    assert.equal(query('number of deleted flows this month').shape, 'count');
    assert.equal(query('how many flows this week').shape, 'count');
    assert.equal(query('which connectors were used in new flows this month').shape, 'byConnector');
    assert.equal(query('new flows by connector this month').shape, 'byConnector');
    assert.equal(query('new flows this month').shape, 'list');
  });
});

describe('parseQuestion: help and unknown text', () => {
  for (const text of ['help', 'Help', 'help me', '?', 'what can you do?', 'examples']) {
    test(`"${text}" asks for help`, () => assert.deepEqual(parseQuestion(text), { kind: 'help' }));
  }

  const unknowns = [
    "what's the weather",
    'new flos today',
    'who edited flows this week and made coffee',
    'flows by avery last week',
    'new flows last 0 days',
    'new flows last 500 days',
    'new flows on 2026-02-30',
    'new flows today in Mars/Olympus',
    'today',
    'new flows today yesterday',
    'flows shared with jordan.kim@contoso.example',
    'who are you',
    'new flows last 24 hours',
    'flows using SharePoint and HTTP',
    '',
    '   ',
  ];
  for (const text of unknowns) {
    test(`"${text}" is not understood and gets 2 to 4 example questions`, () => {
      const outcome = parseQuestion(text);
      assert.equal(outcome.kind, 'unknown');
      if (outcome.kind !== 'unknown') return;
      assert.equal(outcome.text, text);
      assert.ok(outcome.suggestions.length >= 2 && outcome.suggestions.length <= 4, String(outcome.suggestions.length));
      for (const s of outcome.suggestions) assert.ok(EXAMPLE_QUESTIONS.includes(s), s);
    });
  }

  test('suggestions are close to what was typed', () => {
    const connectors = parseQuestion('conectors usd this week');
    assert.equal(connectors.kind === 'unknown' && connectors.suggestions[0], 'connectors used this week');
    const maker = parseQuestion('flows by avery last week');
    assert.equal(maker.kind === 'unknown' && maker.suggestions[0], 'flows by avery@contoso.com last week');
  });
});

describe('EXAMPLE_QUESTIONS', () => {
  test('has enough examples for a help card', () => assert.ok(EXAMPLE_QUESTIONS.length >= 10));
  for (const example of EXAMPLE_QUESTIONS) {
    test(`"${example}" parses`, () => assert.equal(parseQuestion(example).kind, 'query'));
  }
});
