/**
 * The backfill of a runtime (issue 12): the Graph audit query client pointed at the tenant's Graph
 * (or the emulator in demo mode), sharing the audit feed's token provider. After each sync run, under
 * the sync lease (so one replica), it plans the install's BACKFILL_DAYS and a slice for every day
 * a recorded gap (expired content) touches, then runs the pending slices in the background: a
 * long backfill never holds the sync back, and never two at once in a process.
 */
import { AuditLogQueryClient } from '../audit/audit-log-query.ts';
import type { ScopedTokenProvider } from '../audit/token-provider.ts';
import type { Config } from '../config/load-config.ts';
import type { Logger } from '../log.ts';
import type { Store } from '../store/store.ts';
import { installSlices } from '../sync/backfill/plan-slices.ts';
import { gapSlices } from '../sync/backfill/plan-gaps.ts';
import { runBackfill, type BackfillReport } from '../sync/backfill/run-backfill.ts';

export interface BackfillParts {
  config: Config;
  emulatorUrl: string | null;
  tokens: ScopedTokenProvider;
  store: Store;
  log: Logger;
  now: () => Date;
}

export class BackfillRuntime {
  private running: Promise<BackfillReport | null> | null = null;
  private stopped = false;
  last: BackfillReport | null = null;

  constructor(
    private readonly run: () => Promise<BackfillReport>,
    private readonly plan: () => Promise<void>,
    private readonly log: Logger,
  ) {}

  /** Plans, then starts a run unless one is in flight; resolves once planned (the run goes on). */
  async afterSync(): Promise<void> {
    try {
      await this.plan();
    } catch (error) {
      this.log.warn('backfill planning failed; tried again after the next sync', { error });
      return;
    }
    if (!this.running && !this.stopped) this.running = this.runNow();
  }

  /** No new run; the one in flight stops at its next wait (its slice stays pending). */
  async stop(): Promise<void> {
    this.stopped = true;
    this.abort.abort();
    await this.running;
  }

  /** A wait that ends at once when stopped (rejecting, so the run ends without storing more). */
  readonly abort = new AbortController();

  /** The run in flight, if any (tests, shutdown). */
  settled(): Promise<BackfillReport | null> {
    return this.running ?? Promise.resolve(null);
  }

  private async runNow(): Promise<BackfillReport | null> {
    try {
      this.last = await this.run();
      return this.last;
    } catch (error) {
      this.log.warn('backfill run stopped; resumed after the next sync', { error });
      return null;
    } finally {
      this.running = null;
    }
  }
}

export function buildBackfill({ config, emulatorUrl, tokens, store, log, now }: BackfillParts): BackfillRuntime | null {
  const b = config.backfill;
  if (b.days === 0) return null;
  let backfill: BackfillRuntime | null = null;
  const sleep = (ms: number) =>
    new Promise<void>((resolve, reject) => {
      const signal = backfill?.abort.signal;
      if (signal?.aborted) return reject(new Error('backfill stopped'));
      const timer = setTimeout(resolve, ms);
      timer.unref();
      signal?.addEventListener('abort', () => {
        clearTimeout(timer);
        reject(new Error('backfill stopped'));
      });
    });
  const client = new AuditLogQueryClient({
    graphApiUrl: emulatorUrl ? `${emulatorUrl}/v1.0` : b.graphApiUrl,
    tokens: tokens.forScope(emulatorUrl ? 'https://graph.microsoft.com/.default' : b.graphScope),
    httpTimeoutMs: config.sync.httpTimeoutMs,
    maxRetries: config.sync.maxRetries,
    now,
    sleep,
    logger: log.child({ component: 'graph-audit-query' }),
  });
  const blog = log.child({ component: 'backfill' });
  const plan = async () => {
    const at = now();
    const slices = [...installSlices(b.days, at), ...(await gapSlices(store, at))];
    const added = await store.backfill.planSlices(slices, at);
    if (added > 0) blog.info('backfill planned', { slices: added });
  };
  const run = () => runBackfill({ client, store, wait: { sleep, now }, log: blog, concurrency: b.concurrency });
  backfill = new BackfillRuntime(run, plan, blog);
  return backfill;
}
