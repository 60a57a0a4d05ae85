import { backfillSentence, runningBackfill } from '../queries/backfill-coverage.ts';
import { renderDigestCard } from '../cards/digest-card.ts';
import { formatInstant } from '../cards/format-time.ts';
import type { Logger } from '../log.ts';
import type { DigestPeriod } from '../model/digest-model.ts';
import { COVERAGE_SOURCES } from '../queries/run.ts';
import { replicaId } from '../replicas/lease-keeper.ts';
import type { ChannelSubscription } from '../store/bot-state-store.ts';
import type { Store } from '../store/store.ts';
import { buildDigestModel, periodLabel } from './build-digest-model.ts';
import type { ChannelPoster } from './channel-poster.ts';
import { subscriptionFor, type ChannelTarget, type DigestDefaults } from './channel-target.ts';
import { deliverDigest, type DeliveryOutcome, type DigestDeliveryDeps } from './deliver-digest.ts';
import { DIGEST_USAGE, type DigestCommand } from './digest-command.ts';
import { readDigestRefreshData, type DigestRefreshRequest } from './digest-refresh-data.ts';
import { DigestScheduler, type DigestSchedulerOptions } from './digest-scheduler.ts';
import { currentPeriod, nextOccurrence, periodOfDay, periodOfRange } from './schedule.ts';

/** A period of local days: [from, to) in UTC and the zone its days are in. */
type SummaryRange = { from: string; to: string; timeZone: string };

export interface DigestServiceOptions {
  store: Store;
  /** Posts to a subscribed channel (the bot layer's proactive poster, src/bot/proactive-poster.ts). */
  poster: ChannelPoster;
  /** DIGEST_TIME, DIGEST_TIMEZONE, DIGEST_DAYS. */
  defaults: DigestDefaults;
  riskyConnectors: readonly string[];
  clock: () => Date;
  log: Logger;
  leaseTtlMs: number;
  holder?: string;
  scheduler?: Partial<Omit<DigestSchedulerOptions, 'store' | 'deliver' | 'clock' | 'holder' | 'log' | 'leaseTtlMs'>>;
}

export interface SendNowRequest {
  /** One subscribed channel; all enabled ones when absent. */
  conversationId?: string;
  /** The local day to cover (YYYY-MM-DD); the period a digest sent now would cover when absent. */
  date?: string;
  /** Post again even when this period's digest was already sent (recorded as a separate run). */
  force?: boolean;
}

/** Forced resends refused because the channel had its share this hour (see FORCED_RESENDS_PER_HOUR). */
export interface ResendLimitOutcome {
  status: 'skipped';
  reason: 'resendLimit';
  periodKey: string;
  /** Seconds until the next clock hour (UTC), when the channel's forced resends are allowed again. */
  retryAfterSeconds: number;
}

export type SendNowResult = (DeliveryOutcome | ResendLimitOutcome) & { conversationId: string };

/**
 * Forced resends (POST /api/digest with force) per channel per clock hour (UTC). Each one is a new
 * post in the channel, so an unbounded caller (a script in a loop) could flood the admins' team;
 * three an hour covers "post it again" after a fix or for a late reader. Each slot is a digest run
 * claimed in the store, so the bound holds across replicas; a failed send frees its slot.
 */
export const FORCED_RESENDS_PER_HOUR = 3;

export class UnknownChannelError extends Error {
  readonly code = 'digest_channel_unknown';
  constructor() {
    super('no enabled digest subscription for that conversation id');
    this.name = 'UnknownChannelError';
  }
}

/** Everything the digest does for the rest of the app: schedule, send now, refresh, subscribe, chat commands. */
export class DigestService {
  readonly scheduler: DigestScheduler;
  private readonly delivery: DigestDeliveryDeps;
  private readonly sleep: (ms: number) => Promise<void>;

