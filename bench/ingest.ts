/**
 * Ingest benchmark (issue 2): records/s through the whole path (HTTP listing and blob download
 * from the emulator in another process, JSON parse, normalize, filter, dedupe, SQLite insert),
 * next to the in-process limit for the same bytes, and the peak RSS of this process during the
 * whole-path run.
 *
 * The limit runs the very same sync (runSync: windows, batching, dedupe, done marks) over a feed
 * that serves the blobs the whole path listed, as the bytes the emulator sent, from memory: the
 * two sides differ only by HTTP, and the run fails unless both saw the same records. Before
 * either is timed, a short sync of the last hours (into a scratch store) warms up the code both
 * share, so the side measured first does not pay for the JIT and lazy loading alone. CPU seconds
 * are reported beside wall time: on a shared machine they say what the code costs.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { getHeapSpaceStatistics } from 'node:v8';
import { emulatorTenantConfig } from '../src/audit/emulator-tenant.ts';
import { ManagementApiClient, withPublisherIdentifier } from '../src/audit/management-api.ts';
import { mapLimit } from '../src/audit/map-limit.ts';
import type { ActivityFeed } from '../src/audit/source.ts';
import { createTokenProvider } from '../src/audit/token-provider.ts';
import { createLogger, type Logger } from '../src/log.ts';
import { SqliteStore } from '../src/store/sqlite/sqlite-store.ts';
import { runSync, syncSource, type SyncOptions } from '../src/sync/run-sync.ts';
import type { SyncReport } from '../src/sync/sync-report.ts';
import { startChildEmulator } from './child-emulator.ts';
import { MemoryFeed, RecordingFeed } from './memory-feed.ts';
import { measureStoreLimit, type StoreLimitFigures } from './store-limit.ts';

export interface IngestFigures {
  records: number;
  flowEvents: number;
  blobs: number;
  wholePathSeconds: number;
  wholePathRecordsPerSecond: number;
  inProcessSeconds: number;
  inProcessRecordsPerSecond: number;
  ratio: number;
  /** CPU seconds (user + system) of this process during each side, and of the emulator during the whole path. */
  wholePathCpuSeconds: number;
  emulatorCpuSeconds: number | null;
  inProcessCpuSeconds: number;
  /** Highest RSS sampled (every 10 ms) during the whole-path run. */
  peakRssMb: number;
  /** At that sample: V8's old and new space and the memory outside V8's heap that it tracks (Buffers). */
  atPeak: { oldSpaceMb: number; newSpaceMb: number; externalMb: number };
  /** The kernel's RSS high-water mark of this process at the end of the whole-path run (start-up included). */
  maxRssMb: number;
  /** Flow events stored per second of the whole path, and the store's limit for the same bytes (issue 12). */
  wholePathFlowEventsPerSecond: number;
  storeLimit: StoreLimitFigures;
}

/** The warm-up syncs this much of the end of the tenant's history (about 2% of 6 days). */
const WARM_UP_MS = 3 * 3_600_000;

const MB = 1024 * 1024;

/** Where the memory was at one moment: what to shrink when the peak is over its goal. */
function memoryNow(): IngestFigures['atPeak'] {
  const space = (name: string) => (getHeapSpaceStatistics().find((s) => s.space_name === name)?.space_size ?? 0) / MB;
  return {
    oldSpaceMb: space('old_space'),
    newSpaceMb: space('new_space'),
    externalMb: process.memoryUsage().external / MB,
  };
}

function peakRssSampler(): { stop(): { peakRssMb: number; atPeak: IngestFigures['atPeak'] } } {
  let peak = process.memoryUsage.rss();
  let atPeak = memoryNow();
  const sample = () => {
    const rss = process.memoryUsage.rss();
    if (rss <= peak) return;
    peak = rss;
    atPeak = memoryNow();
  };
  const timer = setInterval(sample, 10);
  return {
    stop() {
      clearInterval(timer);
      sample();
      return { peakRssMb: peak / MB, atPeak };
    },
  };
}

/** Wall and CPU time of `run`. */
async function timed<T>(run: () => Promise<T>): Promise<{ value: T; seconds: number; cpuSeconds: number }> {
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const value = await run();
  const seconds = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  return { value, seconds, cpuSeconds: (cpu.user + cpu.system) / 1e6 };
}

