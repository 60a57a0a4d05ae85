import { CardFactory, MessageFactory, type ConversationReference, type TurnContext } from 'botbuilder';
import type { Logger } from '../log.ts';
import { ChannelPostError, type ChannelPoster } from '../digest/channel-poster.ts';
import type { ChannelSubscription } from '../store/bot-state-store.ts';

/** The part of botbuilder's CloudAdapter a proactive post needs (teams-platform.md §3.2). */
export interface ProactiveAdapter {
  continueConversationAsync(
    botAppId: string,
    reference: Partial<ConversationReference>,
    logic: (context: TurnContext) => Promise<void>,
  ): Promise<void>;
}

export interface ProactivePosterOptions {
  adapter: ProactiveAdapter;
  /** The bot's app id; empty only in demo mode (no Bot Framework auth). */
  botAppId: string;
  log: Logger;
  /** Attempts per post, the first included. */
  maxAttempts?: number;
  baseDelayMs?: number;
  maxDelayMs?: number;
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
}

/**
 * Throttling (429) and 412/5xx are worth retrying (teams-platform.md §5); 501 and 505 are not.
 * 403 (MessageWritesBlocked, BotNotInConversationRoster: the bot was removed or blocked, §3.1),
 * 404 and 413 (card too big) will fail the same way again.
 */
function isRetryable(status: number | null): boolean {
  if (status === null) return true; // network error: the connector may be back in a moment
  return status === 429 || status === 412 || status === 408 || (status >= 500 && status !== 501 && status !== 505);
}

/** Seconds or an HTTP date, as Retry-After allows; null when absent or unreadable. */
export function retryAfterMs(value: string | null | undefined, now = Date.now()): number | null {
  if (!value) return null;
  const seconds = Number(value);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? null : Math.max(0, date - now);
}

interface RestErrorLike {
  statusCode?: number;
  code?: string;
  response?: { headers?: { get?(name: string): string | undefined } };
}

/**
 * The reference for a new top-level post in the channel: the stored reference with the
 * conversation id set to the channel itself, never a `;messageid=` thread, and the serviceUrl
 * stored from an authenticated activity (§3.2, §3.5). Posting to that id through
 * continueConversationAsync starts a new thread, as Teams asks for new topics (§3.3).
 */
export function channelReference(subscription: ChannelSubscription): Partial<ConversationReference> {
  const stored = subscription.reference as Partial<ConversationReference>;
  const channelId = subscription.conversationId.split(';')[0];
  const reference: Partial<ConversationReference> = {
    ...stored,
    channelId: 'msteams',
    serviceUrl: subscription.serviceUrl,
    conversation: {
      name: '',
      ...(stored.conversation ?? {}),
      id: channelId,
      isGroup: true,
      conversationType: 'channel',
      tenantId: subscription.tenantId,
    },
  };
  delete reference.activityId;
  return reference;
}

/** The digest's ChannelPoster over botbuilder's proactive messaging, with retries and backoff. */
export function createProactivePoster(options: ProactivePosterOptions): ChannelPoster {
  const maxAttempts = options.maxAttempts ?? 5;
  const baseDelayMs = options.baseDelayMs ?? 1000;
  const maxDelayMs = options.maxDelayMs ?? 60_000;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const random = options.random ?? Math.random;

  async function postOnce(subscription: ChannelSubscription, card: object): Promise<string | null> {
    let activityId: string | null = null;
    let failure: { error: unknown } | null = null;
    await options.adapter.continueConversationAsync(
      options.botAppId,
      channelReference(subscription),
      async (context) => {
        try {
          // Card only: text plus an attachment is split into two messages by Teams (§3.4).
          const response = await context.sendActivity(MessageFactory.attachment(CardFactory.adaptiveCard(card)));
          activityId = response?.id ?? null;
        } catch (error) {
          // Caught here, not in the adapter's onTurnError: that handler logs and swallows, which
          // would make a refused post look sent (§1.6).
          failure = { error };
        }
      },
    );
    if (failure) throw (failure as { error: unknown }).error;
    return activityId;
  }

  return {
    async postCard(subscription, card) {
      const log = options.log.child({ conversationId: subscription.conversationId });
      for (let attempt = 1; ; attempt++) {
        try {
          return await postOnce(subscription, card);
        } catch (error) {
          const e = error as RestErrorLike;
          const status = typeof e.statusCode === 'number' ? e.statusCode : null;
          const retryable = isRetryable(status);
          if (!retryable || attempt >= maxAttempts) {
            throw new ChannelPostError(
              `posting the digest failed${status ? ` with HTTP ${status}` : ''}${e.code ? ` (${e.code})` : ''} after ${attempt} attempt(s)`,
              status,
              !retryable,
              error,
            );
          }
          // The connector client already retried a 429 that carried Retry-After (§1.7); here
          // Retry-After is honoured again and everything else backs off with jitter.
          const hinted = retryAfterMs(e.response?.headers?.get?.('retry-after'));
          const backoff = Math.min(maxDelayMs, baseDelayMs * 2 ** (attempt - 1)) * (0.5 + random());
          const delay = Math.min(maxDelayMs, hinted ?? backoff);
          log.warn('digest post failed, retrying', {
            status,
            code: e.code ?? null,
            attempt,
            delayMs: Math.round(delay),
          });
          await sleep(delay);
        }
      }
    },
  };
}
