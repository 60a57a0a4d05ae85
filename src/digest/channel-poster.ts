import type { ChannelSubscription } from '../store/bot-state-store.ts';

/*
 * How the digest posts, without knowing Teams: the bot layer implements it with botbuilder's
 * proactive messaging (src/bot/proactive-poster.ts).
 */

/** Posts a card as a new top-level message in a subscribed channel; returns the posted activity's id. */
export interface ChannelPoster {
  postCard(subscription: ChannelSubscription, card: object): Promise<string | null>;
}

export class ChannelPostError extends Error {
  readonly code = 'digest_post_failed';
  constructor(
    message: string,
    /** HTTP status from the Bot Connector, when there was one. */
    readonly status: number | null,
    /** Retrying will not help (bot removed, writes blocked, bad request). */
    readonly permanent: boolean,
    readonly cause: unknown,
  ) {
    super(message);
    this.name = 'ChannelPostError';
  }
}
