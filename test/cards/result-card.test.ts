import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { renderResultCard } from '../../src/cards/result-card.ts';
import { CARD_SIZE_LIMIT_BYTES, cardSizeBytes } from '../../src/cards/card-size.ts';
import type { QueryResult } from '../../src/queries/query.ts';
import { actions, lines, ofType, rows, sdkProblems, strings } from '../helpers/card-walk.ts';
import { CTX, DETAILS_URL, ENV, event, listResult, manyEvents, oneOfEachOperation } from './fixtures.ts';

const refreshOf = (card: object) => actions(card).find((a) => a.verb === 'refresh');
const moreOf = (card: object) => actions(card).find((a) => a.verb === 'more');

describe('result card: header and actions', () => {
  test('shows the question as understood and the exact period, as an AC 1.5 card the SDK accepts', () => {
    const card = renderResultCard(listResult([event()]), CTX);
    assert.equal(card.version, '1.5');
    assert.equal(card.type, 'AdaptiveCard');
    assert.deepEqual(lines(card).slice(0, 2), ['New flows today', 'Mon 4 May 2026 (Europe/Berlin)']);
    const elsewhere = renderResultCard(listResult([event()]), { ...CTX, timeZone: 'America/New_York' });
    assert.equal(lines(elsewhere)[1], 'Mon 4 May 2026 (Europe/Berlin) · Times in America/New_York');
    assert.deepEqual(sdkProblems(card), []);
  });

  test('carries a Refresh Action.Execute with the query and the current offset', () => {
    const result = listResult([event()], { connector: 'HTTP' });
    result.events = { items: [event()], total: 41, offset: 40 };
    const refresh = refreshOf(renderResultCard(result, CTX));
    assert.equal(refresh?.type, 'Action.Execute');
    assert.deepEqual(refresh?.data, { query: result.query, offset: 40 });
    assert.equal(moreOf(renderResultCard(result, CTX)), undefined);
  });

  test('shows when it was computed when the caller passes now', () => {
    const card = renderResultCard(listResult([event()]), { ...CTX, now: new Date('2026-05-04T10:05:09Z') });
    assert.match(lines(card)[1], / · Updated 12:05:09$/);
  });
});

describe('result card: empty answers', () => {
  test('says "No new flows between … and …" when sync covered the period', () => {
    const card = renderResultCard(listResult([]), CTX);
    assert.ok(
      lines(card).includes('No new flows between Mon 4 May 2026, 00:00 and Tue 5 May 2026, 00:00.'),
      lines(card).join('\n'),
    );
    assert.equal(rows(card).length, 0);
    assert.equal(moreOf(card), undefined);
    assert.ok(refreshOf(card), 'refreshOf(card)');
  });

  test('words the empty answer per operation and filter', () => {
    const deleted = renderResultCard(
      listResult([], { operations: ['DeleteFlow'], maker: 'avery.lee@contoso.example' }),
      CTX,
    );
    assert.ok(
      lines(deleted).some((l) => l.startsWith('No deleted flows by avery.lee@contoso.example between ')),
      "lines(deleted).some((l) => l.startsWith('No deleted flows by avery.lee@contoso.example between '))",
    );
    const all = renderResultCard(listResult([], { operations: [], connector: 'HTTP' }), CTX);
    assert.ok(
      lines(all).some((l) =>
        l.startsWith('No flow activity using HTTP, HTTP with Microsoft Entra ID or HTTP Webhook between '),
      ),
      "lines(all).some((l) => l.startsWith('No flow activity using HTTP, HTTP with Microsoft Entra ID or HTTP Webhook between '))",
    );
  });

  test('says sync has not covered the period yet instead of "no flows"', () => {
    const result = listResult(
      [],
      {},
      {
        coverage: { complete: false, missing: [{ from: '2026-05-04T07:00:00.000Z', to: '2026-05-04T10:00:00.000Z' }] },
      },
    );
    const text = lines(renderResultCard(result, CTX)).join('\n');
    assert.match(text, /sync has not covered Mon 4 May 2026, 09:00 – 12:00 yet/);
    assert.doesNotMatch(text, /No new flows/);
  });

  test('warns that a non-empty answer may be incomplete', () => {
    const result = listResult(
      [event()],
      {},
      {
        coverage: { complete: false, missing: [{ from: '2026-05-04T20:00:00.000Z', to: '2026-05-04T22:00:00.000Z' }] },
      },
    );
    const card = renderResultCard(result, CTX);
    const warning = ofType(card, 'Container').find((c) => c.style === 'warning');
    assert.ok(warning, 'warning');
    assert.match(lines(warning)[0], /^Sync has not covered .* yet, so this answer may be missing events\.$/);
    assert.equal(rows(card).length, 1);
  });
});

