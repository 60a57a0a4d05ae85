/**
 * Time from an event published by the emulator to its alert post on the (fake) Bot Connector, in
 * wall time, with the demo sync loop running at `intervalSeconds`: 100 new HTTP flows, one every
 * `spacingMs`, each published in its own blob; the alert for each flow is found by its flow id in
 * the posted cards (Mute this flow's data). Expect about half the sync interval plus a sync's duration.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadConfig } from '../src/config/load-config.ts';
import { createLogger } from '../src/log.ts';
import { openRuntime } from '../src/runtime/runtime.ts';
import { channelMessage } from '../test/bot/fixtures/teams-activities.ts';
import { startBotHarness, TEST_ENV } from '../test/http/helpers/bot-harness.ts';
import { flowRecord, recordId } from '../test/sync/helpers/audit-records.ts';
import { percentile } from './queries.ts';

export interface AlertBench {
  events: number;
  alerted: number;
  intervalSeconds: number;
  p50Ms: number;
  p95Ms: number;
  maxMs: number;
  posts: number;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function benchAlerts(events = 100, intervalSeconds = 5, spacingMs = 1200): Promise<AlertBench> {
  const dir = mkdtempSync(path.join(tmpdir(), 'flowwatch-bench-alerts-'));
  const env = { ...TEST_ENV, DATA_DIR: dir, LOG_LEVEL: 'silent', DEMO_SYNC_INTERVAL_SECONDS: String(intervalSeconds) };
  const config = loadConfig({ ...env, ALERT_POSTS_PER_HOUR: '120' });
  let onSync: () => void = () => undefined;
  const runtime = await openRuntime(config, {
    log: createLogger('silent'),
    emulator: { seed: 21, makers: 5, environments: 1, flowsPerDay: 5, days: 1, startSubscribed: true },
    onSyncReport: () => onSync(),
  });
  const h = await startBotHarness({
    store: runtime.store,
    env: { ...env, ALERT_POSTS_PER_HOUR: '120' },
    deps: { now: () => new Date() },
  });
  const published = new Map<string, number>();
  const alerted = new Map<string, number>();
  try {
    await runtime.syncOnce();
    await h.post(channelMessage({ serviceUrl: h.connector.serviceUrl, text: 'alert on HTTP' }));
    onSync = () => void h.bot.alerts.afterSync();
    runtime.sync.start();
    const watch = setInterval(() => {
      for (const a of h.connector.sentActivities()) {
        const text = JSON.stringify(a.activity);
        for (const id of published.keys()) if (!alerted.has(id) && text.includes(id)) alerted.set(id, Date.now());
      }
    }, 25);
    for (let i = 0; i < events; i++) {
      const flowId = `b0b0b0b0-0000-4000-8000-${String(i).padStart(12, '0')}`;
      const at = new Date();
      runtime.emulator!.addRecords(
        [
          flowRecord(at, {
            Id: recordId(),
            Operation: 'CreateFlow',
            FlowConnectorNames: 'Recurrence, HTTP',
            FlowDetailsUrl: `https://make.powerautomate.com/environments/Default-2f6d8c1e-3b7a-4e2f-9c51-7a0d4b6e8f13/flows/${flowId}/details`,
          }),
        ],
        { contentCreated: at },
      );
      published.set(flowId, at.getTime());
      await sleep(spacingMs);
    }
    const deadline = Date.now() + 4 * intervalSeconds * 1000;
    while (alerted.size < events && Date.now() < deadline) await sleep(100);
    clearInterval(watch);
  } finally {
    await runtime.sync.stop();
    await h.close();
    await runtime.close();
    rmSync(dir, { recursive: true, force: true });
  }
  const latencies = [...alerted].map(([id, t]) => t - published.get(id)!).sort((a, b) => a - b);
  return {
    events,
    alerted: alerted.size,
    intervalSeconds,
    p50Ms: percentile(latencies, 50),
    p95Ms: percentile(latencies, 95),
    maxMs: latencies.at(-1) ?? 0,
    posts: h.connector.sentActivities().length,
  };
}
