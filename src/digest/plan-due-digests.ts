import type { ChannelSubscription } from '../store/bot-state-store.ts';
import { occurrencesBetween, type DigestOccurrence } from './schedule.ts';

export interface PlannedDigest {
  subscription: ChannelSubscription;
  occurrence: DigestOccurrence;
  /** Due more than `lateAfterMs` ago: the bot was not running (or not leading) at the due time. */
  late: boolean;
}

export interface PlanOptions {
  /** How far back missed digests are still sent (late). */
  lookbackMs: number;
  lateAfterMs: number;
}

/**
 * Every digest that is due by `now` for the enabled subscriptions, oldest first: the ones due
 * since the last tick and, after downtime, the missed ones within the lookback. Digests due
 * before a channel subscribed are not owed. Whether one was already sent is the store's to say
 * (a sent run is never claimed again); this only says what should exist. Pure.
 */
export function planDueDigests(
  subscriptions: readonly ChannelSubscription[],
  now: Date,
  options: PlanOptions,
): PlannedDigest[] {
  const planned: PlannedDigest[] = [];
  for (const subscription of subscriptions) {
    if (!subscription.enabled) continue;
    const since = Math.max(now.getTime() - options.lookbackMs, Date.parse(subscription.createdAt) || 0);
    const schedule = { time: subscription.digestTime, timeZone: subscription.timeZone, days: subscription.days };
    let occurrences: DigestOccurrence[];
    try {
      occurrences = occurrencesBetween(new Date(since), now, schedule);
    } catch {
      continue; // a stored zone or time luxon cannot read: nothing can be scheduled (digest status says so)
    }
    for (const occurrence of occurrences) {
      planned.push({
        subscription,
        occurrence,
        late: now.getTime() - Date.parse(occurrence.dueAt) > options.lateAfterMs,
      });
    }
  }
  return planned.sort(
    (a, b) =>
      Date.parse(a.occurrence.dueAt) - Date.parse(b.occurrence.dueAt) ||
      a.subscription.conversationId.localeCompare(b.subscription.conversationId),
  );
}
