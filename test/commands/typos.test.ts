import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { parseQuestion, readingText } from '../../src/bot/commands/parse.ts';
import { typoCorrector } from '../../src/bot/commands/typos.ts';
import { editDistance } from '../../src/bot/commands/suggest.ts';
import type { FlowQuery, QuestionReading } from '../../src/queries/query.ts';

function read(text: string): { query: FlowQuery; reading?: QuestionReading } {
  const outcome = parseQuestion(text);
  if (outcome.kind !== 'query') throw new Error(`"${text}" should parse, got ${JSON.stringify(outcome)}`);
  return outcome;
}

describe('typos in questions', () => {
  const cases: Array<[string, string, Array<[string, string]>]> = [
    ['new flwos today', 'created flows today', [['flwos', 'flows']]],
    [
      'who cretaed flows yesterady',
      'who created flows yesterday',
      [
        ['cretaed', 'created'],
        ['yesterady', 'yesterday'],
      ],
    ],
    ['permisions changes this week', 'permission changes this week', [['permisions', 'permissions']]],
    ['deleted flows tody', 'deleted flows today', [['tody', 'today']]],
    ['trails this month', 'trials this month', [['trails', 'trials']]],
    ['flows using Salesforse this week', 'flows using Salesforce this week', [['Salesforse', 'salesforce']]],
  ];
  for (const [typed, question, corrections] of cases) {
    test(`"${typed}" reads as "${question}" and says which words it corrected`, () => {
      const { reading } = read(typed);
      assert.deepEqual(reading, {
        question,
        corrections: corrections.map(([from, to]) => ({ from, to })),
        periodAssumed: false,
      });
    });
  }

  test('the reading is said in one line: the question read and each correction', () => {
    assert.equal(
      readingText(read('who cretaed flows yesterady').reading!),
      'Read as: who created flows yesterday ("cretaed" as "created"; "yesterady" as "yesterday")',
    );
  });

  test('a question read exactly as typed, with its period, has no reading to show', () => {
    assert.equal(read('new flows today').reading, undefined);
    assert.equal(read('operation FlowMigrated today').reading, undefined);
  });

  test('a question without a period says the default it assumed', () => {
    const { reading } = read('deleted flows');
    assert.deepEqual(reading, { question: 'deleted flows last 7 days', corrections: [], periodAssumed: true });
    assert.match(readingText(reading ?? assert.fail('no reading')), /no period was said, so the last 7 days/);
  });

  test('short words, ambiguous words, addresses, dates and zones are never corrected', () => {
    // Three letters: "wek" could be many words.
    assert.equal(parseQuestion('who edited flows this wek').kind, 'unknown');
    // "lost" is one edit from both "last" and "list": left as typed, so not understood.
    assert.equal(parseQuestion('lost flows today').kind, 'unknown');
    const corrector = typoCorrector(['flows', 'today', 'created', 'berlin']);
    for (const word of ['avery@contoso.com', '2026-11-20', 'Europe/Berlni', 'b3c4d5e6-f7a8']) {
      assert.deepEqual(corrector.correct(word).corrections, [], word);
    }
  });

  test('a word that is itself a vocabulary word is kept, even when another is one edit away', () => {
    const corrector = typoCorrector(['made', 'make', 'flows']);
    assert.deepEqual(corrector.correct('made flows').corrections, []);
    assert.deepEqual(corrector.correct('maek flows').corrections, [{ from: 'maek', to: 'make' }]);
    // One edit from both "last" and "list": ambiguous, so left as typed.
    assert.deepEqual(typoCorrector(['last', 'list']).correct('lost').corrections, []);
  });

  test('edit distance counts a swap of neighbouring letters as one edit', () => {
    assert.equal(editDistance('cretaed', 'created'), 1);
    assert.equal(editDistance('flwos', 'flows'), 1);
    assert.equal(editDistance('flos', 'flows'), 1);
    assert.equal(editDistance('abc', 'xyz'), 3);
    assert.equal(editDistance('', 'flows'), 5);
  });
});
