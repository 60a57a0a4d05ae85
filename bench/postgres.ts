/**
 * PostgreSQL beside SQLite (issue #5): the same synthetic Flow events ingested into each store in
 * the same batches, then the standard questions of the SQLite benchmark (parseQuestion + runQuery,
 * bench/queries.ts) timed on each. Prints events/s for ingest with PostgreSQL's time as a multiple
 * of SQLite's (the issue wants at most 2x), and p50/p95 per question side by side; PostgreSQL's
 * questions are timed right after the load and again after VACUUM ANALYZE (autovacuum's job).
 *
 *   node bin/run-ts.js bench/postgres.ts [--events 100000] [--batch 200] [--rounds 20]
 *
 * `npm run bench` calls benchPostgres(). PostgreSQL comes from DATABASE_URL (else the local
 * server); the run works in a schema of its own and drops it afterwards.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { normalizeRecord } from '../src/audit/normalize.ts';
import { loadConfig } from '../src/config/load-config.ts';
import { generateTenant } from '../src/emulator/generator/tenant.ts';
import { resolveOptions } from '../src/emulator/options.ts';
import type { FlowEvent } from '../src/model/flow-event.ts';
import { openPostgresStore } from '../src/store/postgres/postgres-store.ts';
import { SqliteStore } from '../src/store/sqlite/sqlite-store.ts';
import type { Store } from '../src/store/store.ts';
import { measureQuestions, type LatencyFigures } from './queries.ts';
import { syntheticEvents } from './synthetic-events.ts';

export interface StoreFigures {
  kind: string;
  events: number;
  batches: number;
  ingestSeconds: number;
  eventsPerSecond: number;
  questions: LatencyFigures;
  /**
   * PostgreSQL only: the same questions again after VACUUM ANALYZE of the store's tables, which
   * autovacuum does on its own a while after a bulk load (visibility map for index-only scans,
   * statistics of the new rows); `questions` is right after the load, before autovacuum ran.
   */
  settled?: LatencyFigures;
}

export interface PostgresBenchResult {
  sqlite: StoreFigures;
  /** Null when PostgreSQL could not be reached (see `skipped`). */
  postgres: StoreFigures | null;
  /** PostgreSQL ingest time / SQLite ingest time (goal <= 2). */
  ingestRatio: number | null;
  skipped?: string;
}

export interface PostgresBenchOptions {
  databaseUrl: string;
  /** Flow events in each store (spread over 60 days). */
  events?: number;
  /** Events per ingest call; the sync makes one call per audit blob. */
  batchSize?: number;
  /** Times each question is asked. */
  rounds?: number;
  pgPoolMax?: number;
}

const NOW = new Date('2026-11-25T12:00:00Z');
const DAYS = 60;

/** Flow events from the emulator's generator over the 7 days before `now`, normalized as the sync would (bench/bot.ts uses them). */
export function generateFlowEvents(
  records: number,
  seed = 42,
  now = new Date('2026-11-24T12:00:00.000Z'),
): FlowEvent[] {
  const options = resolveOptions({
    seed,
    days: 7,
    totalRecords: records,
    otherWorkloadRatio: 0,
    makers: 200,
    environments: 8,
    now: () => now,
  });
  const tenant = generateTenant(options, now.getTime());
  const events: FlowEvent[] = [];
  for (let i = 0; i < tenant.records.size; i++) {
    const outcome = normalizeRecord(JSON.parse(tenant.records.serialized(i)));
    if (outcome.kind === 'flow') events.push(outcome.event);
  }
  return events;
}

async function measureStore(
  store: Store,
  events: number,
  batchSize: number,
  rounds: number,
  settle?: () => Promise<void>,
): Promise<StoreFigures> {
  let batches = 0;
  const t0 = performance.now();
  for (const batch of syntheticEvents(events, NOW, DAYS, batchSize)) {
    await store.events.ingest(batch, {
      now: NOW,
      blob: { contentId: `bench-blob-${batches}`, contentCreated: NOW.toISOString() },
    });
    batches++;
  }
  const ingestSeconds = (performance.now() - t0) / 1000;
  await store.syncState.addCoverage('mgmt:Audit.General', {
    from: new Date(NOW.getTime() - (DAYS + 1) * 86_400_000).toISOString(),
    to: NOW.toISOString(),
  });
  const questions = await measureQuestions(store, NOW, rounds);
  const figures: StoreFigures = {
    kind: store.kind,
    events,
    batches,
    ingestSeconds,
    eventsPerSecond: events / ingestSeconds,
    questions,
  };
  if (settle) {
    await settle();
    figures.settled = await measureQuestions(store, NOW, rounds);
  }
  return figures;
}

