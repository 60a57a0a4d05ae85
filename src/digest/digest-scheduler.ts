import type { Logger } from '../log.ts';
import type { Store } from '../store/store.ts';
import type { DeliveryOutcome, DeliveryRequest } from './deliver-digest.ts';
import type { ChannelSubscription } from '../store/bot-state-store.ts';
import { planDueDigests } from './plan-due-digests.ts';

export interface DigestSchedulerOptions {
  store: Pick<Store, 'botState' | 'leases'>;
  deliver: (subscription: ChannelSubscription, request: DeliveryRequest) => Promise<DeliveryOutcome>;
  clock: () => Date;
  holder: string;
  log: Logger;
  /** Lease that makes one replica the sender; claims would keep digests single anyway, the lease keeps replicas from racing. */
  leaseName?: string;
  leaseTtlMs: number;
  /** How often `start()` ticks. */
  tickMs?: number;
  /** Missed digests older than this are not sent any more. */
  lookbackMs?: number;
  /** A digest sent later than this after its due time is marked late. */
  lateAfterMs?: number;
  /** Tries per digest; a run failed this often is left alone (its error stays on the run). */
  maxAttempts?: number;
  /** Wait after a failed attempt before the next (grows with attempts). */
  retryAfterFailureMs?: number;
  /** Pause between two posts: channels are sent one after another at a polite rate (§5). */
  pauseBetweenPostsMs?: number;
  sleep?: (ms: number) => Promise<void>;
}

export interface TickReport {
  leader: boolean;
  outcomes: Array<DeliveryOutcome & { conversationId: string }>;
}

const MINUTE = 60_000;

/**
 * Sends due digests: on each tick, takes (or renews) the digest lease, lists what is due
 * (planDueDigests) and delivers each, oldest first, one channel after another. Once per channel
 * and period comes from the store's claims (deliverDigest), so a restart before the due time
 * sends it on time, a restart after it sends it late, a restart after the send sends nothing, and
 * a claim left by a crash is taken over once it is stale. Time comes only from `clock`.
 */
export class DigestScheduler {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<TickReport> | null = null;
  private stopped = false;
  private everLeader = false;
  private readonly leaseName: string;
  private readonly sleep: (ms: number) => Promise<void>;

  constructor(private readonly options: DigestSchedulerOptions) {
    this.leaseName = options.leaseName ?? 'digest';
    this.sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
  }

  /** One pass. Ticks never overlap: a tick asked for while one runs gets that one's report. */
  tick(): Promise<TickReport> {
    this.running ??= this.runTick().finally(() => {
      this.running = null;
    });
    return this.running;
  }

  private async runTick(): Promise<TickReport> {
    const { store, clock, holder, log } = this.options;
    const outcomes: TickReport['outcomes'] = [];
    if (!(await store.leases.claim(this.leaseName, holder, this.options.leaseTtlMs, clock())).won)
      return { leader: false, outcomes };
    this.everLeader = true;

    const planned = planDueDigests(await store.botState.listSubscriptions(), clock(), {
      lookbackMs: this.options.lookbackMs ?? 3 * 24 * 60 * MINUTE,
      lateAfterMs: this.options.lateAfterMs ?? 15 * MINUTE,
    });
    let posted = false;
    for (const { subscription, occurrence, late } of planned) {
      if (this.stopped) break;
      const conversationId = subscription.conversationId;
      const run = await store.botState.getDigestRun(conversationId, occurrence.period.key);
      if (run?.state === 'sent') continue;
      if (run?.state === 'failed' && !this.mayRetry(run.attempts, run.claimedAt)) continue;
      // Renew the lease before each send, so a long fan-out never outlives it.
      if (!(await store.leases.claim(this.leaseName, holder, this.options.leaseTtlMs, clock())).won) break;
      if (posted) await this.sleep(this.options.pauseBetweenPostsMs ?? 1000);
      const outcome = await this.options.deliver(subscription, { period: occurrence.period, late });
      posted ||= outcome.status === 'sent';
      outcomes.push({ ...outcome, conversationId });
      if (outcome.status === 'failed')
        log.warn('digest delivery failed', { conversationId, periodKey: occurrence.period.key, error: outcome.error });
    }
    return { leader: true, outcomes };
  }

  private mayRetry(attempts: number, lastClaimedAt: string): boolean {
    if (attempts >= (this.options.maxAttempts ?? 5)) return false;
    const wait = (this.options.retryAfterFailureMs ?? 5 * MINUTE) * attempts;
    return this.options.clock().getTime() - Date.parse(lastClaimedAt) >= wait;
  }

  /** Ticks now and then every `tickMs` until stop(). */
  start(): void {
    this.stopped = false;
    const loop = async () => {
      try {
        await this.tick();
      } catch (error) {
        this.options.log.error('digest tick failed', { error });
      }
      if (!this.stopped) this.timer = setTimeout(() => void loop(), this.options.tickMs ?? 30_000);
    };
    void loop();
  }

  /** Stops ticking, waits for a running tick, and gives the lease up for another replica. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.running?.catch(() => undefined);
    if (!this.everLeader) return;
    try {
      await this.options.store.leases.release(this.leaseName, this.options.holder);
    } catch (error) {
      this.options.log.warn('could not release the digest lease', { error });
    }
  }
}