  constructor(private readonly options: DigestServiceOptions) {
    const holder = options.holder ?? replicaId();
    const log = options.log.child({ component: 'digest' });
    this.sleep = options.scheduler?.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
    this.delivery = {
      store: options.store,
      poster: options.poster,
      clock: options.clock,
      holder,
      staleAfterMs: 10 * 60_000,
      riskyConnectors: options.riskyConnectors,
      coverageSources: COVERAGE_SOURCES,
      log,
    };
    this.scheduler = new DigestScheduler({
      store: options.store,
      deliver: (subscription, request) => deliverDigest(this.delivery, subscription, request),
      clock: options.clock,
      holder,
      log,
      leaseTtlMs: options.leaseTtlMs,
      ...options.scheduler,
    });
  }

  /**
   * Sends now (POST /api/digest): to one subscribed channel or to all, one after another. Only
   * stored subscriptions are targets; nothing in the request can name a serviceUrl (§3.5).
   */
  async sendNow(request: SendNowRequest): Promise<SendNowResult[]> {
    const { store, clock } = this.options;
    let targets: ChannelSubscription[];
    if (request.conversationId !== undefined) {
      const one = await store.botState.getSubscription(request.conversationId);
      if (!one?.enabled) throw new UnknownChannelError();
      targets = [one];
    } else {
      targets = (await store.botState.listSubscriptions()).filter((s) => s.enabled);
    }
    const results: SendNowResult[] = [];
    for (const [i, subscription] of targets.entries()) {
      if (i > 0) await this.sleep(this.options.scheduler?.pauseBetweenPostsMs ?? 1000);
      const period = request.date
        ? periodOfDay(request.date, subscription.timeZone)
        : currentPeriod(clock(), { timeZone: subscription.timeZone, days: subscription.days });
      let outcome: DeliveryOutcome | ResendLimitOutcome = await deliverDigest(this.delivery, subscription, {
        period,
        late: false,
      });
      if (outcome.status === 'skipped' && outcome.reason === 'alreadySent' && request.force)
        outcome = await this.resend(subscription, period);
      results.push({ ...outcome, conversationId: subscription.conversationId });
    }
    return results;
  }

  /**
   * A forced resend in the first free slot of this hour (run keys `resend:<hour>#1..N`, whatever
   * the period, so the bound is per channel); when every slot is sent or being sent, resendLimit.
   */
  private async resend(
    subscription: ChannelSubscription,
    period: DigestPeriod,
  ): Promise<DeliveryOutcome | ResendLimitOutcome> {
    const now = this.options.clock();
    const hour = now.toISOString().slice(0, 13);
    for (let slot = 1; slot <= FORCED_RESENDS_PER_HOUR; slot++) {
      const outcome = await deliverDigest(this.delivery, subscription, {
        period,
        late: false,
        runKey: `resend:${hour}#${slot}`,
      });
      if (outcome.status !== 'skipped') return outcome;
    }
    const nextHour = Math.floor(now.getTime() / 3_600_000 + 1) * 3_600_000;
    return {
      status: 'skipped',
      reason: 'resendLimit',
      periodKey: period.key,
      retryAfterSeconds: Math.max(1, Math.ceil((nextHour - now.getTime()) / 1000)),
    };
  }

  /**
   * The digest card for any period, asked in chat ("overview of last month"): nothing counts as
   * late (there is no previous digest to be late against), and its Refresh works like a digest's.
   */
  async summaryCard(range: SummaryRange, against?: SummaryRange): Promise<Record<string, unknown>> {
    return this.cardFor({
      period: periodOfRange(range),
      late: false,
      lateSince: null,
      expand: '',
      summary: true,
      ...(against ? { against: periodOfRange(against) } : {}),
    });
  }

  /** The digest card re-rendered from a Refresh / Show more's data with current data; null for bad data. */
  async refreshCard(data: unknown): Promise<Record<string, unknown> | null> {
    const request = readDigestRefreshData(data);
    return request ? this.cardFor(request) : null;
  }

