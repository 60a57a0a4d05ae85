import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import shellTemplate from '../../cards/result.json' with { type: 'json' };
import connectorTemplate from '../../cards/result-connector.json' with { type: 'json' };
import eventTemplate from '../../cards/result-event.json' with { type: 'json' };
import makerTemplate from '../../cards/result-maker.json' with { type: 'json' };
import { CardDataError, compileTemplate } from '../../src/cards/expand-template.ts';
import { buildResultCardModel, buildRowModels } from '../../src/cards/result-card-model.ts';
import { compileSimpleTemplate } from '../../src/cards/simple-template.ts';
import type { QueryResult } from '../../src/queries/query.ts';
import { CTX, DETAILS_URL, ENV, event, listResult, manyEvents, oneOfEachOperation } from './fixtures.ts';

const ROW_TEMPLATES = { events: eventTemplate, makers: makerTemplate, connectors: connectorTemplate } as const;

function withoutEvents(extra: Partial<QueryResult>): QueryResult {
  const base = listResult([]);
  delete base.events;
  return { ...base, ...extra };
}

/** Answers of every shape, with untrusted text, flags, missing names, gaps and paging. */
function results(): QueryResult[] {
  const evil = event({
    flowName: '**bold** [x](https://evil.example) ${evil} <at>Boss</at>',
    actorUpn: '${actor}@contoso.example',
    connectors: ['${connector}', 'HTTP', 'Contoso Payroll API', ''],
    recipientUpn: '',
    sharingPermission: 3,
    resultStatus: '',
  });
  const gap = { complete: false, missing: [{ from: '2026-05-04T07:00:00.000Z', to: '2026-05-04T10:00:00.000Z' }] };
  return [
    listResult(
      oneOfEachOperation(),
      { operations: [] },
      {
        counts: [
          { key: 'CreateFlow', count: 1 },
          { key: 'EditFlow', count: 3 },
        ],
      },
    ),
    listResult([evil, event({ flowName: '' })]),
    { ...listResult(manyEvents(30)), events: { items: manyEvents(30), total: 90, offset: 30 } },
    listResult([]),
    listResult([], {}, { coverage: gap }),
    listResult([event()], { connector: 'HTTP', maker: 'a@b.example' }, { coverage: gap }),
    withoutEvents({
      query: { operations: ['EditFlow'], period: { kind: 'today' }, shape: 'byMaker' },
      makers: {
        items: [
          {
            maker: 'avery.lee@contoso.example',
            count: 5,
            flows: [
              { flowId: 'f1', flowName: 'Invoice ${intake}', environmentId: ENV, detailsUrl: DETAILS_URL, count: 4 },
              { flowId: 'f2', flowName: null, environmentId: null, detailsUrl: null, count: 1 },
            ],
          },
          { maker: '', count: 1, flows: [] },
        ],
        total: 12,
        offset: 0,
      },
      counts: [{ key: 'EditFlow', count: 6 }],
    }),
    withoutEvents({
      query: { operations: [], period: { kind: 'today' }, shape: 'byConnector' },
      connectors: {
        items: [
          { key: 'SharePoint', count: 12 },
          { key: 'HTTP', count: 3 },
          { key: 'Contoso ${x}', count: 1 },
          { key: '', count: 2 },
        ],
        total: 4,
        offset: 0,
      },
    }),
    withoutEvents({
      query: { operations: [], period: { kind: 'today' }, shape: 'count' },
      counts: [
        { key: 'CreateFlow', count: 4 },
        { key: 'DeleteFlow', count: 0 },
      ],
    }),
    withoutEvents({
      query: { operations: ['CreateFlow'], period: { kind: 'today' }, shape: 'count' },
      counts: [{ key: 'CreateFlow', count: 0 }],
    }),
  ];
}