/** Whole-path sync of the last few hours of the emulated tenant into a scratch store. */
async function warmUp(
  dir: string,
  makeFeed: () => ActivityFeed,
  now: () => Date,
  log: Logger,
  options: SyncOptions,
): Promise<void> {
  const store = SqliteStore.open(path.join(dir, 'warm-up.db'));
  try {
    await store.syncState.setCursor(syncSource('Audit.General'), new Date(now().getTime() - WARM_UP_MS).toISOString());
    checkOk(await runSync({ feed: makeFeed(), store, now, log, options }), 'warm-up');
  } finally {
    await store.close();
  }
}

function checkOk(report: SyncReport, side: string): void {
  if (!report.ok) throw new Error(`${side}: sync failed: ${report.error?.message}`);
  if (report.brokenRecords > 0 || report.gaps.length > 0)
    throw new Error(`${side}: ${report.brokenRecords} broken records, ${report.gaps.length} gaps`);
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
    const client = () =>
      new ManagementApiClient({ tenant, tokens: createTokenProvider(tenant, { now }), http, now, logger: log });
    await warmUp(dir, client, now, log, options);

    // Whole path: a first sync of the emulated tenant over HTTP into an empty store.
    const feed = new RecordingFeed(client());
    const store = SqliteStore.open(path.join(dir, 'whole.db'));
    const rss = peakRssSampler();
    const emulatorCpu0 = emulator.cpuSeconds();
    const {
      value: whole,
      seconds: wholePathSeconds,
      cpuSeconds: wholePathCpuSeconds,
    } = await timed(() => runSync({ feed, store, now, log, options }));
    const emulatorCpu1 = emulator.cpuSeconds();
    const { peakRssMb, atPeak } = rss.stop();
    const maxRssMb = process.resourceUsage().maxRSS / 1024;
    await store.close();
    checkOk(whole, 'whole path');

    // The bytes of exactly the blobs the whole path listed, fetched outside any measurement.
    const token = await createTokenProvider(tenant, { now }).getToken();
    const bodies = new Map<string, Buffer>();
    await mapLimit(feed.listed, 8, async (entry) => {
      const res = await fetch(withPublisherIdentifier(entry.contentUri, tenant.publisherId), {
        headers: { authorization: `Bearer ${token}` },
      });
      if (!res.ok) throw new Error(`blob ${entry.contentId}: HTTP ${res.status}`);
      bodies.set(entry.contentId, Buffer.from(await res.arrayBuffer()));
    });

    const storeLimit = measureStoreLimit(bodies.values(), dir);
    if (storeLimit.flowEvents !== whole.flowEventsNew)
      throw new Error(
        `the store limit saw ${storeLimit.flowEvents} Flow events, the whole path ${whole.flowEventsNew}`,
      );

    // In-process limit: the same sync from memory into another empty store.
    const limitStore = SqliteStore.open(path.join(dir, 'limit.db'));
    const memoryFeed = new MemoryFeed(feed.listed, bodies);
    const {
      value: limit,
      seconds: inProcessSeconds,
      cpuSeconds: inProcessCpuSeconds,
    } = await timed(() => runSync({ feed: memoryFeed, store: limitStore, now, log, options }));
    await limitStore.close();
    checkOk(limit, 'in-process limit');
    for (const key of ['blobsFetched', 'recordsSeen', 'flowEventsNew', 'duplicates', 'otherWorkloadSkipped'] as const) {
      if (whole[key] !== limit[key])
        throw new Error(`the two sides differ: ${key} ${whole[key]} (whole path) vs ${limit[key]} (in-process)`);
    }
    // Exact: the emulator counted the Flow records of the very range this sync lists.
    if (whole.range?.from !== emulator.listed.from || whole.range?.to !== emulator.listed.to)
      throw new Error(
        `the sync listed ${JSON.stringify(whole.range)}, the emulator counted ${JSON.stringify(emulator.listed)}`,
      );
    if (whole.flowEventsNew !== emulator.flowRecords)
      throw new Error(`stored ${whole.flowEventsNew} Flow events, the emulator published ${emulator.flowRecords}`);

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
      wholePathCpuSeconds,
      emulatorCpuSeconds: emulatorCpu0 === null || emulatorCpu1 === null ? null : emulatorCpu1 - emulatorCpu0,
      inProcessCpuSeconds,
      peakRssMb,
      atPeak,
      maxRssMb,
      wholePathFlowEventsPerSecond: whole.flowEventsNew / wholePathSeconds,
      storeLimit,
    };
  } finally {
    emulator.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}
