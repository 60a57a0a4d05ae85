/**
 * Holds a named lease (LeaseStore.claim) for this replica: tries to take it every
 * `pollMs` while another replica holds it, and renews it on the same beat while held, so a holder
 * that dies (SIGKILL, lost host) loses it at most `ttlMs` after its last renewal and a waiting
 * replica takes over at most `pollMs` later. `onAcquired` fires on each takeover (the runtime
 * starts a sync there, so the new holder resumes from the stored cursor at once).
 *
 * Times come from the caller's clock; replicas are expected to keep their clocks in step (NTP),
 * as any lease scheme on wall-clock expiry does.
 */
import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import type { Logger } from '../log.ts';
import type { LeaseStore } from '../store/lease-store.ts';
import { nodeTimer, type SetTimer } from '../set-timer.ts';

export interface LeaseKeeperOptions {
  leases: LeaseStore;
  /** e.g. "sync". */
  name: string;
  /** This replica's identity (see replicaId()). */
  holder: string;
  ttlMs: number;
  log: Logger;
  now?: () => Date;
  /** Renew / retry beat; default a third of the TTL, so two renewals may fail before the lease lapses. */
  pollMs?: number;
  /** Called when this replica takes the lease (not on renewals). */
  onAcquired?: () => void;
  /** Schedules the beat; default setTimeout, unref'd. Tests pass a manual timer on their clock. */
  setTimer?: SetTimer;
}

export interface LeaseStatus {
  name: string;
  holder: string;
  held: boolean;
  /** Until when this replica's hold is known good (ISO), while held. */
  heldUntil: string | null;
  /** How many times this replica took the lease (1 for the first leader; >1 after losing and retaking it). */
  acquisitions: number;
  lastError: string | null;
  /**
   * Who held the lease at this replica's last beat: `holder` while held; another replica's id when
   * the store said so (LeaseStore.claim); null when nobody did or it is not known.
   */
  leader: string | null;
  /** When that beat was (ISO); null before the first. */
  leaderSeenAt: string | null;
}

/** A replica identity that differs between processes and restarts: host, pid and a random part. */
export function replicaId(): string {
  return `${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;
}

export class LeaseKeeper {
  private heldUntilMs: number | null = null;
  private acquisitions = 0;
  private lastError: string | null = null;
  private otherLeader: string | null = null;
  private leaderSeenAtMs: number | null = null;
  private cancelBeat: (() => void) | null = null;
  private attempt: Promise<boolean> | null = null;
  private readonly now: () => Date;
  private readonly pollMs: number;
  private readonly setTimer: SetTimer;

  constructor(private readonly options: LeaseKeeperOptions) {
    if (!(options.ttlMs > 0)) throw new RangeError(`lease TTL must be > 0 ms, got ${options.ttlMs}`);
    this.now = options.now ?? (() => new Date());
    this.pollMs = options.pollMs ?? Math.max(1, Math.floor(options.ttlMs / 3));
    this.setTimer = options.setTimer ?? nodeTimer({ unref: true });
  }

  /** True while this replica holds the lease and its last renewal has not run out. */
  get held(): boolean {
    return this.heldUntilMs !== null && this.now().getTime() < this.heldUntilMs;
  }

  status(): LeaseStatus {
    const held = this.held;
    return {
      name: this.options.name,
      holder: this.options.holder,
      held,
      heldUntil: held ? new Date(this.heldUntilMs!).toISOString() : null,
      acquisitions: this.acquisitions,
      lastError: this.lastError,
      leader: held ? this.options.holder : this.otherLeader,
      leaderSeenAt: this.leaderSeenAtMs === null ? null : new Date(this.leaderSeenAtMs).toISOString(),
    };
  }

  /** Starts the take-or-renew beat (first attempt right away). The beat never keeps the process alive. */
  start(): void {
    if (this.cancelBeat) return;
    const schedule = (ms: number) => {
      this.cancelBeat = this.setTimer(async () => {
        await this.acquire().finally(() => {
          if (this.cancelBeat) schedule(this.pollMs);
        });
      }, ms);
    };
    schedule(0);
  }

  /** Stops the beat without releasing (the lease then lapses after its TTL, as if this replica died). */
  stop(): void {
    this.cancelBeat?.();
    this.cancelBeat = null;
  }

  /**
   * Takes or renews the lease now. True when this replica holds it afterwards. A store error
   * counts as "not now" (logged); a hold already won stays good until its own expiry.
   */
  acquire(): Promise<boolean> {
    this.attempt ??= this.tryOnce().finally(() => {
      this.attempt = null;
    });
    return this.attempt;
  }

  private async tryOnce(): Promise<boolean> {
    const { leases, name, holder, ttlMs, log } = this.options;
    const at = this.now();
    const wasHeld = this.held;
    const hadIt = this.heldUntilMs !== null;
    let won: boolean;
    try {
      // One round trip that also names the other holder (/healthz shows the leader).
      const claim = await leases.claim(name, holder, ttlMs, at);
      won = claim.won;
      this.otherLeader = won ? null : claim.holder;
      this.leaderSeenAtMs = at.getTime();
      this.lastError = null;
    } catch (error) {
      this.lastError = (error as Error).message ?? String(error);
      log.warn('lease: could not reach the store; keeping what we have until it runs out', { lease: name, error });
      return this.held;
    }
    if (won) {
      this.heldUntilMs = at.getTime() + ttlMs;
      if (!wasHeld) {
        this.acquisitions++;
        log.info('lease acquired: this replica now leads', { lease: name, holder, acquisitions: this.acquisitions });
        this.options.onAcquired?.();
      }
    } else {
      if (hadIt) log.warn('lease lost to another replica', { lease: name, holder });
      this.heldUntilMs = null;
    }
    return won;
  }

  /** Stops the beat and hands the lease back, so another replica can take over at once. */
  async release(): Promise<void> {
    this.stop();
    await this.attempt?.catch(() => false);
    if (this.heldUntilMs === null) return;
    this.heldUntilMs = null;
    try {
      await this.options.leases.release(this.options.name, this.options.holder);
      this.options.log.info('lease released', { lease: this.options.name, holder: this.options.holder });
    } catch (error) {
      this.options.log.warn('lease: release failed; it expires on its own', { lease: this.options.name, error });
    }
  }
}
