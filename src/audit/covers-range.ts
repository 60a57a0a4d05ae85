/**
 * `--covers FROM..TO` of `flowwatch import`: the stretch of event time a file holds completely
 * (an export of "all Flow events of November" covers all of November, even the quiet hours
 * before its first record). Half-open like every range in the store: TO is not included. Each end
 * is a date (its 00:00 UTC) or an ISO date-time; a date-time without a zone is UTC, as the audit
 * log's CreationTime is (audit-apis.md §3.3).
 */
import type { TimeRange } from '../model/event-query.ts';

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})?$/i;

/** The range, or why the text is not one (a sentence for the terminal). */
export function parseCoversRange(text: string): TimeRange | { error: string } {
  const parts = text.split('..');
  if (parts.length !== 2)
    return { error: `--covers "${text}" is not FROM..TO (e.g. 2026-11-01..2026-12-01, TO not included)` };
  const [from, to] = parts.map((p) => instant(p.trim()));
  if (from === null || to === null)
    return {
      error: `--covers "${text}": each end must be a date (2026-11-01) or an ISO date-time (2026-11-01T08:00Z)`,
    };
  if (Date.parse(to) <= Date.parse(from)) return { error: `--covers "${text}": TO must be after FROM` };
  return { from, to };
}

function instant(text: string): string | null {
  let iso: string;
  if (DATE.test(text)) iso = `${text}T00:00:00Z`;
  else if (DATE_TIME.test(text)) iso = /(Z|[+-]\d{2}:\d{2})$/i.test(text) ? text : `${text}Z`;
  else return null;
  const ms = Date.parse(iso);
  return Number.isNaN(ms) || !isCalendarDate(text.slice(0, 10)) ? null : new Date(ms).toISOString();
}

/** Date.parse rolls 2026-02-30 over to March; such an end is refused rather than moved. */
function isCalendarDate(ymd: string): boolean {
  const [y, m, d] = ymd.split('-').map(Number) as [number, number, number];
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}
