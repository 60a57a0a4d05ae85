/**
 * One sync run over the Management Activity API (audit-apis.md §1.5–1.8, §7): list content by
 * contentCreated windows from the persisted cursor (less an overlap, for listings that show up
 * late), skip blobs already done, fetch the rest with bounded concurrency, keep the Flow records,
 * and store each blob's events together with its done mark (several whole blobs per commit,
 * blobWriter.ts). A crash at any point therefore loses
 * nothing (the blob is not done, so it is fetched again) and duplicates nothing (events dedupe on
 * id, done blobs are skipped). The cursor only moves past a window once all of it is processed:
 * each blob stored, recorded as a gap, or (out of retries) recorded in the failed set, which the
 * next runs fetch again first (retry-failed-blobs.ts). So a few bad blobs under sustained faults
 * no longer hold back the cursor, and nothing is lost.
 */
import { mapLimit } from '../audit/map-limit.ts';
import { AuditApiError, type ActivityFeed, type ContentEntry } from '../audit/source.ts';
import type { Logger } from '../log.ts';
import type { Store } from '../store/store.ts';
import type { TimeRange } from '../model/event-query.ts';
import { BlobWriter, queueThenFlush, type BlobWriterOptions } from './blob-writer.ts';
import { retryFailedBlobs } from './retry-failed-blobs.ts';
import { syncBlob, type BlobContext } from './sync-blob.ts';
import { planWindows, windowRange } from './sync-windows.ts';
import { emptyReport, toReportRecord, type SyncReport } from './sync-report.ts';

export interface SyncOptions {
  /** How far before the cursor each run starts listing again (late listings). */
  overlapMs: number;
  /** Blobs fetched at once. */
  blobConcurrency: number;
  /** How fetched blobs are grouped into commits (defaults: DEFAULT_BLOB_WRITER). */
  commitBatch?: Partial<BlobWriterOptions>;
  contentType?: 'Audit.General';
}

export interface SyncDeps {
  feed: ActivityFeed;
  store: Store;
  now: () => Date;
  log: Logger;
  options: SyncOptions;
}

/** Cursor and coverage key of a content type, e.g. "mgmt:Audit.General". */
export function syncSource(contentType: string): string {
  return `mgmt:${contentType}`;
}

/** API answers that mean "no subscription": start it, then list again (audit-apis.md §1.8). */
const NO_SUBSCRIPTION = new Set(['AF20022', 'AF20023']);

/** Runs one sync and saves its report. Never throws for audit or store failures: they end up in the report. */
export async function runSync(deps: SyncDeps): Promise<SyncReport> {
  const { feed, store, now, options } = deps;
  const contentType = options.contentType ?? 'Audit.General';
  const source = syncSource(contentType);
  const started = now();
  const report = emptyReport(source, started);
  const log = deps.log.child({ sync: source });
  let window: TimeRange | null = null;
  const run = { deps: { ...deps, log }, source, report, failedThisRun: new Set<string>(), streak: { failures: 0 } };
  try {
    const cursor = await store.syncState.getCursor(source);
    report.cursor = cursor;
    if (cursor === null) report.subscription = await feed.ensureSubscription(contentType);
    await retryFailedBlobs(run, contentType);
    const windows = planWindows(cursor, started, options.overlapMs);
    report.windows = windows.length;
    if (windows.length > 0)
      report.range = { from: windows[0].start.toISOString(), to: windows[windows.length - 1].end.toISOString() };
    for (const w of windows) {
      window = windowRange(w);
      const windowLog = log.child({ window: `${window.from}/${window.to}` });
      await syncWindow({ ...run, deps: { ...deps, log: windowLog } }, contentType, w);
      await store.syncState.setCursor(source, window.to);
      await store.syncState.addCoverage(source, window);
      report.cursor = window.to;
      report.windowsCompleted++;
    }
  } catch (error) {
    report.ok = false;
    const e = error as Error;
    report.error = {
      message: e.message ?? String(error),
      code: error instanceof AuditApiError ? error.code : null,
      window,
    };
    log.warn('sync stopped; the next run resumes from the last completed window', { error, window });
  }
  await finishReport({ ...deps, log }, report, started);
  return report;
}