  /** The card of a digest or summary as of now. */
  private async cardFor(request: DigestRefreshRequest): Promise<Record<string, unknown>> {
    const model = await buildDigestModel(this.options.store, {
      ...request,
      now: this.options.clock(),
      riskyConnectors: this.options.riskyConnectors,
      coverageSources: COVERAGE_SOURCES,
    });
    return renderDigestCard(model);
  }

  /** Install into a team: the channel it was added from (else General) gets the digest. */
  async subscribeInstalled(target: ChannelTarget): Promise<ChannelSubscription> {
    const subscription = subscriptionFor(
      target,
      await this.options.store.botState.getSubscription(target.conversationId),
      this.options.defaults,
      this.options.clock(),
    );
    await this.options.store.botState.upsertSubscription(subscription);
    this.options.log.info('digest subscription from install', {
      conversationId: subscription.conversationId,
      teamId: subscription.teamId,
    });
    return subscription;
  }

  /** Uninstall or team deletion: every channel of the team stops getting the digest. */
  async unsubscribeTeam(teamId: string): Promise<number> {
    const removed = await this.options.store.botState.removeTeamSubscriptions(teamId);
    this.options.log.info('digest subscriptions removed with their team', { teamId, removed });
    return removed;
  }

  /**
   * Answers a digest chat command (the caller has checked that the sender is an admin). `target`
   * is the channel the command was said in; null outside a team.
   */
  async handleCommand(command: DigestCommand, target: ChannelTarget | null): Promise<{ title: string; text: string }> {
    const { store, clock, defaults } = this.options;
    if (command.kind === 'invalid') return { title: 'Digest commands', text: `${command.problem} ${DIGEST_USAGE}` };
    if (!target)
      return {
        title: 'Digest commands',
        text: `The digest goes to a channel of a team: say this in the channel that should get it. ${DIGEST_USAGE}`,
      };
    const existing = await store.botState.getSubscription(target.conversationId);
    switch (command.kind) {
      case 'status':
        return {
          title: 'Daily digest',
          text:
            (existing?.enabled
              ? describeSubscription(existing, clock(), await store.botState.lastSentDigest(existing.conversationId))
              : `The daily digest is off in this channel. ${DIGEST_USAGE}`) +
            backfillSentence(await runningBackfill(store)),
        };
      case 'off': {
        if (!existing?.enabled)
          return { title: 'Daily digest', text: 'The daily digest is already off in this channel.' };
        await store.botState.upsertSubscription({ ...existing, enabled: false, updatedAt: clock().toISOString() });
        return {
          title: 'Daily digest stopped',
          text: 'This channel no longer gets the daily digest. Say "digest here" to start it again.',
        };
      }
      case 'here': {
        const subscription = subscriptionFor(target, existing, defaults, clock());
        await store.botState.upsertSubscription(subscription);
        return { title: 'Daily digest on', text: describeSubscription(subscription, clock(), null) };
      }
      case 'at': {
        const base = subscriptionFor(target, existing, defaults, clock());
        const subscription = {
          ...base,
          digestTime: command.time,
          timeZone: command.timeZone ?? base.timeZone,
          days: command.days ?? base.days,
        };
        await store.botState.upsertSubscription(subscription);
        return { title: 'Daily digest set', text: describeSubscription(subscription, clock(), null) };
      }
    }
  }
}

function describeSubscription(s: ChannelSubscription, now: Date, lastSent: { sentAt: string | null } | null): string {
  const schedule = { time: s.digestTime, timeZone: s.timeZone, days: s.days };
  const next = nextOccurrence(now, schedule);
  const when = formatInstant(next.dueAt, s.timeZone);
  const parts = [
    `The daily digest is on in this channel: ${s.digestTime} ${s.timeZone}, ${s.days === 'weekdays' ? 'Monday to Friday (Monday covers the weekend)' : 'every day'}.`,
    `Next: ${when}, covering ${periodLabel(next.period)}.`,
  ];
  if (lastSent?.sentAt) parts.push(`Last sent: ${formatInstant(lastSent.sentAt, s.timeZone)}.`);
  return parts.join(' ');
}
