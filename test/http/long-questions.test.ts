/**
 * A pasted text as long as Teams allows (about 28 KB) gets a clear refusal at once and reads no
 * audit data (issue 15: the same text froze the bot for minutes when the parser was super-linear).
 */
import { after, before, beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { MAX_QUESTION_CHARS } from '../../src/bot/commands/parse.ts';
import { recordingStore } from './helpers/recording-store.ts';
import { cardOf, startBotHarness, type BotHarness } from './helpers/bot-harness.ts';
import { cardText } from '../helpers/card-walk.ts';
import { ADMIN, BOT_NAME, channelMessage, personalMessage } from '../bot/fixtures/teams-activities.ts';
import { ADVERSARIAL_QUESTIONS, filled } from '../fixtures/adversarial-questions.ts';

const TEAMS_MESSAGE_CHARS = 28_000;

describe('texts longer than a question', () => {
  const recording = recordingStore();
  let h: BotHarness;

  before(async () => {
    h = await startBotHarness({ store: recording.store });
  });
  after(async () => {
    await h.close();
  });
  beforeEach(() => {
    h.connector.reset();
    recording.calls.length = 0;
  });

  for (const name of ['many connector-like words', 'unclosed mention markup', 'one long word']) {
    test(`${name}, 28 KB in a personal chat: one card that says it is too long, and the store is not read`, async () => {
      const text = filled(ADVERSARIAL_QUESTIONS[name], TEAMS_MESSAGE_CHARS);
      const res = await h.post(personalMessage({ serviceUrl: h.connector.serviceUrl, from: ADMIN, text }));
      assert.equal(res.status, 200);
      const sent = h.connector.sentActivities();
      assert.equal(sent.length, 1);
      const shown = cardText(cardOf(sent[0].activity));
      assert.match(shown, /28,000 characters long/);
      assert.match(shown, new RegExp(`up to ${MAX_QUESTION_CHARS} characters`));
      assert.deepEqual(recording.calls, []);
    });
  }

  test('a channel post whose question is just over the limit once the mention is removed is refused too', async () => {
    const question = 'new flows today' + filled(' please', MAX_QUESTION_CHARS);
    const text = `<at>${BOT_NAME}</at> ${question}`;
    await h.post(channelMessage({ serviceUrl: h.connector.serviceUrl, from: ADMIN, text }));
    const sent = h.connector.sentActivities();
    assert.equal(sent.length, 1);
    assert.match(cardText(cardOf(sent[0].activity)), /too long|characters long/);
    assert.deepEqual(recording.calls, []);
  });
});
