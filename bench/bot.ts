/**
 * Bot benchmark: 50 conversations ask questions at once through POST /api/messages of the real
 * server (restify + CloudAdapter), each reply going to a local fake Bot Connector. Measured twice
 * on the same stack: with Flowwatch's logic (parse, query a SQLite store of generated events,
 * render the card) and with a handler that replies with a fixed, pre-rendered card of the same
 * kind. The ratio of replies per second is what our logic costs (goal: at least 70% of baseline).
 * The two sides take turns (ours, fixed, fixed, ours, …) so a busy machine's ups and downs fall on
 * both; each side's figures pool all of its rounds, and the replies per second of every round are
 * printed too, so a side still speeding up shows.
 *
 * Before measuring, each side answers --warmup rounds (default 5). The figures are those of a
 * server that has been running for a while: V8 compiles the answer code (parser, queries, card
 * rendering: many functions, each question shape using its own) over the first few thousand
 * replies, and with a single warm-up round our side was still getting faster through the first
 * measured rounds (about 600 -> 750 replies/s over rounds 1-3 while the fixed card held steady),
 * so each run's ratio depended on how much of that it caught.
 *
 * The store is opened as `flowwatch serve` opens it, so its question reads run on
 * SQLITE_READER_THREADS reader threads (default 1) beside the event loop. Replies per second then
 * count that thread's work as done in parallel; CPU per reply (all threads of the process, load
 * generator and fake connector included on both sides) shows what the answers cost in total, and
 * event loop busy per reply what they cost the main thread, which bounds replies per second.
 *
 *   node bin/run-ts.js bench/bot.ts [--conversations 50] [--questions 10] [--warmup 5] [--rounds 6] [--events 20000] [--reader-threads 1]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { CardFactory, MessageFactory, TeamsActivityHandler } from 'botbuilder';
import { answerText } from '../src/bot/answer.ts';
import { loadConfig } from '../src/config/load-config.ts';
import { PLAYGROUND_IDENTITY } from '../src/config/access-config.ts';
import { createLogger } from '../src/log.ts';
import { startBot, type RunningBot } from '../src/http/server.ts';
import { SqliteStore } from '../src/store/sqlite/sqlite-store.ts';
import { startFakeConnector, type FakeConnector } from '../test/helpers/fake-connector.ts';
import type { FlowEvent } from '../src/model/flow-event.ts';
import { generateFlowEvents } from './postgres.ts';
import { percentile, standardQuestions } from './queries.ts';

/** The clock generateFlowEvents builds its week of events against. */
const NOW = new Date('2026-11-24T12:00:00.000Z');
const WEEK_MS = 7 * 86_400_000;

/** The maker question of the standard ones names the busiest maker of the generated data. */
function busiestMaker(events: FlowEvent[]): string {
  const counts = new Map<string, number>();
  for (const e of events) if (e.actorUpn) counts.set(e.actorUpn, (counts.get(e.actorUpn) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))[0]?.[0] ?? 'avery@contoso.com';
}

export interface BotBenchOptions {
  conversations?: number;
  questionsPerConversation?: number;
  /** Rounds per side, taken in turns. */
  rounds?: number;
  /** Rounds each side answers before any is measured. */
  warmupRounds?: number;
  events?: number;
  /** SQLITE_READER_THREADS for the store (default: the configuration's default). */
  readerThreads?: number;
}

interface RunFigures {
  replies: number;
  seconds: number;
  latencies: number[];
  /** CPU time of the whole process (every thread) during the round, ms. */
  cpuMs: number;
  /** Time the main thread's event loop was busy during the round, ms. */
  loopBusyMs: number;
}

/** All rounds of one side: replies over the time they took, percentiles over every reply. */
function pooled(runs: RunFigures[]) {
  const replies = runs.reduce((n, r) => n + r.replies, 0);
  const seconds = runs.reduce((n, r) => n + r.seconds, 0);
  const cpuMs = runs.reduce((n, r) => n + r.cpuMs, 0);
  const loopBusyMs = runs.reduce((n, r) => n + r.loopBusyMs, 0);
  const latencies = runs.flatMap((r) => r.latencies).sort((a, b) => a - b);
  return {
    replies,
    repliesPerSecond: replies / seconds,
    p50Ms: percentile(latencies, 50),
    p95Ms: percentile(latencies, 95),
    cpuMsPerReply: cpuMs / replies,
    loopMsPerReply: loopBusyMs / replies,
  };
}