export async function benchPostgresBesideSqlite(options: PostgresBenchOptions): Promise<PostgresBenchResult> {
  const events = options.events ?? 100_000;
  const batchSize = options.batchSize ?? 200;
  const rounds = options.rounds ?? 20;

  const dir = mkdtempSync(path.join(tmpdir(), 'flowwatch-bench-pg-'));
  let sqlite: StoreFigures;
  try {
    const store = SqliteStore.open(path.join(dir, 'bench.db'));
    try {
      sqlite = await measureStore(store, events, batchSize, rounds);
    } finally {
      await store.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }

  const admin = new pg.Client({ connectionString: options.databaseUrl, connectionTimeoutMillis: 5_000 });
  try {
    await admin.connect();
  } catch (error) {
    return {
      sqlite,
      postgres: null,
      ingestRatio: null,
      skipped: `PostgreSQL not reachable (${(error as Error).message}); set DATABASE_URL`,
    };
  }
  const schema = `fw_bench_${process.pid}_${randomBytes(3).toString('hex')}`;
  try {
    const store = await openPostgresStore({
      connectionString: options.databaseUrl,
      schema,
      max: options.pgPoolMax ?? 10,
    });
    try {
      const vacuum = async () => {
        const { rows } = await admin.query<{ tablename: string }>(
          'SELECT tablename FROM pg_tables WHERE schemaname = $1',
          [schema],
        );
        await admin.query(`VACUUM (ANALYZE) ${rows.map((r) => `${schema}.${r.tablename}`).join(', ')}`);
      };
      const postgres = await measureStore(store, events, batchSize, rounds, vacuum);
      return { sqlite, postgres, ingestRatio: postgres.ingestSeconds / sqlite.ingestSeconds };
    } finally {
      await store.close();
    }
  } finally {
    await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await admin.end();
  }
}

const fmt = (n: number, digits = 1) => n.toLocaleString('en-US', { maximumFractionDigits: digits });

export function formatBenchResult(result: PostgresBenchResult): string {
  const stores = [result.sqlite, ...(result.postgres ? [result.postgres] : [])];
  // PostgreSQL's questions after VACUUM ANALYZE are a third column.
  const columns: Array<{ label: string; questions: LatencyFigures; store: StoreFigures }> = stores.map((s) => ({
    label: s.kind,
    questions: s.questions,
    store: s,
  }));
  if (result.postgres?.settled)
    columns.push({ label: 'postgres, vacuumed', questions: result.postgres.settled, store: result.postgres });
  const lines: string[] = [];
  const row = (label: string, cells: string[]) =>
    lines.push(`  ${label.padEnd(44)} ${cells.map((c) => c.padStart(22)).join(' ')}`);
  row(
    '',
    columns.map((c) => c.label),
  );
  row(
    `ingest ${fmt(result.sqlite.events, 0)} events in ${fmt(result.sqlite.batches, 0)} calls`,
    stores.map((s) => `${fmt(s.eventsPerSecond, 0)} events/s`),
  );
  row(
    'ingest time',
    stores.map((s) => `${fmt(s.ingestSeconds)} s`),
  );
  if (result.ingestRatio !== null)
    row('postgres / sqlite ingest time (goal <= 2)', [`${fmt(result.ingestRatio, 2)} x`]);
  for (const question of Object.keys(result.sqlite.questions.perQuestion)) {
    row(
      question,
      columns.map(
        (c) => `${fmt(c.questions.perQuestion[question].p50)} / ${fmt(c.questions.perQuestion[question].p95)} ms`,
      ),
    );
  }
  row(
    'all questions, p50 / p95',
    columns.map((c) => `${fmt(c.questions.p50)} / ${fmt(c.questions.p95)} ms`),
  );
  if (result.skipped) lines.push(`  postgres skipped: ${result.skipped}`);
  return lines.join('\n');
}

/** For `npm run bench` (bench/run.ts): the comparison with defaults, as printable text. */
export async function benchPostgres(): Promise<string> {
  const config = loadConfig();
  return formatBenchResult(
    await benchPostgresBesideSqlite({
      databaseUrl: config.databaseUrl ?? 'postgres://postgres@127.0.0.1:5432/postgres',
      pgPoolMax: config.pgPoolMax,
    }),
  );
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { values } = parseArgs({
    options: { events: { type: 'string' }, batch: { type: 'string' }, rounds: { type: 'string' } },
  });
  const config = loadConfig();
  const result = await benchPostgresBesideSqlite({
    databaseUrl: config.databaseUrl ?? 'postgres://postgres@127.0.0.1:5432/postgres',
    pgPoolMax: config.pgPoolMax,
    ...(values.events ? { events: Number(values.events) } : {}),
    ...(values.batch ? { batchSize: Number(values.batch) } : {}),
    ...(values.rounds ? { rounds: Number(values.rounds) } : {}),
  });
  console.log(formatBenchResult(result));
}
