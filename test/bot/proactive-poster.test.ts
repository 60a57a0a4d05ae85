import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { ConversationReference, TurnContext } from 'botbuilder';
import { ChannelPostError } from '../../src/digest/channel-poster.ts';
import {
  channelReference,
  createProactivePoster,
  retryAfterMs,
  type ProactiveAdapter,
} from '../../src/bot/proactive-poster.ts';
import { createLogger } from '../../src/log.ts';
import { subscription } from '../store/bot-state-contract.ts';

/** An adapter at the SDK boundary: each post answers with the next scripted outcome, as the connector client would. */
function scriptedAdapter(outcomes: Array<{ id: string } | { statusCode: number; retryAfter?: string; code?: string }>) {
  const references: Array<Partial<ConversationReference>> = [];
  const adapter: ProactiveAdapter = {
    async continueConversationAsync(_appId, reference, logic) {
      references.push(reference);
      const next = outcomes.shift() ?? { id: 'extra' };
      const context = {
        sendActivity: async () => {
          if ('id' in next) return { id: next.id };
          const headers = new Map(next.retryAfter ? [['retry-after', next.retryAfter]] : []);
          throw Object.assign(new Error(`HTTP ${next.statusCode}`), {
            statusCode: next.statusCode,
            code: next.code,
            response: { headers: { get: (n: string) => headers.get(n) } },
          });
        },
      } as unknown as TurnContext;
      await logic(context);
    },
  };
  return { adapter, references };
}

const log = createLogger('silent');

describe('channel poster', () => {
  test('posts to the channel itself with the stored serviceUrl, never into a thread', () => {
    const s = subscription({
      conversationId: '19:chan@thread.tacv2;messageid=1711',
      serviceUrl: 'https://smba.trafficmanager.net/amer/t/',
    });
    const ref = channelReference({
      ...s,
      reference: { ...s.reference, activityId: 'install-activity', serviceUrl: 'https://evil.example/' },
    });
    assert.equal(ref.conversation?.id, '19:chan@thread.tacv2');
    assert.equal(ref.conversation?.isGroup, true);
    assert.equal(ref.serviceUrl, 'https://smba.trafficmanager.net/amer/t/');
    assert.equal(ref.activityId, undefined);
    assert.deepEqual(ref.bot, s.reference.bot);
  });

  test('retries 5xx and 412 with growing, jittered backoff, then returns the posted id', async () => {
    const { adapter } = scriptedAdapter([
      { statusCode: 502 },
      { statusCode: 503 },
      { statusCode: 412 },
      { id: '1711778400123' },
    ]);
    const sleeps: number[] = [];
    const poster = createProactivePoster({
      adapter,
      botAppId: '',
      log,
      baseDelayMs: 100,
      random: () => 0.25,
      sleep: async (ms) => void sleeps.push(ms),
    });
    assert.equal(await poster.postCard(subscription(), { type: 'AdaptiveCard' }), '1711778400123');
    assert.deepEqual(sleeps, [75, 150, 300]);
  });

  test('honours Retry-After (seconds or a date) over its own backoff', async () => {
    const { adapter } = scriptedAdapter([{ statusCode: 429, retryAfter: '7' }, { id: 'ok' }]);
    const sleeps: number[] = [];
    const poster = createProactivePoster({ adapter, botAppId: '', log, sleep: async (ms) => void sleeps.push(ms) });
    assert.equal(await poster.postCard(subscription(), {}), 'ok');
    assert.deepEqual(sleeps, [7000]);
    assert.equal(retryAfterMs('Wed, 25 Nov 2026 10:00:30 GMT', Date.parse('2026-11-25T10:00:00Z')), 30_000);
    assert.equal(retryAfterMs('soon'), null);
  });

  test('does not retry what will fail again (403 bot removed), and says so', async () => {
    const { adapter, references } = scriptedAdapter([{ statusCode: 403, code: 'BotNotInConversationRoster' }]);
    const poster = createProactivePoster({
      adapter,
      botAppId: '',
      log,
      sleep: async () => assert.fail('no retry expected'),
    });
    await assert.rejects(poster.postCard(subscription(), {}), (error: unknown) => {
      assert.ok(error instanceof ChannelPostError);
      assert.equal(error.status, 403);
      assert.equal(error.permanent, true);
      assert.match(error.message, /HTTP 403 \(BotNotInConversationRoster\) after 1 attempt/);
      return true;
    });
    assert.equal(references.length, 1);
  });

  test('gives up after the last attempt on a connector that keeps throttling', async () => {
    const { adapter, references } = scriptedAdapter(Array.from({ length: 10 }, () => ({ statusCode: 429 })));
    const poster = createProactivePoster({ adapter, botAppId: '', log, maxAttempts: 3, sleep: async () => {} });
    await assert.rejects(
      poster.postCard(subscription(), {}),
      (error: unknown) => error instanceof ChannelPostError && error.permanent === false && error.status === 429,
    );
    assert.equal(references.length, 3);
  });
});