async function listWindow(
  deps: SyncDeps,
  contentType: string,
  w: { start: Date; end: Date },
  report: SyncReport,
): Promise<ContentEntry[]> {
  const byId = new Map<string, ContentEntry>();
  let pages = 0;
  try {
    for await (const page of deps.feed.listContent(contentType, w.start, w.end)) {
      pages++;
      for (const entry of page) byId.set(entry.contentId, entry);
    }
  } catch (error) {
    if (
      !(error instanceof AuditApiError && error.code !== null && NO_SUBSCRIPTION.has(error.code)) ||
      report.subscription !== null
    )
      throw error;
    deps.log.warn('no active subscription; starting it', { code: error.code });
    report.subscription = await deps.feed.ensureSubscription(contentType);
    return listWindow(deps, contentType, w, report);
  }
  report.pages += pages;
  return [...byId.values()];
}

/** Fills in the pending count and lags, saves the report and logs it. */
async function finishReport(deps: SyncDeps, report: SyncReport, started: Date): Promise<void> {
  const { store, now, log } = deps;
  report.failedBlobsPending = await countPending(deps, report.source);
  const finished = now();
  report.finishedAt = finished.toISOString();
  report.durationMs = finished.getTime() - started.getTime();
  report.contentLagMs =
    report.newestContentCreated === null ? null : finished.getTime() - Date.parse(report.newestContentCreated);
  report.cursorLagMs = report.cursor === null ? null : finished.getTime() - Date.parse(report.cursor);
  try {
    await store.syncState.saveSyncReport(toReportRecord(report));
  } catch (error) {
    log.error('could not save the sync report', { error });
  }
  log.info(report.ok ? 'sync done' : 'sync failed', {
    windows: `${report.windowsCompleted}/${report.windows}`,
    blobsFetched: report.blobsFetched,
    flowEventsNew: report.flowEventsNew,
    duplicates: report.duplicates,
    gaps: report.gaps.length,
    failedBlobs: report.failedBlobs.length,
    failedBlobsPending: report.failedBlobsPending,
    recordsSeen: report.recordsSeen,
    ...(report.subscription ? { subscription: report.subscription } : {}),
    ...(report.error ? { error: report.error.message } : {}),
  });
}

/** Pending failed blobs after the run, for the report; null when the store cannot say. */
async function countPending(deps: SyncDeps, source: string): Promise<number | null> {
  try {
    return (await deps.store.syncState.listFailedBlobs(source)).length;
  } catch {
    return null;
  }
}

async function syncWindow(
  run: Omit<BlobContext, 'writer'>,
  contentType: string,
  w: { start: Date; end: Date },
): Promise<void> {
  const { deps, report } = run;
  const entries = await listWindow(deps, contentType, w, report);
  report.blobsListed += entries.length;
  for (const entry of entries) {
    if (
      report.newestContentCreated === null ||
      Date.parse(entry.contentCreated) > Date.parse(report.newestContentCreated)
    ) {
      report.newestContentCreated = entry.contentCreated;
    }
  }
  const done = await deps.store.syncState.doneBlobs(entries.map((e) => e.contentId));
  report.blobsSkippedDone += done.size;
  // A blob that already ran out of retries in this run (retried first) is recorded; not again now.
  const todo = entries.filter((e) => !done.has(e.contentId) && !run.failedThisRun.has(e.contentId));
  // Fetching runs ahead while finished blobs are committed in batches (blobWriter.ts).
  const writer = new BlobWriter(deps.store.events, deps.now, deps.options.commitBatch, deps.store.governance);
  const ctx: BlobContext = { ...run, writer };
  // Fail-fast on store failures: no new blob starts; those in flight finish and keep their work.
  await queueThenFlush(writer, () =>
    mapLimit(todo, Math.max(1, deps.options.blobConcurrency), (entry) => syncBlob(ctx, entry)),
  );
  deps.log.debug('window done', { blobs: entries.length, skipped: done.size });
}
