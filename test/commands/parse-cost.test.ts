/**
 * The parser's cost is linear in the text (issue 15: one pasted text froze the bot for minutes).
 * Measured in the parser's own steps (characters its scans and rebuilds go over, scan.ts), not in
 * wall time: the bound holds on any machine. Inputs are the ones that were super-linear before:
 * one long word (the maker pattern), many short and connector-like words (prefix matching over
 * word lists), repeated keywords (one rescan per match), mention markup and runs of dots.
 */
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { MAX_QUESTION_CHARS, parseQuestion, parseUnbounded, tooLongText } from '../../src/bot/commands/parse.ts';
import { ADVERSARIAL_QUESTIONS, filled } from '../fixtures/adversarial-questions.ts';

function steps(text: string): number {
  return parseUnbounded(text).steps;
}

describe('parser cost', () => {
  for (const [name, unit] of Object.entries(ADVERSARIAL_QUESTIONS)) {
    test(`${name}: a bounded number of steps at the largest accepted size, and linear beyond it`, () => {
      const largest =
        name === 'one long word after "by"'
          ? 'by ' + filled('b', MAX_QUESTION_CHARS - 3)
          : filled(unit, MAX_QUESTION_CHARS);
      const outcome = parseQuestion(largest);
      assert.notEqual(outcome.kind, 'tooLong', 'the largest accepted size is read');
      // About 30 scans of the rest (one per recogniser and rule) and the typo lookups, at most.
      assert.ok(steps(largest) <= 60 * MAX_QUESTION_CHARS, `${steps(largest)} steps for ${largest.length} characters`);
      // Ten times the text, at most about ten times the steps: linear, where quadratic would be 100×.
      // Whole units, so both texts end the same way (a cut word could be corrected in one only).
      const units = Math.ceil(2_000 / unit.length);
      const small = steps(unit.repeat(units));
      const large = steps(unit.repeat(10 * units));
      assert.ok(large <= 11 * small, `${small} steps at 2,000 characters, ${large} at 20,000`);
    });
  }
});

describe('questions longer than MAX_QUESTION_CHARS', () => {
  test('are refused whole, with the length and the limit; up to the limit they are read', () => {
    const atLimit = ('new flows today' + filled(' please', MAX_QUESTION_CHARS - 15)).replace(/ \S*$/, '');
    const padded = atLimit + ' '.repeat(MAX_QUESTION_CHARS - atLimit.length);
    assert.equal(padded.length, MAX_QUESTION_CHARS);
    assert.equal(parseQuestion(padded).kind, 'query');
    const over = parseQuestion(padded + 'x');
    assert.deepEqual(over, { kind: 'tooLong', length: MAX_QUESTION_CHARS + 1, limit: MAX_QUESTION_CHARS });
  });

  test('the refusal says how long the text was, what the limit is, and what to do', () => {
    const text = tooLongText({ length: 28_000, limit: MAX_QUESTION_CHARS });
    assert.match(text, /28,000 characters/);
    assert.match(text, new RegExp(`up to ${MAX_QUESTION_CHARS} characters`));
    assert.match(text, /Ask one short question/);
  });
});
