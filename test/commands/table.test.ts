import { test } from 'node:test';
import assert from 'node:assert/strict';
import { renderResultText, renderTable, truncate } from '../../src/cli/table.ts';
import { event, listResult } from '../cards/fixtures.ts';

test('columns are as wide as their widest cell, numbers right-aligned', () => {
  const text = renderTable(
    [{ header: 'Maker' }, { header: 'Events', align: 'right' }],
    [
      ['avery.lee@contoso.example', '12'],
      ['jo@contoso.example', '3'],
    ],
  );
  assert.equal(
    text,
    [
      'Maker                      Events',
      '-------------------------  ------',
      'avery.lee@contoso.example      12',
      'jo@contoso.example              3',
    ].join('\n'),
  );
});

test('a table wider than the limit squeezes its widest columns and ends cut cells with …', () => {
  const long = 'x'.repeat(200);
  const text = renderTable(
    [{ header: 'When', min: 16 }, { header: 'Flow' }, { header: 'Connectors' }],
    [['2026-11-27 10:00', long, 'Recurrence, Office 365 Outlook, SharePoint, HTTP']],
    120,
  );
  const lines = text.split('\n');
  for (const line of lines) assert.ok([...line].length <= 120, `${[...line].length}: ${line}`);
  assert.match(lines[2], /^2026-11-27 10:00 {2}x+… {2}Recurrence, Office 365 Outlook, SharePoint, HTTP$/);
});

test('line breaks inside cells do not break the table', () => {
  const text = renderTable([{ header: 'Flow' }], [['two\nlines']]);
  assert.equal(text.split('\n')[2], 'two lines');
});

test('truncate keeps short text and cuts long text to the width', () => {
  assert.equal(truncate('SharePoint', 10), 'SharePoint');
  assert.equal(truncate('SharePoint', 6), 'Share…');
  assert.equal(truncate('SharePoint', 0), '');
});

test('operations are worded as the cards word them (one table of labels)', () => {
  const trials = [
    event({ id: 'a', operation: 'StartAPaidTrial', licenseName: 'Power Automate Premium' }),
    event({ id: 'b', operation: 'RenewTrial', licenseName: 'Power Automate Premium' }),
  ];
  const text = renderResultText(listResult(trials, { operations: ['StartAPaidTrial', 'RenewTrial'] }), {
    now: new Date('2026-05-05T00:00:00Z'),
  });
  assert.match(text, /Started trial/);
  assert.match(text, /Renewed trial/);
  assert.doesNotMatch(text, /Trial started|Trial renewed/);
});

test('a delete whose record names no flow says so in the row and in the reasons below the table', () => {
  const text = renderResultText(
    listResult([event({ id: 'd', operation: 'DeleteFlow', flowId: null, environmentId: null, detailsUrl: null })], {
      operations: ['DeleteFlow'],
    }),
    { now: new Date('2026-05-05T00:00:00Z') },
  );
  assert.match(text, /\(not named in the record\)/);
  assert.match(
    text,
    /Flow names or states missing:\n {2}the audit record names no flow \(delete records often do not\)/,
  );
});
