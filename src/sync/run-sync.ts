/**
 * One sync run over the Management Activity API (audit-apis.md §1.5–1.8, §7): list content by
 * contentCreated windows from the persisted cursor (less an overlap, for listings that show up
 * late), skip blobs already done, fetch the rest with bounded concurrency, keep the Flow records,
 * and store each blob's events together with its done mark (several whole blobs per commit,
 * blobWriter.ts). A crash at any point therefore loses
 * nothing (the blob is not done, so it is fetched again) and duplicates nothing (events dedupe on
 * id, done blobs are skipped). The cursor only moves past a window once all of it is processed.
 */
import { mapLimit } from '../audit/map-limit.ts';
import { normalizeRecord } from '../audit/normalize.ts';
import { AuditApiError, ContentExpiredError, type ActivityFeed, type ContentEntry } from '../audit/source.ts';
import type { Logger } from '../log.ts';
import type { FlowEvent } from '../model/flow-event.ts';
import type { Store } from '../store/store.ts';
import type { TimeRange } from '../model/event-query.ts';
import { BlobWriter, type BlobWriterOptions } from './blob-writer.ts';
import { planWindows, windowRange } from './sync-windows.ts';
import { emptyReport, MAX_BROKEN_REASONS, toReportRecord, type SyncReport } from './sync-report.ts';

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
/** Events of an expired blob happened before its contentCreated, up to ~24 h before (§1.7). */
const BLOB_SPAN_MS = 24 * 3_600_000;

/** Runs one sync and saves its report. Never throws for audit or store failures: they end up in the report. */
export async function runSync(deps: SyncDeps): Promise<SyncReport> {
  const { feed, store, now, options } = deps;
  const contentType = options.contentType ?? 'Audit.General';
  const source = syncSource(contentType);
  const started = now();
  const report = emptyReport(source, started);
  const log = deps.log.child({ sync: source });
  let window: TimeRange | null = null;
  try {
    const cursor = await store.syncState.getCursor(source);
    report.cursor = cursor;
    if (cursor === null) report.subscription = await feed.ensureSubscription(contentType);
    const windows = planWindows(cursor, started, options.overlapMs);
    report.windows = windows.length;
    if (windows.length > 0)
      report.range = { from: windows[0].start.toISOString(), to: windows[windows.length - 1].end.toISOString() };
    for (const w of windows) {
      window = windowRange(w);
      await syncWindow({ ...deps, log: log.child({ window: `${window.from}/${window.to}` }) }, contentType, w, report);
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
    recordsSeen: report.recordsSeen,
    ...(report.subscription ? { subscription: report.subscription } : {}),
    ...(report.error ? { error: report.error.message } : {}),
  });
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

async function syncWindow(
  deps: SyncDeps,
  contentType: string,
  w: { start: Date; end: Date },
  report: SyncReport,
): Promise<void> {
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
  const todo = entries.filter((e) => !done.has(e.contentId));
  // Fetching runs ahead while finished blobs are committed in batches (blobWriter.ts).
  const writer = new BlobWriter(deps.store.events, deps.now, deps.options.commitBatch);
  let failure: { error: unknown } | null = null;
  try {
    // Fail-fast: after a failure no new blob starts; those in flight finish and keep their work.
    await mapLimit(todo, Math.max(1, deps.options.blobConcurrency), (entry) =>
      syncBlob(deps, contentType, entry, report, writer),
    );
  } catch (error) {
    failure = { error };
  }
  try {
    await writer.flush();
  } catch (error) {
    failure ??= { error };
  }
  if (failure) throw failure.error;
  deps.log.debug('window done', { blobs: entries.length, skipped: done.size });
}

async function syncBlob(
  deps: SyncDeps,
  contentType: string,
  entry: ContentEntry,
  report: SyncReport,
  writer: BlobWriter,
): Promise<void> {
  const { store, now } = deps;
  const blob = { contentId: entry.contentId, contentCreated: entry.contentCreated };
  let records: unknown[];
  try {
    records = await deps.feed.fetchContent(entry);
  } catch (error) {
    if (!(error instanceof ContentExpiredError)) throw error;
    const created = Date.parse(entry.contentCreated);
    await store.syncState.recordGap({
      source: syncSource(contentType),
      contentId: entry.contentId,
      from: new Date(created - BLOB_SPAN_MS).toISOString(),
      to: new Date(created).toISOString(),
      reason: `${error.code}: ${error.message}`,
      recordedAt: now().toISOString(),
    });
    await writer.add({
      events: [],
      blob,
      committed: () => {
        report.gaps.push(entry.contentId);
        deps.log.warn('blob expired before it was fetched; recorded as a gap', { contentId: entry.contentId });
      },
    });
    return;
  }
  const events: FlowEvent[] = [];
  let other = 0;
  const broken: string[] = [];
  for (const raw of records) {
    const outcome = normalizeRecord(raw);
    if (outcome.kind === 'flow') events.push(outcome.event);
    else if (outcome.kind === 'other-workload') other++;
    else broken.push(outcome.reason);
  }
  const recordsSeen = records.length;
  await writer.add({
    events,
    blob,
    // Counted only once stored, so a failed blob (fetched again next run) is not counted twice.
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
