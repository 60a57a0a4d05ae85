/**
 * What the bot and the digest persist besides audit data: channels subscribed to the digest (with
 * the conversation reference needed to post proactively) and digest runs (claimed before a send,
 * marked sent after, unique per channel and period).
 */

export type DigestDaysSetting = 'daily' | 'weekdays';

export interface ChannelSubscription {
  /** The channel's conversation id (19:…@thread.tacv2), never with a `;messageid=` suffix. */
  conversationId: string;
  tenantId: string;
  teamId: string | null;
  teamName: string | null;
  channelName: string | null;
  /** Taken only from authenticated activities (teams-platform.md §3.5). */
  serviceUrl: string;
  /** ConversationReference as JSON, for continueConversationAsync. */
  reference: Record<string, unknown>;
  /** Local time of day HH:MM in `timeZone`. */
  digestTime: string;
  timeZone: string;
  days: DigestDaysSetting;
  enabled: boolean;
  createdAt: string;
  updatedAt: string;
}

export type DigestRunState = 'claimed' | 'sent' | 'failed';

export interface DigestRun {
  conversationId: string;
  /** Identifies the period, e.g. "2026-11-24" or "2026-11-21..2026-11-23" (local dates). */
  periodKey: string;
  /** Event-time range of the period, UTC, half-open. */
  from: string;
  to: string;
  state: DigestRunState;
  claimedBy: string;
  claimedAt: string;
  sentAt: string | null;
  /** Id of the posted activity, for updates. */
  activityId: string | null;
  /** Sent after its due time (the bot was down). */
  late: boolean;
  attempts: number;
  lastError: string | null;
}

export interface ClaimRequest {
  conversationId: string;
  periodKey: string;
  from: string;
  to: string;
  claimedBy: string;
  late: boolean;
  now: Date;
  /** A claim older than this that never became "sent" may be taken over (crash between claim and send). */
  staleAfterMs: number;
}

export interface BotStateStore {
  upsertSubscription(subscription: ChannelSubscription): Promise<void>;
  getSubscription(conversationId: string): Promise<ChannelSubscription | null>;
  listSubscriptions(): Promise<ChannelSubscription[]>;
  removeSubscription(conversationId: string): Promise<boolean>;
  /** Uninstall or team deletion: remove every channel of the team. Returns how many. */
  removeTeamSubscriptions(teamId: string): Promise<number>;

  /**
   * Claims the digest of (conversationId, periodKey) for sending. Returns the run when this caller
   * now holds it; null when it was already sent, or is claimed by someone else and not stale.
   */
  claimDigestRun(request: ClaimRequest): Promise<DigestRun | null>;
  markDigestSent(
    conversationId: string,
    periodKey: string,
    result: { activityId: string | null; sentAt: Date },
  ): Promise<void>;
  markDigestFailed(conversationId: string, periodKey: string, error: string): Promise<void>;
  getDigestRun(conversationId: string, periodKey: string): Promise<DigestRun | null>;
  /** The latest sent digest of a channel (its sentAt bounds the next digest's "arrived late" section). */
  lastSentDigest(conversationId: string): Promise<DigestRun | null>;
}