describe('result card: one event of each operation', () => {
  const card = renderResultCard(listResult(oneOfEachOperation(), { operations: [] }), CTX);
  const rowLines = rows(card).map((r) => lines(r));

  test('names each operation in friendly words, with its time in the asker zone', () => {
    assert.deepEqual(
      rowLines.map((l) => l[0].split(' · ')[0]),
      ['Created', 'Edited', 'Deleted', 'Shared', 'Unshared', 'Started trial', 'Renewed trial'],
    );
    assert.equal(rowLines[0][0], 'Created · Mon 4 May 2026, 11:12');
    const ny = renderResultCard(listResult([event()]), { ...CTX, timeZone: 'America/New_York' });
    assert.equal(lines(rows(ny)[0])[0], 'Created · Mon 4 May 2026, 05:12');
  });

  test('shows who, which flow (name, else id) in which environment, and the result status', () => {
    assert.equal(rowLines[0][1], `Invoice intake in the default environment`);
    assert.equal(rowLines[1][1], `flow 7e2d4a19-8c3b-4f05-a6d1-3b9e5c7f2a40 in the default environment`);
    assert.ok(rowLines[0].includes('by avery.lee@contoso.example · Succeeded'), rowLines[0].join('\n'));
    // The fixtures' store has no flow inventory: each row says so instead of leaving a bare id to guess.
    assert.ok(rowLines[0].includes('No state: the flow inventory has not been read yet.'), rowLines[0].join('\n'));
    assert.ok(rowLines[1].includes('No name or state: the flow inventory has not been read yet.'));
    const other = renderResultCard(
      listResult([event({ environmentId: 'a1b2c3d4-0000-4000-8000-000000000001', flowName: 'X' })]),
      CTX,
    );
    assert.equal(lines(rows(other)[0])[1], 'X in environment a1b2c3d4-0000-4000-8000-000000000001');
  });

  test('links the flow to its details page', () => {
    const link = ofType(rows(card)[0], 'Action.OpenUrl')[0];
    assert.equal(link?.url, DETAILS_URL);
  });

  test('names a deleted flow and its last known connectors from the inventory', () => {
    assert.equal(rowLines[2][1], `Invoice intake in the default environment`);
    assert.ok(
      rowLines[2].includes('Connectors (last known): Recurrence, SharePoint, ⚠ HTTP (risky)'),
      rowLines[2].join('\n'),
    );
    assert.equal(ofType(rows(card)[2], 'Action.OpenUrl')[0]?.url, DETAILS_URL);
  });

  test('decodes the sharing permission with its recipient', () => {
    assert.ok(
      rowLines[3].includes('Gave Owner (can edit) to jordan.kim@contoso.example'),
      "rowLines[3]!.includes('Gave Owner (can edit) to jordan.kim@contoso.example')",
    );
    assert.ok(
      rowLines[4].includes('Removed Run-only user from sam.ortiz@contoso.example'),
      "rowLines[4]!.includes('Removed Run-only user from sam.ortiz@contoso.example')",
    );
  });

  test('shows the licence of trial events, which name no flow', () => {
    assert.ok(
      rowLines[5].includes('Licence: Power Automate Premium trial'),
      "rowLines[5]!.includes('Licence: Power Automate Premium trial')",
    );
    assert.equal(rowLines[5][1], 'flow not named in the record in unknown environment');
    assert.equal(ofType(rows(card)[5], 'Action.OpenUrl').length, 0);
  });

  test('flags risky connectors in red and connectors that are not Microsoft ones in amber', () => {
    const runs = ofType(card, 'TextRun');
    const http = runs.find((r) => r.text === '⚠ HTTP (risky)');
    assert.equal(http?.color, 'Attention');
    const custom = renderResultCard(
      listResult([event({ connectors: ['SharePoint', 'Contoso Payroll API', 'http webhook'] })]),
      CTX,
    );
    const customRuns = ofType(custom, 'TextRun');
    assert.equal(
      customRuns.find((r) => String(r.text).startsWith('⚠ Contoso Payroll API (not Microsoft)'))?.color,
      'Warning',
    );
    assert.equal(customRuns.find((r) => r.text === '⚠ http webhook (risky)')?.color, 'Attention');
    assert.ok(
      lines(custom).some((l) => l.startsWith('⚠ risky: named in RISKY_CONNECTORS')),
      "lines(custom).some((l) => l.startsWith('⚠ risky: named in RISKY_CONNECTORS'))",
    );
  });

  test('shows totals per operation for a list of several operations, not for one', () => {
    const mixed = listResult(
      oneOfEachOperation().slice(0, 2),
      { operations: [] },
      {
        counts: [
          { key: 'CreateFlow', count: 1 },
          { key: 'EditFlow', count: 1 },
        ],
      },
    );
    assert.deepEqual(lines(renderResultCard(mixed, CTX)).slice(2, 9), [
      'Totals per operation',
      'Created',
      '1',
      'Edited',
      '1',
      'Total',
      '2',
    ]);
    const single = listResult([event()], {}, { counts: [{ key: 'CreateFlow', count: 1 }] });
    assert.ok(!lines(renderResultCard(single, CTX)).includes('Totals per operation'), 'no totals for one operation');
  });

  test('shows an unknown operation as given', () => {
    const odd = renderResultCard(listResult([event({ operation: 'ExportFlow' })]), CTX);
    assert.equal(lines(rows(odd)[0])[0], 'ExportFlow · Mon 4 May 2026, 11:12');
  });

  test('is a card the Adaptive Cards SDK parses without complaint', () => {
    assert.deepEqual(sdkProblems(card), []);
  });
});

