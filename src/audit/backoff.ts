/**
 * Exponential back-off with full jitter: a random wait in [0, min(cap, base * 2^attempt)).
 * Spreads retries of many clients out so they do not hit a throttled API in lockstep
 * (audit-apis.md §1.8: AF429 / 5xx are to be retried with back-off).
 */
export function backoffDelayMs(attempt: number, baseMs: number, capMs: number, random: () => number): number {
  const ceiling = Math.min(capMs, baseMs * 2 ** attempt);
  return Math.floor(random() * ceiling);
}

/**
 * The wait a `Retry-After` header asks for (delta-seconds or an HTTP date), or null when absent
 * or unreadable. `now` is needed for the date form.
 */
export function parseRetryAfterMs(value: string | null, now: Date): number | null {
  if (value === null || value.trim() === '') return null;
  const trimmed = value.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000);
  const at = Date.parse(trimmed);
  if (Number.isNaN(at)) return null;
  return Math.max(0, at - now.getTime());
}
