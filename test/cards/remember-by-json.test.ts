import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { rememberByJson } from '../../src/cards/remember-by-json.ts';

describe('rememberByJson', () => {
  test('computes once per distinct input, by value, and forgets everything when full', () => {
    const calls: string[] = [];
    const shout = rememberByJson((input: { text: string }) => {
      calls.push(input.text);
      return { text: input.text.toUpperCase(), parts: [input.text] };
    }, 2);
    const first = shout({ text: 'a' });
    assert.equal(shout({ text: 'a' }), first, 'an equal input (another object) gets the remembered answer');
    assert.deepEqual(shout({ text: 'b' }), { text: 'B', parts: ['b'] });
    assert.deepEqual(calls, ['a', 'b']);
    shout({ text: 'c' });
    shout({ text: 'a' });
    assert.deepEqual(calls, ['a', 'b', 'c', 'a'], 'full at two: a third input made it start over');
  });

  test("shared answers are frozen all the way down, so no caller can change another caller's", () => {
    const make = rememberByJson((n: number) => ({ n, list: [{ n }] }), 10);
    const answer = make(1);
    assert.throws(() => {
      (answer as { n: number }).n = 2;
    }, TypeError);
    assert.throws(() => {
      answer.list[0].n = 2;
    }, TypeError);
    assert.deepEqual(make(1), { n: 1, list: [{ n: 1 }] });
  });
});
