/**
 * A clock and a timer that move only when the test says so: `now` for a `now` option, `setTimer`
 * for a `setTimer` option (src/set-timer.ts). advance() moves the clock and runs each timer that
 * falls due on the way, in order, at its due time, awaiting each run (so a beat has scheduled its
 * next run before the clock moves on).
 */
import type { SetTimer } from '../../src/set-timer.ts';

interface Pending {
  dueMs: number;
  seq: number;
  run: () => Promise<void>;
}

export class ManualTime {
  private readonly timers = new Set<Pending>();
  private seq = 0;

  constructor(private ms: number) {}

  now = (): Date => new Date(this.ms);

  setTimer: SetTimer = (run, ms) => {
    const timer = { dueMs: this.ms + ms, seq: this.seq++, run };
    this.timers.add(timer);
    return () => this.timers.delete(timer);
  };

  /** Timers scheduled and not yet run or cancelled. */
  get pending(): number {
    return this.timers.size;
  }

  /** Moves the clock `ms` forward, running the timers due by then (also those they schedule). */
  async advance(ms: number): Promise<void> {
    const target = this.ms + ms;
    for (let next = this.nextDue(target); next; next = this.nextDue(target)) {
      this.timers.delete(next);
      this.ms = Math.max(this.ms, next.dueMs);
      await next.run();
    }
    this.ms = target;
  }

  private nextDue(target: number): Pending | undefined {
    let first: Pending | undefined;
    for (const t of this.timers)
      if (t.dueMs <= target && (!first || t.dueMs < first.dueMs || (t.dueMs === first.dueMs && t.seq < first.seq)))
        first = t;
    return first;
  }
}
