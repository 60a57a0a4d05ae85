/**
 * Runs the sync every `intervalMs` (counted from the end of a run, so runs never overlap) and on
 * demand. Concurrent syncNow() calls share the run in flight. With several replicas, `acquire`
 * (a lease) decides whether this one may sync at all; without it, it always may.
 */
import type { Logger } from '../log.ts';
import type { SyncReport } from './sync-report.ts';
import { nodeTimer, type SetTimer } from '../set-timer.ts';

export interface SyncLoopOptions {
  run: () => Promise<SyncReport>;
  intervalMs: number;
  log: Logger;
  /** True when this replica may sync now (holds or renewed the sync lease). */
  acquire?: () => Promise<boolean>;
  /** Called after every finished run (tests, /healthz caches). */
  onReport?: (report: SyncReport) => void;
  /** Schedules the next run; default setTimeout (it keeps the process alive). Tests pass a manual timer. */
  setTimer?: SetTimer;
}

export class SyncLoop {
  private inFlight: Promise<SyncReport | null> | null = null;
  private cancelNext: (() => void) | null = null;
  private started = false;
  private lastReport: SyncReport | null = null;
  private readonly setTimer: SetTimer;

  constructor(private readonly options: SyncLoopOptions) {
    if (!Number.isFinite(options.intervalMs) || options.intervalMs <= 0)
      throw new RangeError(`sync interval must be > 0 ms, got ${options.intervalMs}`);
    this.setTimer = options.setTimer ?? nodeTimer({ unref: false });
  }

  /** Syncs now, then every interval until stop(). */
  start(): void {
    if (this.started) return;
    this.started = true;
    void this.tick();
  }

  /**
   * Runs a sync now, or joins the one in flight. Resolves with its report, or null when another
   * replica holds the lease. Rejects only when the run itself throws (runSync reports failures
   * instead, so that means a bug or a store that cannot save).
   */
  syncNow(): Promise<SyncReport | null> {
    if (!this.inFlight) {
      this.inFlight = this.runOnce().finally(() => {
        this.inFlight = null;
      });
    }
    return this.inFlight;
  }

  /** The report of the last finished run in this process. */
  get last(): SyncReport | null {
    return this.lastReport;
  }

  get running(): boolean {
    return this.inFlight !== null;
  }

  /** Stops the schedule and waits for a run in flight to finish. */
  async stop(): Promise<void> {
    this.started = false;
    this.cancelNext?.();
    this.cancelNext = null;
    await this.inFlight?.catch(() => null);
  }

  private async runOnce(): Promise<SyncReport | null> {
    if (this.options.acquire && !(await this.options.acquire())) {
      this.options.log.debug('sync skipped: another replica holds the sync lease');
      return null;
    }
    const report = await this.options.run();
    this.lastReport = report;
    this.options.onReport?.(report);
    return report;
  }

  /** One scheduled run; settles once the next one is scheduled (or not, after stop). */
  private async tick(): Promise<void> {
    await this.syncNow()
      .catch((error: unknown) => {
        this.options.log.error('sync run crashed; trying again at the next interval', { error });
      })
      .finally(() => {
        if (!this.started) return;
        this.cancelNext = this.setTimer(() => this.tick(), this.options.intervalMs);
      });
  }
}
