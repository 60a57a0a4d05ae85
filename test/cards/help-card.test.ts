import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { HELP_EXAMPLES, renderHelpCard } from '../../src/cards/help-card.ts';
import { renderNoticeCard } from '../../src/cards/notice-card.ts';
import { parseQuestion } from '../../src/bot/commands/parse.ts';
import { lines, ofType, sdkProblems, strings } from '../helpers/card-walk.ts';

const imBackValues = (card: object) =>
  ofType(card, 'Action.Submit').map((a) => {
    const data = a.data as { msteams: { type: string; value: string } };
    assert.equal(data.msteams.type, 'imBack');
    assert.equal(a.title, data.msteams.value);
    return data.msteams.value;
  });

describe('help card', () => {
  test('offers each example as an imBack button that asks it', () => {
    const card = renderHelpCard({});
    assert.deepEqual(imBackValues(card), HELP_EXAMPLES);
    assert.equal(card.version, '1.5');
    assert.deepEqual(sdkProblems(card), []);
  });

  test('examples are questions the parser understands', () => {
    for (const q of HELP_EXAMPLES) assert.equal(parseQuestion(q).kind, 'query', q);
  });

  test('quotes unknown text as plain text and offers "did you mean" buttons first', () => {
    const card = renderHelpCard({
      text: 'new flos **today** [x](https://evil.example) ${x}',
      suggestions: ['new flows today', 'new flows yesterday'],
    });
    assert.equal(lines(card)[1], 'I did not understand “new flos **today** [x](https://evil.example) ${x}”.');
    assert.deepEqual(imBackValues(card).slice(0, 3), ['new flows today', 'new flows yesterday', HELP_EXAMPLES[0]]);
    assert.ok(lines(card).includes('Did you mean'), lines(card).join('\n'));
    assert.equal(ofType(card, 'TextBlock').length, 0);
    const evil = strings(card).filter((s) => s.value.includes('evil.example'));
    assert.deepEqual(
      evil.map((s) => s.key),
      ['text'],
    );
  });

  test('without unknown text or suggestions shows neither', () => {
    const text = lines(renderHelpCard({ suggestions: [] })).join('\n');
    assert.doesNotMatch(text, /did not understand|Did you mean/);
  });
});

describe('notice card', () => {
  test('shows title and text as plain text runs', () => {
    const card = renderNoticeCard('Not allowed', 'Only admins may ask. **Ask** [here](https://evil.example) ${x}');
    assert.deepEqual(lines(card), ['Not allowed', 'Only admins may ask. **Ask** [here](https://evil.example) ${x}']);
    assert.equal(ofType(card, 'TextBlock').length, 0);
    assert.deepEqual(sdkProblems(card), []);
  });
});