describe('result card: grouped and counted answers', () => {
  const base = listResult([]);
  delete base.events;

  test('byMaker shows each maker with counts and their flows, linked', () => {
    const result: QueryResult = {
      ...base,
      query: { ...base.query, shape: 'byMaker', operations: ['EditFlow'] },
      understood: 'Edited flows, grouped by maker',
      makers: {
        items: [
          {
            maker: 'avery.lee@contoso.example',
            count: 5,
            flows: [
              {
                flowId: '7e2d4a19-8c3b-4f05-a6d1-3b9e5c7f2a40',
                flowName: 'Invoice intake',
                environmentId: ENV,
                detailsUrl: DETAILS_URL,
                count: 4,
                stateText: 'Suspended: data policy violation',
                environment: 'Sales (Production)',
              },
              {
                flowId: 'aaaaaaaa-8c3b-4f05-a6d1-3b9e5c7f2a40',
                flowName: null,
                environmentId: ENV,
                detailsUrl: null,
                count: 1,
                stateText: null,
                environment: null,
              },
            ],
          },
          {
            maker: 'jordan.kim@contoso.example',
            count: 1,
            flows: [
              {
                flowId: 'bbbbbbbb-8c3b-4f05-a6d1-3b9e5c7f2a40',
                flowName: 'Leave requests',
                environmentId: null,
                detailsUrl: null,
                count: 1,
                stateText: null,
                environment: null,
              },
            ],
          },
        ],
        total: 2,
        offset: 0,
      },
      counts: [{ key: 'EditFlow', count: 6 }],
    };
    const card = renderResultCard(result, CTX);
    const makerRows = rows(card).map((r) => lines(r));
    assert.deepEqual(makerRows, [
      [
        'avery.lee@contoso.example · 5 events',
        `• Invoice intake (4 events, Suspended: data policy violation) in Sales (Production)`,
        `• flow aaaaaaaa-8c3b-4f05-a6d1-3b9e5c7f2a40 (1 event) in the default environment`,
      ],
      ['jordan.kim@contoso.example · 1 event', '• Leave requests (1 event)'],
    ]);
    const links = ofType(rows(card)[0], 'Action.OpenUrl').map((a) => a.url);
    assert.deepEqual(links, [
      DETAILS_URL,
      `https://make.powerautomate.com/environments/${ENV}/flows/aaaaaaaa-8c3b-4f05-a6d1-3b9e5c7f2a40/details`,
    ]);
    assert.equal(ofType(rows(card)[1], 'Action.OpenUrl').length, 0, 'no environment, no link');
    assert.ok(lines(card).includes('Totals per operation'), "lines(card).includes('Totals per operation')");
    assert.deepEqual(sdkProblems(card), []);
  });

  test('byConnector shows each connector with counts, flagged', () => {
    const result: QueryResult = {
      ...base,
      query: { ...base.query, shape: 'byConnector', operations: [] },
      understood: 'Connectors used',
      connectors: {
        items: [
          { key: 'SharePoint', count: 12 },
          { key: 'HTTP', count: 3 },
          { key: 'Contoso Payroll API', count: 1 },
        ],
        total: 3,
        offset: 0,
      },
    };
    const card = renderResultCard(result, CTX);
    assert.deepEqual(
      rows(card).map((s) => lines(s)),
      [
        ['SharePoint', '12 events'],
        ['HTTP  ⚠ risky', '3 events'],
        ['Contoso Payroll API  ⚠ not Microsoft', '1 event'],
      ],
    );
  });

  test('count shows numbers per operation with a total', () => {
    const result: QueryResult = {
      ...base,
      query: { ...base.query, shape: 'count', operations: [] },
      understood: 'How many flow events',
      counts: [
        { key: 'CreateFlow', count: 4 },
        { key: 'EditFlow', count: 9 },
        { key: 'DeleteFlow', count: 0 },
        { key: 'PutPermissions', count: 2 },
      ],
    };
    const text = lines(renderResultCard(result, CTX));
    assert.deepEqual(text.slice(2), [
      'Events per operation',
      'Created',
      '4',
      'Edited',
      '9',
      'Shared',
      '2',
      'Total',
      '15',
    ]);
  });

  test('count with nothing found says so', () => {
    const result: QueryResult = {
      ...base,
      query: { ...base.query, shape: 'count' },
      counts: [{ key: 'CreateFlow', count: 0 }],
    };
    const text = lines(renderResultCard(result, CTX));
    assert.ok(
      text.some((l) => l.startsWith('No new flows between ')),
      "text.some((l) => l.startsWith('No new flows between '))",
    );
    assert.ok(!text.includes('Events per operation'), "!text.includes('Events per operation')");
  });
});

