import type { TimeRange } from '../model/event-query.ts';

/**
 * The parts of [from, to) that no covered range contains, oldest first. `coverage` may be in
 * any order and may overlap. Compared as instants, so "…Z" and "….000Z" spellings agree.
 */
export function missingRanges(coverage: readonly TimeRange[], from: string, to: string): TimeRange[] {
  const start = Date.parse(from);
  const end = Date.parse(to);
  const spans = coverage
    .map((c) => [Math.max(Date.parse(c.from), start), Math.min(Date.parse(c.to), end)] as const)
    .filter(([a, b]) => b > a)
    .sort((x, y) => x[0] - y[0]);
  const missing: TimeRange[] = [];
  let cursor = start;
  for (const [a, b] of spans) {
    if (a > cursor) missing.push({ from: iso(cursor), to: iso(a) });
    cursor = Math.max(cursor, b);
  }
  if (cursor < end) missing.push({ from: iso(cursor), to: iso(end) });
  return missing;
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}
