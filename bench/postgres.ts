/**
 * Store benchmark: the same generated Flow events ingested into SQLite and into PostgreSQL, then
 * the questions the bot asks most, timed. Prints records/s for ingest and p50/p95 per question,
 * with PostgreSQL's ingest time as a multiple of SQLite's (issue #5 wants at most 2x).
 *
 *   node bin/run-ts.js bench/postgres.ts [--records 20000] [--batch 200]
 *
 * PostgreSQL comes from DATABASE_URL (else the local server); the run uses a schema of its own
 * and drops it afterwards.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { normalizeRecord } from '../src/audit/normalize.ts';
import { loadConfig } from '../src/config.ts';
import { generateTenant } from '../src/emulator/generator/tenant.ts';
import { resolveOptions } from '../src/emulator/options.ts';
import type { FlowEvent } from '../src/model/flowEvent.ts';
import { openPostgresStore } from '../src/store/postgres.ts';
import { SqliteStore } from '../src/store/sqlite.ts';
import type { EventFilter, Store } from '../src/store/store.ts';

export interface QueryFigure {
  name: string;
  p50Ms: number;
  p95Ms: number;
}

export interface StoreFigures {
  kind: string;
  records: number;
  batches: number;
  ingestMs: number;
  recordsPerSecond: number;
  queries: QueryFigure[];
}

export interface PostgresBenchResult {
  sqlite: StoreFigures;
  /** Null when PostgreSQL could not be reached (see `skipped`). */
  postgres: StoreFigures | null;
  /** PostgreSQL ingest time / SQLite ingest time. */
  ingestRatio: number | null;
  skipped?: string;
}

export interface PostgresBenchOptions {
  databaseUrl: string;
  /** Flow events to generate (about). */
  records?: number;
  /** Events per ingest call: the sync ingests one call per audit blob. */
  batchSize?: number;
  /** Times each question is asked. */
  repeats?: number;
  pgPoolMax?: number;
}

const NOW = new Date('2026-11-24T12:00:00.000Z');
const DAY_MS = 86_400_000;