describe('result card: size limit and paging', () => {
  test('cuts 500 events to fit under 28 KB, says how many were left out, and offers Show more from there', () => {
    const card = renderResultCard(listResult(manyEvents(500)), { ...CTX, pageSize: 500 });
    const size = cardSizeBytes(card);
    assert.ok(size < CARD_SIZE_LIMIT_BYTES && size < 28 * 1024, `card is ${size} bytes`);
    const shown = rows(card).length;
    assert.ok(shown > 5 && shown < 500, `shown ${shown}`);
    assert.deepEqual(moreOf(card)?.data, { query: listResult([]).query, offset: shown });
    assert.equal(moreOf(card)?.type, 'Action.Execute');
    assert.ok(
      lines(card).includes(`${500 - shown} more events not shown. Use Show more.`),
      'lines(card).includes(`${500 - shown} more events not shown. Use Show more.`)',
    );
    assert.equal(lines(rows(card).at(-1))[1], `Approval flow number ${shown - 1} in the default environment`);
    // The cut is as generous as the limit allows: asking for one row more still gets `shown`.
    assert.equal(rows(renderResultCard(listResult(manyEvents(500)), { ...CTX, pageSize: shown + 1 })).length, shown);
  });

  test('the cut is exact: one row more, with its left-out count and Show more offset, would not fit', () => {
    const events = manyEvents(500);
    const card = renderResultCard(listResult(events), { ...CTX, pageSize: 500 });
    const shown = rows(card).length;
    // Built by hand from the card and the next event's row as a one-row card renders it.
    const bigger = structuredClone(card);
    const nextRow = rows(renderResultCard(listResult([events[shown]]), CTX))[0];
    rows(bigger).push(nextRow);
    const omitted = ofType(bigger, 'TextRun').find(
      (r) => r.text === `${500 - shown} more events not shown. Use Show more.`,
    )!;
    omitted.text = `${499 - shown} more events not shown. Use Show more.`;
    for (const data of [moreOf(bigger)!.data, (moreOf(bigger)!.fallback as { data: unknown }).data])
      (data as { offset: number }).offset = shown + 1;
    assert.equal(rows(bigger).length, shown + 1);
    assert.ok(cardSizeBytes(bigger) > CARD_SIZE_LIMIT_BYTES, `${shown + 1} rows make ${cardSizeBytes(bigger)} bytes`);
    assert.ok(cardSizeBytes(card) <= CARD_SIZE_LIMIT_BYTES);
  });

  test('continues from the page offset', () => {
    const result = listResult(manyEvents(10));
    result.events = { items: manyEvents(10), total: 500, offset: 100 };
    const card = renderResultCard(result, { ...CTX, pageSize: 10 });
    assert.equal(rows(card).length, 10);
    assert.equal(moreOf(card)?.data && (moreOf(card)!.data as { offset: number }).offset, 110);
    assert.ok(
      lines(card).includes('390 more events not shown. Use Show more.'),
      "lines(card).includes('390 more events not shown. Use Show more.')",
    );
  });

  test('shows at most pageSize rows', () => {
    const card = renderResultCard(listResult(manyEvents(30)), { ...CTX, pageSize: 10 });
    assert.equal(rows(card).length, 10);
    assert.equal((moreOf(card)?.data as { offset: number }).offset, 10);
  });

  test('keeps a card with a huge flow name and many connectors under the limit', () => {
    const huge = event({
      flowName: 'x'.repeat(100_000),
      connectors: Array.from({ length: 400 }, (_, i) => `Connector ${i} ${'y'.repeat(200)}`),
    });
    const card = renderResultCard(listResult([huge]), CTX);
    assert.ok(cardSizeBytes(card) < CARD_SIZE_LIMIT_BYTES, 'cardSizeBytes(card) < CARD_SIZE_LIMIT_BYTES');
    assert.equal(rows(card).length, 1);
    assert.ok(
      lines(rows(card)[0]).some((l) => l.endsWith(' and 388 more')),
      "lines(rows(card)[0]).some((l) => l.endsWith(' and 388 more'))",
    );
  });
});

