/**
 * One content blob through the sync: fetch it, keep its Flow records and queue them for the
 * BlobWriter with the blob's done mark. An expired blob becomes a recorded gap (done, with no
 * events); a blob that ran out of retries is recorded in the failed set for later runs instead of
 * stopping the run, so one bad blob no longer holds the rest of its window back. Store failures are
 * not blob failures: they reject, and the run stops where it is.
 */
import { normalizeRecord } from '../audit/normalize.ts';
import { normalizeGovernanceRecord } from '../audit/normalize-governance.ts';
import type { GovernanceEvent } from '../model/governance-event.ts';
import { AuditApiError, ContentExpiredError, type ContentEntry } from '../audit/source.ts';
import type { FlowEvent } from '../model/flow-event.ts';
import type { BlobWriter } from './blob-writer.ts';
import { BLOB_SPAN_MS } from './coverage.ts';
import type { SyncDeps } from './run-sync.ts';
import { MAX_BROKEN_REASONS, type SyncReport } from './sync-report.ts';

/** What the blobs of one run share. */
export interface BlobContext {
  deps: SyncDeps;
  /** Cursor and coverage key, e.g. "mgmt:Audit.General". */
  source: string;
  report: SyncReport;
  writer: BlobWriter;
  /** Blobs that ran out of retries in this run: not tried again until the next one. */
  failedThisRun: Set<string>;
  /** Blobs that ran out of retries since the last one that did not (see outageAfter). */
  streak: { failures: number };
}

/**
 * This many blobs in a row out of retries, none fetched in between, is an outage rather than a
 * flaky API: the run stops (its window's cursor stays) instead of spending every blob's retries.
 * Sustained faults of 25% throttling, 20% 5xx and 30% cut bodies leave about 1 blob in 50 out of
 * retries with the default 6 (0.58^7, about 1 in 45), so this practically never trips on them.
 */
export function outageAfter(blobConcurrency: number): number {
  return Math.max(8, 2 * blobConcurrency);
}

/** queued: its events wait in the writer; gap: expired, recorded; failed: recorded for later runs. */
export type BlobOutcome = 'queued' | 'gap' | 'failed';

/** Longest error text kept with a failed blob. */
const MAX_ERROR_TEXT = 300;

export async function syncBlob(ctx: BlobContext, entry: ContentEntry): Promise<BlobOutcome> {
  let records: unknown[];
  try {
    records = await ctx.deps.feed.fetchContent(entry);
  } catch (error) {
    if (error instanceof ContentExpiredError) {
      await recordExpired(ctx, entry, `${error.code}: ${error.message}`);
      return 'gap';
    }
    await recordFailed(ctx, entry, error);
    if (++ctx.streak.failures >= outageAfter(ctx.deps.options.blobConcurrency)) throw outage(ctx, error);
    return 'failed';
  }
  ctx.streak.failures = 0;
  await queueRecords(ctx, entry, records);
  return 'queued';
}

function outage(ctx: BlobContext, last: unknown): AuditApiError {
  const message = `${ctx.streak.failures} blobs in a row ran out of retries (they are recorded and fetched again later); last: ${(last as Error)?.message ?? String(last)}`;
  return last instanceof AuditApiError
    ? new AuditApiError(message, last.status, last.code, true)
    : new AuditApiError(message, null, null, true);
}

/** A gap over the time its events can lie in, and the blob marked done with no events. */
export async function recordExpired(ctx: BlobContext, entry: ContentEntry, reason: string): Promise<void> {
  const { deps, report } = ctx;
  const created = Date.parse(entry.contentCreated);
  await deps.store.syncState.recordGap({
    source: ctx.source,
    contentId: entry.contentId,
    from: new Date(created - BLOB_SPAN_MS).toISOString(),
    to: new Date(created).toISOString(),
    reason,
    recordedAt: deps.now().toISOString(),
  });
  await ctx.writer.add({
    events: [],
    blob: { contentId: entry.contentId, contentCreated: entry.contentCreated },
    committed: () => {
      report.gaps.push(entry.contentId);
      deps.log.warn('blob expired before it was stored; recorded as a gap', { contentId: entry.contentId });
    },
  });
}

async function recordFailed(ctx: BlobContext, entry: ContentEntry, error: unknown): Promise<void> {
  const { deps, report } = ctx;
  const e = error as Error;
  const text =
    error instanceof AuditApiError && error.code ? `${error.code}: ${e.message}` : String(e?.message ?? error);
  await deps.store.syncState.recordFailedBlob({
    source: ctx.source,
    contentId: entry.contentId,
    contentUri: entry.contentUri,
    contentCreated: entry.contentCreated,
    error: text.slice(0, MAX_ERROR_TEXT),
    at: deps.now().toISOString(),
  });
  ctx.failedThisRun.add(entry.contentId);
  report.failedBlobs.push(entry.contentId);
  deps.log.warn('blob ran out of retries; recorded, a later run fetches it again', {
    contentId: entry.contentId,
    error: text.slice(0, MAX_ERROR_TEXT),
  });
}

async function queueRecords(ctx: BlobContext, entry: ContentEntry, records: unknown[]): Promise<void> {
  const { report } = ctx;
  const events: FlowEvent[] = [];
  const governance: GovernanceEvent[] = [];
  let other = 0;
  const broken: string[] = [];
  for (const raw of records) {
    const outcome = normalizeRecord(raw);
    if (outcome.kind === 'flow') events.push(outcome.event);
    else if (outcome.kind === 'other-workload') {
      // Connection and admin events are not flow events (still counted as another workload's).
      const admin = normalizeGovernanceRecord(raw);
      if (admin.kind === 'broken') broken.push(admin.reason);
      else other++;
      if (admin.kind === 'governance') governance.push(admin.event);
    } else broken.push(outcome.reason);
  }
  const recordsSeen = records.length;
  await ctx.writer.add({
    events,
    ...(governance.length > 0 ? { governance } : {}),
    blob: { contentId: entry.contentId, contentCreated: entry.contentCreated },
    // Counted only once stored, so a blob whose commit failed (fetched again next run) is not counted twice.
    committed: (result) => {
      report.blobsFetched++;
      report.recordsSeen += recordsSeen;
      report.flowEventsNew += result.inserted;
      report.duplicates += result.duplicates;
      report.otherWorkloadSkipped += other;
      report.brokenRecords += broken.length;
      for (const reason of broken)
        if (report.brokenReasons.length < MAX_BROKEN_REASONS)
          report.brokenReasons.push(`${entry.contentId}: ${reason}`);
    },
  });
}
