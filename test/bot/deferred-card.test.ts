import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { CardFactory, MessageFactory } from 'botbuilder';
import { DeferredCard, renderNow } from '../../src/bot/deferred-card.ts';

const CARD = { type: 'AdaptiveCard', version: '1.5', body: [{ type: 'TextBlock', text: 'Created · "Invoice" ${x}' }] };

describe('DeferredCard', () => {
  test('renders when serialized, as the outgoing activity is written, and not before', () => {
    let renders = 0;
    const card = new DeferredCard(() => {
      renders += 1;
      return structuredClone(CARD);
    });
    const activity = MessageFactory.attachment(CardFactory.adaptiveCard(card));
    assert.equal(renders, 0, 'nothing rendered while the reply is only built');
    assert.deepEqual(JSON.parse(JSON.stringify(activity)).attachments[0].content, CARD);
    assert.equal(renders, 1);
    assert.equal(JSON.stringify(activity), JSON.stringify(activity), 'serialized again, the same card');
  });

  test('renderNow gives the card as an object; other cards pass through untouched', () => {
    assert.deepEqual(renderNow(new DeferredCard(() => structuredClone(CARD))), CARD);
    assert.equal(renderNow(CARD), CARD);
  });

  test('a card that cannot render fails the serialization, so the send fails instead of sending an empty card', () => {
    const card = new DeferredCard(() => {
      throw new Error('card data $root.title binds title, which is missing');
    });
    assert.throws(() => JSON.stringify(MessageFactory.attachment(CardFactory.adaptiveCard(card))), /binds title/);
  });
});
