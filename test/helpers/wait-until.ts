/** The one way tests wait for something that real time or another process brings about. */
import { setTimeout as delay } from 'node:timers/promises';

export interface WaitUntilOptions {
  /** Give up after this long (default 10 s). */
  timeoutMs?: number;
  /** Pause between checks (default 50 ms). */
  intervalMs?: number;
  /** More for the failure message, read only when the wait times out (a log tail, the last count). */
  detail?: () => string | Promise<string>;
}

type Truthy<T> = Exclude<T, null | undefined | false | 0 | ''>;

/**
 * Checks `condition` until it returns something truthy, and resolves with that value. After
 * `timeoutMs` it rejects with "timed out after N ms waiting for WHAT", so a failure says what never
 * happened. A condition that throws ends the wait with its error: a broken probe is not "not yet".
 *
 * @example
 *   const leader = await waitUntil('a replica to take the lease', async () => findLeader(), { timeoutMs: 60_000 });
 */
export async function waitUntil<T>(
  what: string,
  condition: () => T | Promise<T>,
  options: WaitUntilOptions = {},
): Promise<Truthy<T>> {
  const { timeoutMs = 10_000, intervalMs = 50 } = options;
  const started = Date.now();
  for (;;) {
    const value = await condition();
    if (value) return value as Truthy<T>;
    if (Date.now() - started >= timeoutMs) {
      const detail = options.detail ? `\n${await options.detail()}` : '';
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${detail}`);
    }
    await delay(intervalMs);
  }
}
