import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { questionTextOf } from '../../src/bot/question-text.ts';
import { BOT_MRI, BOT_NAME, channelMessage, personalMessage } from './fixtures/teams-activities.ts';

const serviceUrl = 'http://127.0.0.1:1/';

describe('questionTextOf', () => {
  test('removes the bot mention of a channel post using the mention entity', () => {
    assert.equal(
      questionTextOf(channelMessage({ serviceUrl, text: 'who edited flows this week' })),
      'who edited flows this week',
    );
  });

  test('removes the mention when the entity lacks text (regex fallback)', () => {
    const activity = channelMessage({ serviceUrl, text: 'deleted flows yesterday', mentionWithoutText: true });
    assert.equal(questionTextOf(activity), 'deleted flows yesterday');
  });

  test('does not modify the activity', () => {
    const activity = channelMessage({ serviceUrl, text: 'new flows today' });
    const before = activity.text;
    questionTextOf(activity);
    assert.equal(activity.text, before);
  });

  test('keeps personal chat text, normalizing &nbsp; and whitespace', () => {
    assert.equal(
      questionTextOf(personalMessage({ serviceUrl, text: '  new&nbsp;flows \u00a0 today \n' })),
      'new flows today',
    );
  });

  test('keeps a mention of someone else in the middle of the text', () => {
    const activity = { ...personalMessage({ serviceUrl }), text: `<at>${BOT_NAME}</at> flows by <at>Avery</at> today` };
    assert.equal(questionTextOf(activity), 'flows by <at>Avery</at> today');
  });

  test('removes a mention of the bot under its display name wherever it is', () => {
    const activity = {
      ...personalMessage({ serviceUrl }),
      text: `new flows <at>${BOT_NAME}</at> today`,
      entities: [{ type: 'mention', mentioned: { id: BOT_MRI, name: BOT_NAME } }],
    };
    assert.equal(questionTextOf(activity), 'new flows today');
  });

  test('survives malformed entities and a missing text', () => {
    const activity = {
      ...personalMessage({ serviceUrl }),
      text: undefined,
      entities: [null, { type: 'mention' }, 42] as unknown as [],
    };
    assert.equal(questionTextOf(activity), '');
    const noRecipient = { ...personalMessage({ serviceUrl, text: 'help' }), recipient: undefined };
    assert.equal(questionTextOf(noRecipient), 'help');
  });
});
