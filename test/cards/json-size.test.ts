import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { plainJsonBytes } from '../../src/cards/json-size.ts';
import { renderResultCard } from '../../src/cards/result-card.ts';
import { renderHelpCard } from '../../src/cards/help-card.ts';
import { CTX, event, listResult, manyEvents, oneOfEachOperation } from './fixtures.ts';

const stringified = (value: unknown) => Buffer.byteLength(JSON.stringify(value), 'utf8');

describe('plainJsonBytes', () => {
  test('counts strings as JSON.stringify writes them: escapes, controls, multi-byte and surrogates', () => {
    const texts = [
      '',
      'plain ascii',
      'quote " and backslash \\ and slash /',
      '\b\f\n\r\t\u0000\u0001\u001f\u007f',
      'é · • ⚠ € 中文',
      'emoji 😀 and flag 🇩🇪',
      'lone high \ud800 and lone low \udc00 and reversed \udc00\ud800',
      'ends with a high surrogate \ud83d',
      'line separator \u2028 paragraph \u2029 bidi \u202e',
      '${evil} **bold** [x](https://evil.example)',
    ];
    for (const text of texts) assert.equal(plainJsonBytes(text), stringified(text), JSON.stringify(text));
  });

  test('counts numbers, booleans, null, arrays and objects, skipping what JSON skips', () => {
    const values: unknown[] = [
      0,
      -0,
      1.5,
      -12,
      1e21,
      1e-7,
      Number.NaN,
      Number.POSITIVE_INFINITY,
      true,
      false,
      null,
      [],
      {},
      [1, 'a', null, undefined, () => 1, [[]]],
      { a: 1, b: undefined, c: () => 1, d: { e: [] }, 'k"ey': 'v', é: '·' },
      Object.assign(Object.create(null), { x: 1 }),
    ];
    for (const value of values) assert.equal(plainJsonBytes(value), stringified(value), JSON.stringify(value));
  });

  test('measures real cards exactly', () => {
    const cards = [
      renderResultCard(listResult(oneOfEachOperation(), { operations: [] }), CTX),
      renderResultCard(listResult(manyEvents(500)), { ...CTX, pageSize: 500 }),
      renderResultCard(listResult([event({ flowName: '😀 "quoted" \\ \u0007 ${x}', connectors: ['⚠', 'HTTP'] })]), CTX),
      renderHelpCard({ suggestions: ['new flows today'], text: 'what about \ud800?' }),
    ];
    for (const card of cards) assert.equal(plainJsonBytes(card), stringified(card));
  });
});
