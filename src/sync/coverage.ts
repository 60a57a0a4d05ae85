/**
 * How the query layer reads sync coverage. Coverage is the set of contentCreated ranges the sync
 * has fully processed (listed every page, stored or skipped every blob). A period [a, b) is
 * covered when coverage contains [a, min(b, lastSyncEnd)): the stretch after the last sync's end
 * cannot have been synced yet and is "not yet", not "missing". lastSyncEnd is the end of the
 * latest covered range unless given.
 *
 * That rule alone would call a period covered while the sync has been down for days, so callers
 * that know the time pass `now` and `staleAfterMs`: when the last sync ended longer ago than that,
 * [lastSyncEnd, min(b, now)) counts as missing too.
 *
 * A window whose cursor moved while some of its blobs wait in the failed set is covered except
 * for those blobs: each one takes out the time its events can lie in (BLOB_SPAN_MS before its
 * contentCreated) until it is stored (withoutPendingBlobs).
 */
import type { TimeRange } from '../model/event-query.ts';
import { mergeRanges, subtractRanges } from '../store/time-ranges.ts';

/** Events of a blob happened before its contentCreated, up to ~24 h before (audit-apis.md §1.7). */
export const BLOB_SPAN_MS = 24 * 3_600_000;
/** A blob can be fetched for 7 days after its contentCreated (audit-apis.md §1.6). */
export const CONTENT_RETENTION_MS = 7 * 24 * 3_600_000;

/** Coverage less the spans of blobs not stored yet (contentCreated of each pending failed blob). */
export function withoutPendingBlobs(coverage: TimeRange[], pendingCreated: readonly string[]): TimeRange[] {
  if (pendingCreated.length === 0) return coverage;
  const holes = mergeRanges(
    pendingCreated.map((created) => ({
      from: new Date(Date.parse(created) - BLOB_SPAN_MS).toISOString(),
      to: created,
    })),
  );
  return mergeRanges(coverage).flatMap((r) => subtractRanges(r.from, r.to, holes));
}

export interface CoverageOptions {
  /** Where the last sync ended (its cursor); defaults to the end of the latest covered range. */
  syncedUntil?: string;
  now?: Date;
  /** With `now`: a last sync older than this no longer excuses the time since. */
  staleAfterMs?: number;
}

/** The parts of [from, to) that coverage lacks, oldest first (see the rule above). */
export function missingRanges(
  coverage: TimeRange[],
  from: string,
  to: string,
  options: CoverageOptions = {},
): TimeRange[] {
  const merged = mergeRanges(coverage);
  const until = options.syncedUntil ?? merged[merged.length - 1]?.to;
  let end = Date.parse(to);
  if (until !== undefined) {
    const untilMs = Date.parse(until);
    const stale =
      options.now !== undefined &&
      options.staleAfterMs !== undefined &&
      options.now.getTime() - untilMs > options.staleAfterMs;
    end = Math.min(end, stale ? options.now!.getTime() : untilMs);
  } else if (options.now !== undefined) {
    end = Math.min(end, options.now.getTime());
  }
  if (end <= Date.parse(from)) return [];
  return subtractRanges(from, new Date(end).toISOString(), merged);
}

/** True when nothing of [from, to) is missing (see missingRanges). */
export function isCovered(coverage: TimeRange[], from: string, to: string, options: CoverageOptions = {}): boolean {
  return missingRanges(coverage, from, to, options).length === 0;
}