describe('compileSimpleTemplate', () => {
  test('expands every result template exactly as adaptivecards-templating does', () => {
    const shell = { simple: compileSimpleTemplate(shellTemplate), reference: compileTemplate(shellTemplate) };
    let compared = 0;
    for (const result of results()) {
      for (const ctx of [CTX, { ...CTX, timeZone: 'America/New_York', now: new Date('2026-05-04T10:05:09Z') }]) {
        const models = buildRowModels(result, ctx);
        const elements: object[] = [];
        if (models.kind !== 'none') {
          const template = ROW_TEMPLATES[models.kind];
          const simple = compileSimpleTemplate<object>(template);
          const reference = compileTemplate<object>(template);
          for (const row of models.rows) {
            const expected = reference(row);
            const { card, bytes } = simple.sized(row);
            assert.deepEqual(card, expected);
            assert.equal(bytes, Buffer.byteLength(JSON.stringify(expected)), 'sized() tells the JSON size');
            assert.equal(simple.measure(row), bytes, 'measure() tells the same size');
            elements.push(expected);
            compared += 1;
          }
        }
        for (const k of new Set([0, 1, elements.length])) {
          const model = buildResultCardModel(result, ctx, { elements: elements.slice(0, k), flagged: k > 1 });
          const expected = shell.reference(model);
          const { card, bytes } = shell.simple.sized(model);
          assert.deepEqual(card, expected);
          assert.equal(bytes, Buffer.byteLength(JSON.stringify(expected)), 'sized() tells the JSON size');
          assert.equal(shell.simple.measure(model), bytes, 'measure() tells the same size');
          compared += 1;
        }
      }
    }
    assert.ok(compared > 100, `compared ${compared} expansions`);
  });

  test('keeps ${…} in values literal and types of whole bindings', () => {
    const expand = compileSimpleTemplate<object>({
      text: 'Hi ${name}, ${n} new',
      count: '${n}',
      flag: '${ok}',
      data: '${payload}',
      items: [
        { $when: '${ok}', a: 1 },
        { $when: '${!ok}', b: 2 },
        { $data: '${list}', v: '${v}' },
      ],
    });
    const model = { name: '${secret}', n: 3, ok: true, payload: { q: '${1+1}' }, list: [{ v: 'x' }, { v: '' }] };
    assert.deepEqual(expand(model), {
      text: 'Hi ${secret}, 3 new',
      count: 3,
      flag: true,
      data: { q: '${1+1}' },
      items: [{ a: 1 }, { v: 'x' }, { v: '' }],
    });
    const odd = { ...model, name: '"é\u0007😀\ud800', payload: { q: ['⚠', null, 1.5] }, list: [] };
    const { card, bytes } = expand.sized(odd);
    assert.equal(bytes, Buffer.byteLength(JSON.stringify(card)));
    assert.equal(expand.measure(odd), bytes);
    assert.equal(expand.measure(model), Buffer.byteLength(JSON.stringify(expand(model))));
    assert.deepEqual(expand({ ...model, ok: false, list: [] }).items, [{ b: 2 }]);
  });

  test('refuses incomplete models instead of leaving ${…} in the card', () => {
    const expand = compileSimpleTemplate<object>({
      text: 'Hi ${name}',
      items: [
        { $data: '${list}', v: '${v}' },
        { $when: '${ok}', w: 1 },
      ],
    });
    const good = { name: 'a', list: [{ v: 'x' }], ok: true };
    assert.doesNotThrow(() => expand(good));
    const refused = (model: object, path: string, problem: RegExp) =>
      assert.throws(
        () => expand(model),
        (e: unknown) => e instanceof CardDataError && e.path === path && problem.test(e.message),
      );
    refused({ ...good, name: undefined }, '$root.text', /binds name, which is missing/);
    refused({ ...good, name: null }, '$root.text', /binds name, which is null/);
    refused({ ...good, name: Number.NaN }, '$root.text', /not a finite number/);
    refused({ ...good, name: new Date() }, '$root.text', /not a plain object/);
    refused({ ...good, name: { a: 1 } }, '$root.text', /inside text, which is not text or a number/);
    refused({ ...good, list: [{}] }, '$root.items[0].v', /binds v, which is missing/);
    refused({ ...good, list: [null] }, '$root.items[0]', /entry 0 is not an object/);
    refused({ ...good, list: 'x' }, '$root.items[0]', /binds list, which is not a list/);
    refused({ ...good, ok: 'yes' }, '$root.items[1]', /binds ok, which is not a boolean/);
  });

  test('refuses, when compiled, templates that need the full expression language', () => {
    for (const template of [
      { text: '${toUpper(name)}' },
      { text: 'Hi ${a.b}' },
      { text: '${$root.name}' },
      { text: '${!flag}' },
      { items: [{ $when: '${count > 1}' }] },
      { items: [{ $data: '${list}', $when: '${ok}' }] },
      { $when: '${ok}', text: 'x' },
      // A member named __proto__ would set the prototype of the generated object literal.
      JSON.parse('{"body": {"__proto__": {"text": "x"}}}') as object,
    ]) {
      assert.throws(() => compileSimpleTemplate(template), /needs compileTemplate|supported/, JSON.stringify(template));
    }
  });
});