/** A personal-chat message from the demo admin, one conversation per simulated user. */
function message(serviceUrl: string, conversation: number, n: number, text: string) {
  return {
    type: 'message',
    id: `${conversation}-${n}`,
    channelId: 'msteams',
    serviceUrl,
    text,
    localTimezone: 'Europe/Berlin',
    from: { id: `29:bench-user-${conversation}`, aadObjectId: PLAYGROUND_IDENTITY.userAadObjectId },
    recipient: { id: '28:bench-bot', name: 'Flowwatch' },
    conversation: {
      conversationType: 'personal',
      tenantId: PLAYGROUND_IDENTITY.tenantId,
      id: `a:bench-conversation-${conversation}`,
    },
    channelData: { tenant: { id: PLAYGROUND_IDENTITY.tenantId } },
  };
}

/** Each conversation asks its questions one after another; all conversations run at once. */
async function load(
  bot: RunningBot,
  connector: FakeConnector,
  questions: string[],
  conversations: number,
  perConversation: number,
): Promise<RunFigures> {
  connector.reset();
  const latencies: number[] = [];
  const cpuBefore = process.cpuUsage();
  const loopBefore = performance.eventLoopUtilization();
  const started = performance.now();
  await Promise.all(
    Array.from({ length: conversations }, async (_, c) => {
      for (let n = 0; n < perConversation; n++) {
        const body = JSON.stringify(message(connector.serviceUrl, c, n, questions[(c + n) % questions.length]));
        const t0 = performance.now();
        const res = await fetch(bot.messagesUrl, {
          method: 'POST',
          body,
          headers: { 'content-type': 'application/json' },
        });
        await res.arrayBuffer();
        if (res.status !== 200) throw new Error(`bot answered ${res.status}`);
        latencies.push(performance.now() - t0);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpuBefore);
  const loop = performance.eventLoopUtilization(loopBefore);
  const replies = connector.sentActivities().length;
  if (replies !== conversations * perConversation)
    throw new Error(`expected ${conversations * perConversation} replies, the connector got ${replies}`);
  return { replies, seconds, latencies, cpuMs: (cpu.user + cpu.system) / 1000, loopBusyMs: loop.active };
}

/** A handler that answers every message with the same card: the stack without our logic. */
class FixedCardBot extends TeamsActivityHandler {
  constructor(card: object) {
    super();
    const reply = MessageFactory.attachment(CardFactory.adaptiveCard(card));
    this.onMessage(async (context, next) => {
      await context.sendActivity(reply);
      await next();
    });
  }
}

/** The pooled figures, and each side's replies per second round by round. */
export interface BotBenchFigures {
  figures: Record<string, number>;
  perRound: { ours: number[]; fixed: number[] };
}

export async function benchBot(options: BotBenchOptions = {}): Promise<BotBenchFigures> {
  const conversations = options.conversations ?? 50;
  const perConversation = options.questionsPerConversation ?? 10;
  const rounds = options.rounds ?? 6;
  const warmupRounds = options.warmupRounds ?? 5;
  const dir = mkdtempSync(path.join(tmpdir(), 'flowwatch-bench-bot-'));
  const config = loadConfig({
    DATA_DIR: dir,
    LOG_LEVEL: 'silent',
    ...(options.readerThreads === undefined ? {} : { SQLITE_READER_THREADS: String(options.readerThreads) }),
  });
  const store = SqliteStore.open(path.join(dir, 'bench.db'), { readerThreads: config.sqliteReaderThreads });
  const connector = await startFakeConnector();
  const bots: RunningBot[] = [];
  try {
    const events = generateFlowEvents(options.events ?? 20_000);
    const questions = standardQuestions(busiestMaker(events));
    await store.events.ingest(events, { now: NOW });
    await store.syncState.addCoverage('mgmt:Audit.General', {
      from: new Date(NOW.getTime() - WEEK_MS).toISOString(),
      to: NOW.toISOString(),
    });
    const log = createLogger('silent');
    const now = () => NOW;
    const deps = { config, store, now, log, host: '127.0.0.1', port: 0 };
    const flowwatch = await startBot(deps);
    bots.push(flowwatch);
    // Rendered once: the baseline sends the same card object every time.
    const fixedCard = await answerText(
      'who edited flows this week',
      { timeZone: 'Europe/Berlin' },
      { store, now, riskyConnectors: config.riskyConnectors },
    );
    const baseline = await startBot({ ...deps, handler: new FixedCardBot(fixedCard) });
    bots.push(baseline);

    // Warm-up, whole rounds per side (JIT, prepared statements, keep-alive sockets). First with two
    // questions per conversation, the fixed card was still speeding up while measured, which
    // flattered us; then with one round, our side was (see the top of this file).
    for (let round = 0; round < warmupRounds; round++) {
      await load(flowwatch, connector, questions, conversations, perConversation);
      await load(baseline, connector, questions, conversations, perConversation);
    }
    const oursRuns: RunFigures[] = [];
    const fixedRuns: RunFigures[] = [];
    for (let round = 0; round < rounds; round++) {
      const sides = [
        async () => oursRuns.push(await load(flowwatch, connector, questions, conversations, perConversation)),
        async () => fixedRuns.push(await load(baseline, connector, questions, conversations, perConversation)),
      ];
      // ABBA order: neither side is always the one measured first.
      if (round % 2 === 1) sides.reverse();
      for (const side of sides) await side();
    }
    const ours = pooled(oursRuns);
    const fixed = pooled(fixedRuns);
    const figures: Record<string, number> = {
      conversations,
      rounds,
      warmupRounds,
      readerThreads: config.sqliteReaderThreads,
      replies: ours.replies,
      repliesPerSecond: round(ours.repliesPerSecond),
      p50ReplyMs: round(ours.p50Ms),
      p95ReplyMs: round(ours.p95Ms),
      cpuMsPerReply: round(ours.cpuMsPerReply),
      loopMsPerReply: round(ours.loopMsPerReply),
      baselineRepliesPerSecond: round(fixed.repliesPerSecond),
      baselineP50ReplyMs: round(fixed.p50Ms),
      baselineP95ReplyMs: round(fixed.p95Ms),
      baselineCpuMsPerReply: round(fixed.cpuMsPerReply),
      baselineLoopMsPerReply: round(fixed.loopMsPerReply),
      throughputVsBaseline: round(ours.repliesPerSecond / fixed.repliesPerSecond),
    };
    return { figures, perRound: { ours: oursRuns.map(perSecond), fixed: fixedRuns.map(perSecond) } };
  } finally {
    for (const bot of bots) await bot.close();
    await connector.close();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

const perSecond = (run: RunFigures) => Math.round(run.replies / run.seconds);

function round(value: number): number {
  return Math.round(value * 100) / 100;
}

export function formatBotBench({ figures, perRound }: BotBenchFigures): string {
  const ratio = figures.throughputVsBaseline ?? 0;
  return [
    `bot: ${figures.conversations} concurrent conversations, ${figures.replies} questions per side through /api/messages (${figures.rounds} rounds each, in turns, after ${figures.warmupRounds} warm-up rounds each; ${figures.readerThreads} SQLite reader thread(s))`,
    `  flowwatch:   ${figures.repliesPerSecond} replies/s, reply p50 ${figures.p50ReplyMs} ms, p95 ${figures.p95ReplyMs} ms; per reply: CPU ${figures.cpuMsPerReply} ms, event loop busy ${figures.loopMsPerReply} ms`,
    `  fixed card:  ${figures.baselineRepliesPerSecond} replies/s, reply p50 ${figures.baselineP50ReplyMs} ms, p95 ${figures.baselineP95ReplyMs} ms; per reply: CPU ${figures.baselineCpuMsPerReply} ms, event loop busy ${figures.baselineLoopMsPerReply} ms`,
    `  replies/s by round: flowwatch ${perRound.ours.join(' ')}; fixed card ${perRound.fixed.join(' ')}`,
    `  throughput vs fixed card: ${(ratio * 100).toFixed(0)}% (goal >= 70%) ${ratio >= 0.7 ? 'ok' : 'BELOW GOAL'}; CPU per reply ${((figures.cpuMsPerReply ?? 0) / (figures.baselineCpuMsPerReply ?? 1)).toFixed(2)}x the fixed card's`,
  ].join('\n');
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { values } = parseArgs({
    options: {
      conversations: { type: 'string' },
      questions: { type: 'string' },
      rounds: { type: 'string' },
      warmup: { type: 'string' },
      events: { type: 'string' },
      'reader-threads': { type: 'string' },
    },
  });
  const result = await benchBot({
    ...(values.conversations ? { conversations: Number(values.conversations) } : {}),
    ...(values.questions ? { questionsPerConversation: Number(values.questions) } : {}),
    ...(values.rounds ? { rounds: Number(values.rounds) } : {}),
    ...(values.warmup ? { warmupRounds: Number(values.warmup) } : {}),
    ...(values.events ? { events: Number(values.events) } : {}),
    ...(values['reader-threads'] ? { readerThreads: Number(values['reader-threads']) } : {}),
  });
  console.log(formatBotBench(result));
}