describe('result card: untrusted text', () => {
  const evilName = '**bold** [click me](https://evil.example/x) ${evil} <at>Boss</at> _it_';
  const evil = event({
    flowName: evilName,
    actorUpn: '[admin](https://evil.example)@contoso.example',
    connectors: ['${connector}', '[x](https://evil.example)'],
    recipientUpn: '**r**@contoso.example',
    sharingPermission: 3,
    resultStatus: '${status}',
  });
  const result = listResult([evil], { connector: '${q}' }, { understood: 'New flows using ${q} **now**' });
  const card = renderResultCard(result, CTX);

  test('puts untrusted strings only in TextRuns, never in markdown-capable TextBlocks or Facts', () => {
    assert.equal(ofType(card, 'TextBlock').length, 0);
    assert.equal(ofType(card, 'FactSet').length, 0);
    const carriers = strings(card).filter((s) => s.value.includes('evil.example') || s.value.includes('**'));
    assert.ok(carriers.length >= 4, 'carriers.length >= 4');
    for (const c of carriers) assert.equal(c.key, 'text', `found in ${c.key}: ${c.value}`);
    const textRunTexts = new Set(ofType(card, 'TextRun').map((r) => r.text));
    for (const c of carriers) assert.ok(textRunTexts.has(c.value), c.value);
  });

  test('keeps ${…} in data literal', () => {
    const text = lines(card).join('\n');
    assert.ok(text.includes('${evil}'), "text.includes('${evil}')");
    assert.ok(text.includes('New flows using ${q} **now**'), "text.includes('New flows using ${q} **now**')");
    assert.ok(
      text.includes('by [admin](https://evil.example)@contoso.example · ${status}'),
      "text.includes('by [admin](https://evil.example)@contoso.example · ${status}')",
    );
    assert.deepEqual((refreshOf(card)?.data as { query: { connector: string } }).query.connector, '${q}');
  });

  test('never links anywhere but Power Platform hosts', () => {
    const urls = ofType(card, 'Action.OpenUrl').map((a) => a.url);
    assert.deepEqual(urls, [DETAILS_URL]);
  });
});

