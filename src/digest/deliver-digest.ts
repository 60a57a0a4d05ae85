import { renderDigestCard } from '../cards/digest-card.ts';
import type { Logger } from '../log.ts';
import type { ChannelSubscription } from '../store/bot-state-store.ts';
import type { Store } from '../store/store.ts';
import { buildDigestModel } from './build-digest-model.ts';
import { ChannelPostError, type ChannelPoster } from './channel-poster.ts';
import type { DigestPeriod } from '../model/digest-model.ts';

export interface DigestDeliveryDeps {
  store: Store;
  poster: ChannelPoster;
  clock: () => Date;
  /** This replica's identity, recorded as the claim's holder. */
  holder: string;
  /** A claim older than this that never became "sent" is taken over (crash between claim and send). */
  staleAfterMs: number;
  riskyConnectors: readonly string[];
  coverageSources: readonly string[];
  log: Logger;
}

export type DeliveryOutcome =
  | { status: 'sent'; activityId: string | null; late: boolean; periodKey: string }
  | { status: 'skipped'; reason: 'alreadySent' | 'claimedElsewhere'; periodKey: string }
  | { status: 'failed'; error: string; permanent: boolean; periodKey: string };

export interface DeliveryRequest {
  period: DigestPeriod;
  /** Sent after its due time (the bot was down then). */
  late: boolean;
  /** Run key; the period's own key unless a manual re-send asks for a fresh one. */
  runKey?: string;
}

/**
 * Sends one channel's digest for one period, at most once: claim the (channel, period) run,
 * build the card from the store, post it, mark the run sent with the posted activity id.
 * Failures are recorded on the run (it can be claimed again) and returned, never thrown.
 */
export async function deliverDigest(
  deps: DigestDeliveryDeps,
  subscription: ChannelSubscription,
  request: DeliveryRequest,
): Promise<DeliveryOutcome> {
  const { store, clock } = deps;
  const { period, late } = request;
  const conversationId = subscription.conversationId;
  const periodKey = request.runKey ?? period.key;
  const log = deps.log.child({ conversationId, periodKey });

  const run = await store.botState.claimDigestRun({
    conversationId,
    periodKey,
    from: period.from,
    to: period.to,
    claimedBy: deps.holder,
    late,
    now: clock(),
    staleAfterMs: deps.staleAfterMs,
  });
  if (!run) {
    const existing = await store.botState.getDigestRun(conversationId, periodKey);
    return { status: 'skipped', reason: existing?.state === 'sent' ? 'alreadySent' : 'claimedElsewhere', periodKey };
  }

  let activityId: string | null;
  try {
    const previous = await store.botState.lastSentDigest(conversationId);
    const model = await buildDigestModel(store, {
      period,
      now: clock(),
      late,
      lateSince: previous?.sentAt ?? null,
      riskyConnectors: deps.riskyConnectors,
      coverageSources: deps.coverageSources,
    });
    activityId = await deps.poster.postCard(subscription, renderDigestCard(model));
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const permanent = error instanceof ChannelPostError && error.permanent;
    log.error('digest not sent', { error, permanent, attempts: run.attempts });
    await store.botState.markDigestFailed(conversationId, periodKey, message);
    return { status: 'failed', error: message, permanent, periodKey };
  }

  // The one window for a duplicate: the card is posted but the run is still "claimed". If the
  // process dies right here, the claim goes stale and the next tick (here or on another
  // replica) posts the digest again. Teams offers no idempotency key for a new post, so the
  // window cannot be closed, only kept short: the run is marked the moment the post returns.
  await store.botState.markDigestSent(conversationId, periodKey, { activityId, sentAt: clock() });
  log.info('digest sent', { activityId, late, attempts: run.attempts });
  return { status: 'sent', activityId, late, periodKey };
}
