/**
 * Sends randomized requests (test/fixtures/random-activities.ts) to a running bot, a few at a
 * time, while polling /healthz, and says what came back: statuses, the slowest answer, and every
 * request that got a 5xx, no answer within the limit, or a connection error.
 */
import { randomRequest, seededRandom } from '../fixtures/random-activities.ts';

/**
 * The 5xx answers the README documents for /api/messages: 501 for an invoke name the bot does not
 * handle (the Bot Framework's own answer), 503 while the store is away.
 */
export const DOCUMENTED_5XX = [501, 503];

export interface FuzzOptions {
  baseUrl: string;
  connectorUrl: string;
  count: number;
  seed: number;
  concurrency: number;
  /** A request (or a health check) without an answer after this long is a failure. */
  limitMs: number;
  /** 5xx statuses the bot documents (e.g. 503 while the store is away); any other 5xx is a failure. */
  allowed5xx?: number[];
}

export interface FuzzResult {
  sent: number;
  byStatus: Record<string, number>;
  slowestMs: number;
  failures: string[];
  healthChecks: number;
  healthFailures: string[];
}

async function timedFetch(url: string, init: RequestInit, limitMs: number): Promise<{ status: number; ms: number }> {
  const t0 = performance.now();
  const res = await fetch(url, { ...init, signal: AbortSignal.timeout(limitMs) });
  await res.arrayBuffer();
  return { status: res.status, ms: performance.now() - t0 };
}

export async function runFuzz(o: FuzzOptions): Promise<FuzzResult> {
  const random = seededRandom(o.seed);
  const requests = Array.from({ length: o.count }, () => randomRequest(random, o.connectorUrl));
  const result: FuzzResult = { sent: 0, byStatus: {}, slowestMs: 0, failures: [], healthChecks: 0, healthFailures: [] };
  let done = false;
  const health = (async () => {
    while (!done) {
      result.healthChecks++;
      try {
        const { status } = await timedFetch(`${o.baseUrl}/healthz`, {}, o.limitMs);
        if (status !== 200) result.healthFailures.push(`HTTP ${status}`);
      } catch (error) {
        result.healthFailures.push(String(error));
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  })();
  let next = 0;
  const worker = async () => {
    while (next < requests.length) {
      const index = next++;
      const { what, body } = requests[index];
      const label = `#${index} (seed ${o.seed}, ${what})`;
      try {
        const { status, ms } = await timedFetch(
          `${o.baseUrl}/api/messages`,
          { method: 'POST', body, headers: { 'content-type': 'application/json' } },
          o.limitMs,
        );
        result.sent++;
        result.byStatus[status] = (result.byStatus[status] ?? 0) + 1;
        result.slowestMs = Math.max(result.slowestMs, ms);
        if (status >= 500 && !(o.allowed5xx ?? []).includes(status)) result.failures.push(`${label}: HTTP ${status}`);
      } catch (error) {
        result.failures.push(`${label}: ${String(error)}`);
      }
    }
  };
  await Promise.all(Array.from({ length: o.concurrency }, worker));
  done = true;
  await health;
  return result;
}
