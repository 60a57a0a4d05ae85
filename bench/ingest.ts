/**
 * Ingest benchmark (issue 2): records/s through the whole path (HTTP listing and blob download
 * from the emulator in another process, JSON parse, normalize, filter, dedupe, SQLite insert),
 * next to the in-process limit for the same bytes (parse + normalize + insert the Flow subset, no
 * HTTP), and the peak RSS of this process during the whole-path run.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { emulatorTenantConfig } from '../src/audit/emulatorTenant.ts';
import { ManagementApiClient } from '../src/audit/managementApi.ts';
import { normalizeRecord } from '../src/audit/normalize.ts';
import { createTokenProvider } from '../src/audit/tokenProvider.ts';
import { createLogger } from '../src/log.ts';
import type { FlowEvent } from '../src/model/flowEvent.ts';
import { SqliteStore } from '../src/store/sqlite.ts';
import { runSync } from '../src/sync/runSync.ts';
import { startChildEmulator } from './childEmulator.ts';

export interface IngestFigures {
  records: number;
  flowEvents: number;
  wholePathSeconds: number;
  wholePathRecordsPerSecond: number;
  inProcessSeconds: number;
  inProcessRecordsPerSecond: number;
  ratio: number;
  peakRssMb: number;
}

function peakRssSampler(): { stop(): number } {
  let peak = process.memoryUsage.rss();
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage.rss());
  }, 20);
  return {
    stop() {
      clearInterval(timer);
      return Math.max(peak, process.memoryUsage.rss()) / 1024 / 1024;
    },
  };
}

export async function benchIngest(totalRecords = 1_000_000): Promise<IngestFigures> {
  const dir = mkdtempSync(path.join(tmpdir(), 'flowwatch-bench-ingest-'));
  const emulator = await startChildEmulator(totalRecords);
  const now = () => new Date(emulator.now);
  const log = createLogger('warn');
  try {
    const tenant = emulatorTenantConfig(emulator);
    const http = { httpTimeoutMs: 60_000, maxRetries: 3, blobConcurrency: 8 };
    const feed = new ManagementApiClient({ tenant, tokens: createTokenProvider(tenant, { now }), http, now, logger: log });

    // Whole path.
    const store = SqliteStore.open(path.join(dir, 'whole.db'));
    const rss = peakRssSampler();
    const t0 = performance.now();
    const report = await runSync({ feed, store, now, log, options: { overlapMs: 0, blobConcurrency: http.blobConcurrency } });
    const wholePathSeconds = (performance.now() - t0) / 1000;
    const peakRssMb = rss.stop();
    await store.close();
    if (report.error) throw new Error(`sync failed: ${report.error.message}`);
    const seen = report.recordsSeen;

    // In-process limit: the same bytes, already in memory, parsed and inserted without HTTP.
    const bodies: string[] = [];
    const token = await createTokenProvider(tenant, { now }).getToken();
    const start = new Date(now().getTime() - 7 * 24 * 3_600_000 + 10 * 60_000);
    for (let t = start.getTime(); t < now().getTime(); t += 24 * 3_600_000) {
      const end = new Date(Math.min(t + 24 * 3_600_000, now().getTime()));
      for await (const page of feed.listContent('Audit.General', new Date(t), end)) {
        for (const entry of page) {
          const res = await fetch(`${entry.contentUri}?PublisherIdentifier=${tenant.publisherId}`, {
            headers: { authorization: `Bearer ${token}` },
          });
          bodies.push(await res.text());
        }
      }
    }
    const limitStore = SqliteStore.open(path.join(dir, 'limit.db'));
    const t1 = performance.now();
    let records = 0;
    for (const body of bodies) {
      const events: FlowEvent[] = [];
      for (const raw of JSON.parse(body) as unknown[]) {
        records += 1;
        const outcome = normalizeRecord(raw);
        if (outcome.kind === 'flow') events.push(outcome.event);
      }
      await limitStore.ingest(events, { now: now() });
    }
    const inProcessSeconds = (performance.now() - t1) / 1000;
    await limitStore.close();
    const wholeRate = seen / wholePathSeconds;
    const limitRate = records / inProcessSeconds;
    return {
      records: seen,
      flowEvents: report.flowEventsNew,
      wholePathSeconds,
      wholePathRecordsPerSecond: wholeRate,
      inProcessSeconds,
      inProcessRecordsPerSecond: limitRate,
      ratio: wholeRate / limitRate,
      peakRssMb,
    };
  } finally {
    emulator.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}