describe('result card: missing fields', () => {
  test('never shows ${…} when every optional field is missing', () => {
    const bare = event({
      actorUpn: null,
      resultStatus: null,
      environmentId: null,
      flowId: null,
      flowName: null,
      detailsUrl: null,
      connectors: [],
      sharingPermission: null,
      recipientUpn: null,
      licenseName: null,
      initiatedBy: null,
      tenantId: null,
      clientIp: null,
    });
    const card = renderResultCard(
      listResult([
        bare,
        event({ operation: 'PutPermissions', sharingPermission: null, recipientUpn: 'x@contoso.example' }),
      ]),
      CTX,
    );
    const leaks = strings(card).filter((s) => s.value.includes('${'));
    assert.deepEqual(leaks, []);
    assert.deepEqual(lines(rows(card)[0]).slice(1), [
      'flow not named in the record in unknown environment',
      'by unknown user · status unknown',
    ]);
    assert.ok(
      lines(rows(card)[1]).includes('Gave a permission to x@contoso.example'),
      "lines(rows(card)[1]).includes('Gave a permission to x@contoso.example')",
    );
  });
});

describe('result card: links', () => {
  test('drops a details link to a non-Microsoft host, and links nothing without ids', () => {
    const card = renderResultCard(
      listResult([
        event({ detailsUrl: 'https://evil.example/environments/e/flows/f/details', environmentId: null, flowId: null }),
      ]),
      CTX,
    );
    assert.equal(ofType(card, 'Action.OpenUrl').length, 0);
    assert.ok(!JSON.stringify(card).includes('evil.example'), "!JSON.stringify(card).includes('evil.example')");
  });

  test('falls back to the maker link built from the ids when the details link is not allowed', () => {
    const card = renderResultCard(
      listResult([event({ detailsUrl: 'http://make.powerautomate.com/environments/x/flows/y/details' })]),
      CTX,
    );
    assert.deepEqual(
      ofType(card, 'Action.OpenUrl').map((a) => a.url),
      [DETAILS_URL],
    );
  });
});
