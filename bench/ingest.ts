/**
 * Ingest benchmark (issue 2): records/s through the whole path (HTTP listing and blob download
 * from the emulator in another process, JSON parse, normalize, filter, dedupe, SQLite insert),
 * next to the in-process limit for the same bytes, and the peak RSS of this process during the
 * whole-path run.
 *
 * The limit runs the very same sync (runSync: windows, batching, dedupe, done marks) over a feed
 * that serves the blobs the whole path listed, as the bytes the emulator sent, from memory: the
 * two sides differ only by HTTP, and the run fails unless both saw the same records.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { emulatorTenantConfig } from '../src/audit/emulatorTenant.ts';
import { ManagementApiClient, withPublisherIdentifier } from '../src/audit/managementApi.ts';
import { mapLimit } from '../src/audit/mapLimit.ts';
import { createTokenProvider } from '../src/audit/tokenProvider.ts';
import { createLogger, type Logger } from '../src/log.ts';
import { SqliteStore } from '../src/store/sqlite.ts';
import { runSync, type SyncOptions } from '../src/sync/runSync.ts';
import type { SyncReport } from '../src/sync/syncReport.ts';
import { startChildEmulator } from './childEmulator.ts';
import { MemoryFeed, RecordingFeed } from './memoryFeed.ts';

export interface IngestFigures {
  records: number;
  flowEvents: number;
  blobs: number;
  wholePathSeconds: number;
  wholePathRecordsPerSecond: number;
  inProcessSeconds: number;
  inProcessRecordsPerSecond: number;
  ratio: number;
  /** Highest RSS sampled (every 10 ms) during the whole-path run. */
  peakRssMb: number;
  /** The kernel's RSS high-water mark of this process at the end of the whole-path run (start-up included). */
  maxRssMb: number;
}

function peakRssSampler(): { stop(): number } {
  let peak = process.memoryUsage.rss();
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage.rss());
  }, 10);
  return {
    stop() {
      clearInterval(timer);
      return Math.max(peak, process.memoryUsage.rss()) / 1024 / 1024;
    },
  };
}

function checkOk(report: SyncReport, side: string): void {
  if (!report.ok) throw new Error(`${side}: sync failed: ${report.error?.message}`);
  if (report.brokenRecords > 0 || report.gaps.length > 0) throw new Error(`${side}: ${report.brokenRecords} broken records, ${report.gaps.length} gaps`);
}

export async function benchIngest(totalRecords = 1_000_000): Promise<IngestFigures> {
  const dir = mkdtempSync(path.join(tmpdir(), 'flowwatch-bench-ingest-'));
  const emulator = await startChildEmulator(totalRecords);
  const now = () => new Date(emulator.now);
  const log: Logger = createLogger('warn');
  const options: SyncOptions = { overlapMs: 0, blobConcurrency: 8 };
  try {
    const tenant = emulatorTenantConfig(emulator);
    const http = { httpTimeoutMs: 60_000, maxRetries: 3, blobConcurrency: options.blobConcurrency };
    const feed = new RecordingFeed(new ManagementApiClient({ tenant, tokens: createTokenProvider(tenant, { now }), http, now, logger: log }));

    // Whole path: a first sync of the emulated tenant over HTTP into an empty store.
    const store = SqliteStore.open(path.join(dir, 'whole.db'));
    const rss = peakRssSampler();
    const t0 = performance.now();
    const whole = await runSync({ feed, store, now, log, options });
    const wholePathSeconds = (performance.now() - t0) / 1000;
    const peakRssMb = rss.stop();
    const maxRssMb = process.resourceUsage().maxRSS / 1024;
    await store.close();
    checkOk(whole, 'whole path');

    // The bytes of exactly the blobs the whole path listed, fetched outside any measurement.
    const token = await createTokenProvider(tenant, { now }).getToken();
    const bodies = new Map<string, Buffer>();
    await mapLimit(feed.listed, 8, async (entry) => {
      const res = await fetch(withPublisherIdentifier(entry.contentUri, tenant.publisherId), { headers: { authorization: `Bearer ${token}` } });
      if (!res.ok) throw new Error(`blob ${entry.contentId}: HTTP ${res.status}`);
      bodies.set(entry.contentId, Buffer.from(await res.arrayBuffer()));
    });

    // In-process limit: the same sync from memory into another empty store.
    const limitStore = SqliteStore.open(path.join(dir, 'limit.db'));
    const t1 = performance.now();
    const limit = await runSync({ feed: new MemoryFeed(feed.listed, bodies), store: limitStore, now, log, options });
    const inProcessSeconds = (performance.now() - t1) / 1000;
    await limitStore.close();
    checkOk(limit, 'in-process limit');
    for (const key of ['blobsFetched', 'recordsSeen', 'flowEventsNew', 'duplicates', 'otherWorkloadSkipped'] as const) {
      if (whole[key] !== limit[key]) throw new Error(`the two sides differ: ${key} ${whole[key]} (whole path) vs ${limit[key]} (in-process)`);
    }
    if (whole.flowEventsNew !== emulator.flowRecords) throw new Error(`stored ${whole.flowEventsNew} Flow events, the emulator published ${emulator.flowRecords}`);

    const wholeRate = whole.recordsSeen / wholePathSeconds;
    const limitRate = limit.recordsSeen / inProcessSeconds;
    return {
      records: whole.recordsSeen,
      flowEvents: whole.flowEventsNew,
      blobs: whole.blobsFetched,
      wholePathSeconds,
      wholePathRecordsPerSecond: wholeRate,
      inProcessSeconds,
      inProcessRecordsPerSecond: limitRate,
      ratio: wholeRate / limitRate,
      peakRssMb,
      maxRssMb,
    };
  } finally {
    emulator.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}