/** Flow events from the emulator's generator, normalized as the sync would. */
export function generateFlowEvents(records: number, seed = 42): FlowEvent[] {
  const options = resolveOptions({ seed, days: 7, totalRecords: records, otherWorkloadRatio: 0, makers: 200, environments: 8, now: () => NOW });
  const tenant = generateTenant(options, NOW.getTime());
  const events: FlowEvent[] = [];
  for (let i = 0; i < tenant.records.size; i++) {
    const outcome = normalizeRecord(JSON.parse(tenant.records.serialized(i)));
    if (outcome.kind === 'flow') events.push(outcome.event);
  }
  return events;
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

/** The questions of the bot and the digest, as store calls. */
function questions(events: FlowEvent[]): Array<{ name: string; ask: (store: Store) => Promise<unknown> }> {
  const week: EventFilter = { from: new Date(NOW.getTime() - 7 * DAY_MS).toISOString(), to: NOW.toISOString() };
  const day: EventFilter = { from: new Date(NOW.getTime() - DAY_MS).toISOString(), to: NOW.toISOString() };
  const maker = events[Math.floor(events.length / 2)]?.actorUpn ?? 'nobody@contoso.example';
  const connector = events.find((e) => e.connectors.length > 0)?.connectors[0] ?? 'SharePoint';
  return [
    { name: 'new flows today (list, page 1)', ask: (s) => s.findEvents({ ...day, operations: ['CreateFlow'] }, { limit: 25, offset: 0 }) },
    { name: 'this week, all events, page 3', ask: (s) => s.findEvents(week, { limit: 25, offset: 50 }) },
    { name: 'who edited flows this week (by maker)', ask: (s) => s.countBy({ ...week, operations: ['EditFlow'] }, 'actor') },
    { name: 'this week by connector', ask: (s) => s.countBy(week, 'connector') },
    { name: 'this week by operation', ask: (s) => s.countBy(week, 'operation') },
    { name: `flows using ${connector} this week`, ask: (s) => s.findEvents({ ...week, connector }, { limit: 25, offset: 0 }) },
    { name: 'one maker this week', ask: (s) => s.findEvents({ ...week, actorUpn: maker }, { limit: 25, offset: 0 }) },
  ];
}

async function measure(store: Store, events: FlowEvent[], batchSize: number, repeats: number): Promise<StoreFigures> {
  let batches = 0;
  const started = performance.now();
  for (let i = 0; i < events.length; i += batchSize) {
    await store.ingest(events.slice(i, i + batchSize), { now: NOW, blob: { contentId: `bench-blob-${batches}`, contentCreated: NOW.toISOString() } });
    batches++;
  }
  const ingestMs = performance.now() - started;
  const figures: QueryFigure[] = [];
  for (const question of questions(events)) {
    await question.ask(store); // warm-up: plans and caches
    const times: number[] = [];
    for (let r = 0; r < repeats; r++) {
      const t0 = performance.now();
      await question.ask(store);
      times.push(performance.now() - t0);
    }
    times.sort((a, b) => a - b);
    figures.push({ name: question.name, p50Ms: percentile(times, 50), p95Ms: percentile(times, 95) });
  }
  return { kind: store.kind, records: events.length, batches, ingestMs, recordsPerSecond: events.length / (ingestMs / 1000), queries: figures };
}

export async function benchPostgresBesideSqlite(options: PostgresBenchOptions): Promise<PostgresBenchResult> {
  const events = generateFlowEvents(options.records ?? 20_000);
  const batchSize = options.batchSize ?? 200;
  const repeats = options.repeats ?? 30;

  const dir = mkdtempSync(path.join(tmpdir(), 'flowwatch-bench-'));
  let sqlite: StoreFigures;
  const sqliteStore = SqliteStore.open(path.join(dir, 'bench.db'));
  try {
    sqlite = await measure(sqliteStore, events, batchSize, repeats);
  } finally {
    await sqliteStore.close();
    rmSync(dir, { recursive: true, force: true });
  }

  const schema = `fw_bench_${process.pid}_${randomBytes(3).toString('hex')}`;
  const admin = new pg.Client({ connectionString: options.databaseUrl, connectionTimeoutMillis: 5_000 });
  try {
    await admin.connect();
  } catch (error) {
    return { sqlite, postgres: null, ingestRatio: null, skipped: `PostgreSQL not reachable (${(error as Error).message})` };
  }
  try {
    const store = await openPostgresStore({ connectionString: options.databaseUrl, schema, max: options.pgPoolMax ?? 10 });
    try {
      const postgres = await measure(store, events, batchSize, repeats);
      return { sqlite, postgres, ingestRatio: postgres.ingestMs / sqlite.ingestMs };
    } finally {
      await store.close();
    }
  } finally {
    await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await admin.end();
  }
}

export function formatBenchResult(result: PostgresBenchResult): string {
  const lines: string[] = [];
  const stores = [result.sqlite, ...(result.postgres ? [result.postgres] : [])];
  for (const s of stores) {
    lines.push(`${s.kind.padEnd(8)} ingest ${s.records} events in ${s.batches} calls: ${s.ingestMs.toFixed(0)} ms, ${s.recordsPerSecond.toFixed(0)} events/s`);
  }
  if (result.ingestRatio !== null) lines.push(`postgres ingest time = ${result.ingestRatio.toFixed(2)} x sqlite (target <= 2)`);
  if (result.skipped) lines.push(`postgres skipped: ${result.skipped}`);
  lines.push('', `${'question'.padEnd(44)} ${stores.map((s) => `${s.kind} p50/p95 ms`.padStart(22)).join(' ')}`);
  result.sqlite.queries.forEach((q, i) => {
    const cells = stores.map((s) => `${s.queries[i]!.p50Ms.toFixed(2)} / ${s.queries[i]!.p95Ms.toFixed(2)}`.padStart(22));
    lines.push(`${q.name.padEnd(44)} ${cells.join(' ')}`);
  });
  return lines.join('\n');
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { values } = parseArgs({ options: { records: { type: 'string' }, batch: { type: 'string' }, repeats: { type: 'string' } } });
  const config = loadConfig();
  const result = await benchPostgresBesideSqlite({
    databaseUrl: config.databaseUrl ?? 'postgres://postgres@127.0.0.1:5432/postgres',
    pgPoolMax: config.pgPoolMax,
    ...(values.records ? { records: Number(values.records) } : {}),
    ...(values.batch ? { batchSize: Number(values.batch) } : {}),
    ...(values.repeats ? { repeats: Number(values.repeats) } : {}),
  });
  console.log(formatBenchResult(result));
}
