/**
 * Question latency (issue 2): p50/p95 of the standard questions through parseQuestion + runQuery
 * over a store of `total` Flow events spread over 60 days, with sync coverage complete.
 */
import type { Store } from '../src/store/store.ts';
import { parseQuestion } from '../src/bot/commands/parse.ts';
import { runQuery } from '../src/queries/run.ts';
import { syntheticEvents } from './synthetic-events.ts';

/** The standard questions of issue 2, the mix an admin asks; the maker question names `maker`. */
export function standardQuestions(maker = 'maker7@contoso.example'): string[] {
  return [
    'new flows today',
    'who edited flows this week',
    'deleted flows yesterday',
    'permission changes last 7 days',
    'who shared flows this month',
    'trials this month',
    'flows using HTTP this week',
    `flows by ${maker} last week`,
    'how many flows were created this week',
    'connectors used this week',
  ];
}

export const STANDARD_QUESTIONS = standardQuestions();

export async function fillStore(store: Store, total: number, now: Date): Promise<number> {
  const t0 = performance.now();
  for (const batch of syntheticEvents(total, now, 60)) await store.events.ingest(batch, { now });
  const from = new Date(now.getTime() - 61 * 24 * 3_600_000).toISOString();
  await store.syncState.addCoverage('mgmt:Audit.General', { from, to: now.toISOString() });
  await store.syncState.saveSyncReport({
    source: 'mgmt:Audit.General',
    startedAt: now.toISOString(),
    finishedAt: now.toISOString(),
    ok: true,
    details: {},
  });
  return (performance.now() - t0) / 1000;
}

export interface LatencyFigures {
  perQuestion: Record<string, { p50: number; p95: number }>;
  p50: number;
  p95: number;
}

export const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];

export async function measureQuestions(store: Store, now: Date, rounds = 20): Promise<LatencyFigures> {
  const all: number[] = [];
  const perQuestion: LatencyFigures['perQuestion'] = {};
  for (const question of STANDARD_QUESTIONS) {
    const parsed = parseQuestion(question);
    if (parsed.kind !== 'query') throw new Error(`standard question not understood: ${question}`);
    const times: number[] = [];
    await runQuery(store, parsed.query, { now, timeZone: 'Europe/Berlin' }); // warm-up
    for (let i = 0; i < rounds; i += 1) {
      const t0 = performance.now();
      const again = parseQuestion(question);
      if (again.kind === 'query') await runQuery(store, again.query, { now, timeZone: 'Europe/Berlin' });
      times.push(performance.now() - t0);
    }
    times.sort((a, b) => a - b);
    all.push(...times);
    perQuestion[question] = { p50: percentile(times, 50), p95: percentile(times, 95) };
  }
  all.sort((a, b) => a - b);
  return { perQuestion, p50: percentile(all, 50), p95: percentile(all, 95) };
}
