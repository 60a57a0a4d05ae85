/**
 * Decides, request by request, whether the emulator misbehaves: throttling (AF429), server errors
 * (500 AF50000 or 503), and for blob downloads a cut body. Queued faults (`failNext`) come first;
 * then the rates, drawn from a seeded stream. Every decision draws the same count of numbers, so
 * the same requests in the same order meet the same faults whatever the knobs are set to.
 */
import { resolveFaults, type Faults } from '../options.ts';
import type { Random } from '../random.ts';

export type FaultKind = 'throttle' | 'server' | 'truncate' | 'reset';

export type Fault =
  { kind: 'throttle' } | { kind: 'server'; status: 500 | 503 } | { kind: 'truncate' } | { kind: 'reset' };

export class FaultInjector {
  private queued: Array<{ kind: FaultKind; left: number }> = [];

  constructor(
    private readonly rng: Random,
    private current: Faults,
  ) {}

  get settings(): Faults {
    return { ...this.current };
  }

  set(change: Partial<Faults>): void {
    this.current = resolveFaults(this.current, change);
  }

  /** The next `n` API requests fail this way, whatever the rates say. */
  failNext(n: number, kind: FaultKind): void {
    if (!Number.isInteger(n) || n < 0) throw new RangeError(`failNext needs a whole number >= 0, got ${n}`);
    if (n > 0) this.queued.push({ kind, left: n });
  }

  /** The fault for one API request, or null. Random cuts apply to blob downloads only. */
  decide(isBlobDownload: boolean): Fault | null {
    const [throttle, server, cut, variant] = [this.rng.next(), this.rng.next(), this.rng.next(), this.rng.next()];
    const head = this.queued[0];
    if (head) {
      if (--head.left === 0) this.queued.shift();
      return this.build(head.kind, variant);
    }
    if (throttle < this.current.throttleRate) return { kind: 'throttle' };
    if (server < this.current.serverErrorRate) return this.build('server', variant);
    if (isBlobDownload && cut < this.current.truncateRate) return { kind: variant < 0.5 ? 'truncate' : 'reset' };
    return null;
  }

  private build(kind: FaultKind, variant: number): Fault {
    // Mostly the documented AF50000; sometimes a bare 503 from a gateway.
    if (kind === 'server') return { kind, status: variant < 0.8 ? 500 : 503 };
    return { kind };
  }
}
