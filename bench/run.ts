/**
 * `npm run bench`: prints the performance figures of every issue in one run on one machine.
 *   --records N   Audit.General records for the ingest run (default 1,000,000)
 *   --events N    Flow events in the store for question latency (default 1,000,000)
 *   --only a,b    run only some parts: ingest, queries, bot, postgres, parse, fuzz, inventory, alerts, backfill
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';

const { values } = parseArgs({
  options: {
    records: { type: 'string', default: '1000000' },
    events: { type: 'string', default: '1000000' },
    only: { type: 'string', default: 'ingest,backfill,queries,bot,postgres,parse,fuzz,alerts' },
  },
});
const parts = new Set(values.only.split(','));
// Several parts: each runs in a process of its own, one after the other, so a part's peak RSS is
// its own (the ingest's blob bytes, ~1 GB, were still in the heap when the backfill was measured:
// 1,899 MB). In its process a part loads only its own modules (loaded up front, the bot and the
// emulator took ~110 MB of RSS that every part then counted).
if (parts.size > 1) {
  for (const part of parts) {
    const args = [
      ...process.execArgv,
      path.join(import.meta.dirname, '../bin/run-ts.js'),
      process.argv[1],
      '--only',
      part,
    ];
    const run = spawnSync(process.execPath, [...args, '--records', values.records, '--events', values.events], {
      stdio: 'inherit',
    });
    if (run.status !== 0) process.exit(run.status ?? 1);
  }
  process.exit(0);
}
const fmt = (n: number, digits = 1) => n.toLocaleString('en-US', { maximumFractionDigits: digits });
const line = (label: string, value: string) => console.log(`  ${label.padEnd(44)} ${value}`);

if (parts.has('ingest')) {
  console.log(`\ningest (whole path vs in-process limit), ${fmt(Number(values.records), 0)} Audit.General records`);
  const { benchIngest } = await import('./ingest.ts');
  const f = await benchIngest(Number(values.records));
  line(
    'records seen / Flow events stored / blobs',
    `${fmt(f.records, 0)} / ${fmt(f.flowEvents, 0)} / ${fmt(f.blobs, 0)} (same on both sides)`,
  );
  line(
    'whole path (HTTP, parse, filter, dedupe, store)',
    `${fmt(f.wholePathRecordsPerSecond, 0)} records/s (${fmt(f.wholePathSeconds)} s)`,
  );
  line(
    'in-process limit (same sync, bytes from memory)',
    `${fmt(f.inProcessRecordsPerSecond, 0)} records/s (${fmt(f.inProcessSeconds)} s)`,
  );
  line('ratio (goal >= 50%)', `${fmt(f.ratio * 100)}%`);
  const emulatorCpu = f.emulatorCpuSeconds === null ? '' : ` (+ emulator process ${fmt(f.emulatorCpuSeconds)} s)`;
  line(
    'CPU: whole path / in-process limit',
    `${fmt(f.wholePathCpuSeconds)} s${emulatorCpu} / ${fmt(f.inProcessCpuSeconds)} s of this process`,
  );
  line('ratio by CPU time of this process', `${fmt((f.inProcessCpuSeconds / f.wholePathCpuSeconds) * 100)}%`);
  line(
    'peak RSS during ingest (goal < 300 MB)',
    `${fmt(f.peakRssMb)} MB sampled every 10 ms; process high-water mark ${fmt(f.maxRssMb)} MB`,
  );
  line(
    '  at the peak: V8 old / new space, external',
    `${fmt(f.atPeak.oldSpaceMb)} / ${fmt(f.atPeak.newSpaceMb)} / ${fmt(f.atPeak.externalMb)} MB`,
  );
  const s = f.storeLimit;
  line('store limit: JSON.parse of all blob bytes', `${fmt(s.parseSeconds, 2)} s`);
  line(
    '  bare insert of the Flow events (PK + 3 indexes)',
    `${fmt(s.insertPerSecond, 0)} events/s (${fmt(s.insertSeconds, 2)} s, 5,000 per transaction)`,
  );
  line('  parse + bare insert', `${fmt(s.limitPerSecond, 0)} Flow events/s`);
  line('whole path, Flow events stored (goal >= 20,000/s)', `${fmt(f.wholePathFlowEventsPerSecond, 0)} events/s`);
  line('whole path / store limit (goal >= 50%)', `${fmt((f.wholePathFlowEventsPerSecond / s.limitPerSecond) * 100)}%`);
}

if (parts.has('queries')) {
  const total = Number(values.events);
  console.log(`\nquestion latency over ${fmt(total, 0)} Flow events (SQLite)`);
  const { fillInventory, fillStore, measureQuestions } = await import('./queries.ts');
  const { SqliteStore } = await import('../src/store/sqlite/sqlite-store.ts');
  const dir = mkdtempSync(path.join(tmpdir(), 'flowwatch-bench-queries-'));
  try {
    const store = SqliteStore.open(path.join(dir, 'q.db'));
    const now = new Date('2026-11-25T12:00:00Z');
    line('fill time', `${fmt(await fillStore(store, total, now))} s`);
    line('flow inventory fill time (200,000 flows, names joined)', `${fmt(await fillInventory(store, now))} s`);
    const q = await measureQuestions(store, now);
    for (const [question, { p50, p95 }] of Object.entries(q.perQuestion))
      line(question, `p50 ${fmt(p50)} ms, p95 ${fmt(p95)} ms`);
    line('all questions (goal p95 < 50 ms)', `p50 ${fmt(q.p50)} ms, p95 ${fmt(q.p95)} ms`);
    await store.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (parts.has('bot')) {
  const { benchBot, formatBotBench } = await import('./bot.ts');
  console.log('\nbot replies, 50 concurrent conversations through /api/messages');
  console.log(formatBotBench(await benchBot()));
}

if (parts.has('postgres')) {
  const mod = (await import('./postgres.ts')) as Record<string, unknown>;
  const run = (mod.benchPostgres ?? mod.runPostgresBench) as (() => Promise<unknown>) | undefined;
  if (run) {
    console.log('\nPostgreSQL beside SQLite');
    const out = await run();
    if (typeof out === 'string') console.log(out);
    else if (out) console.log(JSON.stringify(out, null, 2));
  }
}

if (parts.has('parse')) {
  console.log('\nquestion parsing, adversarial texts (test/fixtures/adversarial-questions.ts)');
  const { benchParse } = await import('./parse.ts');
  const { MAX_QUESTION_CHARS } = await import('../src/bot/commands/parse.ts');
  const f = benchParse();
  line(
    `worst at ${MAX_QUESTION_CHARS} characters (largest read)`,
    `${fmt(f.worstAccepted.ms, 3)} ms (${f.worstAccepted.name})`,
  );
  line('a 28,000-character paste, refused', `${fmt(f.pastedRefusedMs * 1000, 1)} µs`);
  line('worst at 28,000 characters, parsed anyway', `${fmt(f.worstUnbounded.ms, 1)} ms (${f.worstUnbounded.name})`);
}

if (parts.has('inventory')) {
  const { benchInventory } = await import('./inventory.ts');
  console.log('\ninventory pass, ~50,000 flows in 20 environments (HTTP to the emulator, SQLite file)');
  const f = await benchInventory();
  line('live flows in the tenant / stored after the pass', `${fmt(f.liveFlows, 0)} / ${fmt(f.stored, 0)}`);
  line('environments', String(f.environments));
  line('pass time', `${fmt(f.seconds)} s`);
  const calls = Object.entries(f.calls)
    .map(([api, n]) => `${api} ${fmt(n, 0)}`)
    .join(', ');
  line('API calls (emulator side)', calls);
  line('requests sent (client side)', fmt(f.clientRequests, 0));
  line('peak RSS (bench process, emulator in it)', `${fmt(f.peakRssMb)} MB`);
}

if (parts.has('backfill')) {
  const { benchBackfill } = await import('./backfill.ts');
  console.log('\nbackfill, 180 days, ~1,000,000 Flow events, through the Graph audit query API (HTTP, SQLite file)');
  const f = await benchBackfill();
  line('days read', String(f.days));
  line('records read / flow events stored', `${fmt(f.records, 0)} / ${fmt(f.inserted, 0)}`);
  line('time', `${fmt(f.seconds)} s`);
  line('records/s through the whole path', fmt(f.recordsPerSecond, 0));
  line('flow events stored/s', fmt(f.insertedPerSecond, 0));
  line('peak RSS (goal < 300 MB; emulator in its own process)', `${fmt(f.peakRssMb)} MB`);
}

if (parts.has('fuzz')) {
  console.log('\nflowwatch serve under 10,000 randomized requests (test/fixtures/random-activities.ts)');
  const { benchFuzz } = await import('./fuzz.ts');
  const f = await benchFuzz();
  const statuses = Object.entries(f.byStatus)
    .map(([status, n]) => `${status}: ${fmt(n, 0)}`)
    .join(', ');
  line('answered / statuses', `${fmt(f.sent, 0)} in ${fmt(f.seconds)} s (${statuses})`);
  line('slowest answer (limit 10 s)', `${fmt(f.slowestMs, 0)} ms`);
  line(
    'failures (undocumented 5xx, no answer)',
    `${f.failures.length}${f.failures.length ? ': ' + f.failures.slice(0, 5).join('; ') : ''}`,
  );
  line('health checks failed / made', `${f.healthFailures.length} / ${f.healthChecks}`);
  line('serve still running', String(f.stillRunning));
}

if (parts.has('alerts')) {
  console.log('\nalerts: emulator publish -> sync loop -> alert post on the fake Bot Connector (wall time)');
  const { benchAlerts } = await import('./alerts.ts');
  const a = await benchAlerts();
  line('events published / alerted', `${a.events} / ${a.alerted} in ${a.posts} posts`);
  line('sync interval', `${a.intervalSeconds} s`);
  line(
    'publish to post p50 / p95 / max',
    `${fmt(a.p50Ms / 1000, 2)} / ${fmt(a.p95Ms / 1000, 2)} / ${fmt(a.maxMs / 1000, 2)} s`,
  );
}
