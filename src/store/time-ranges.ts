import type { TimeRange } from '../model/event-query.ts';

/** Milliseconds of an ISO instant; throws on text that is not one, so bad input never becomes NaN in SQL. */
export function toMillis(iso: string, what = 'time'): number {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) throw new RangeError(`${what} "${iso}" is not an ISO 8601 instant`);
  return ms;
}

export function toIso(ms: number): string {
  return new Date(ms).toISOString();
}

interface MsRange {
  from: number;
  to: number;
}

function toMsRanges(ranges: TimeRange[]): MsRange[] {
  return ranges
    .map((r) => ({ from: toMillis(r.from, 'range start'), to: toMillis(r.to, 'range end') }))
    .filter((r) => r.to > r.from);
}

/** Sorts half-open ranges and merges those that overlap or touch ([a,b) + [b,c) = [a,c)). Empty ranges vanish. */
export function mergeRanges(ranges: TimeRange[]): TimeRange[] {
  const sorted = toMsRanges(ranges).sort((a, b) => a.from - b.from);
  const merged: MsRange[] = [];
  for (const r of sorted) {
    const last = merged[merged.length - 1];
    if (last && r.from <= last.to) last.to = Math.max(last.to, r.to);
    else merged.push({ ...r });
  }
  return merged.map((r) => ({ from: toIso(r.from), to: toIso(r.to) }));
}

/** The parts of [from, to) that none of `covered` contains, oldest first. */
export function subtractRanges(from: string, to: string, covered: TimeRange[]): TimeRange[] {
  let cursor = toMillis(from, 'from');
  const end = toMillis(to, 'to');
  const missing: TimeRange[] = [];
  for (const r of toMsRanges(mergeRanges(covered))) {
    if (cursor >= end) break;
    if (r.to <= cursor) continue;
    if (r.from >= end) break;
    if (r.from > cursor) missing.push({ from: toIso(cursor), to: toIso(r.from) });
    cursor = Math.max(cursor, r.to);
  }
  if (cursor < end) missing.push({ from: toIso(cursor), to: toIso(end) });
  return missing;
}
