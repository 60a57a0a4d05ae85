/**
 * The `startTime`/`endTime` rules of subscriptions/content (audit-apis.md §1.5): UTC in the forms
 * `YYYY-MM-DD`, `YYYY-MM-DDTHH:MM`, `YYYY-MM-DDTHH:MM:SS` (clients also send a fraction and `Z`);
 * both or neither; at most 24 hours apart; the start at most 7 days back. Without them: the last
 * 24 hours. Strict on 7 days: Filebeat saw about an hour of slack, which a client must not rely on.
 */
import { RETENTION_MS } from '../demo-tenant.ts';
import { HOUR_MS } from '../time-format.ts';

const FORMAT = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(\.\d{1,7})?)?Z?)?$/;

/** Milliseconds since the epoch, or null when the text is not one of the accepted forms. */
export function parseApiTime(text: string): number | null {
  const m = FORMAT.exec(text);
  if (!m) return null;
  const [, y, mo, d, h = '0', mi = '0', s = '0', fraction = ''] = m;
  const ms = Date.UTC(
    Number(y),
    Number(mo) - 1,
    Number(d),
    Number(h),
    Number(mi),
    Number(s),
    fraction ? Math.floor(Number(fraction) * 1000) : 0,
  );
  const check = new Date(ms);
  // Date.UTC rolls 2026-02-30 over to March; the API would not.
  if (
    check.getUTCMonth() !== Number(mo) - 1 ||
    check.getUTCDate() !== Number(d) ||
    Number(h) > 23 ||
    Number(mi) > 59 ||
    Number(s) > 59
  )
    return null;
  return ms;
}

export type WindowResult =
  | { ok: true; startMs: number; endMs: number }
  | { ok: false; problem: 'unparsable-start' | 'unparsable-end' | 'one-missing' | 'too-long' | 'reversed' | 'too-old' };

export function resolveWindow(start: string | null, end: string | null, nowMs: number): WindowResult {
  if (start === null && end === null) return { ok: true, startMs: nowMs - 24 * HOUR_MS, endMs: nowMs };
  if (start === null || end === null) return { ok: false, problem: 'one-missing' };
  const startMs = parseApiTime(start);
  if (startMs === null) return { ok: false, problem: 'unparsable-start' };
  const endMs = parseApiTime(end);
  if (endMs === null) return { ok: false, problem: 'unparsable-end' };
  if (endMs < startMs) return { ok: false, problem: 'reversed' };
  if (endMs - startMs > 24 * HOUR_MS) return { ok: false, problem: 'too-long' };
  if (startMs < nowMs - RETENTION_MS) return { ok: false, problem: 'too-old' };
  return { ok: true, startMs, endMs };
}
