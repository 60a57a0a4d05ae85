/**
 * GET /metrics over HTTP: Prometheus text that counts what the process did (sync runs, records
 * and events per source, audit API requests, retries and throttles, replies and their latency,
 * store errors), open on loopback in demo mode, behind METRICS_SECRET otherwise.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadConfig } from '../../src/config/load-config.ts';
import { metricsAccess } from '../../src/http/metrics-route.ts';
import { createLogger } from '../../src/log.ts';
import { createMetrics } from '../../src/metrics/metrics.ts';
import { openRuntime, type Runtime } from '../../src/runtime/runtime.ts';
import { SqliteStore } from '../../src/store/sqlite/sqlite-store.ts';
import { personalMessage } from '../bot/fixtures/teams-activities.ts';
import { sampleValue } from '../helpers/prometheus-text.ts';
import { startBotHarness, type BotHarness } from './helpers/bot-harness.ts';

const SECRET = 'metrics-secret-0123456789abcdef';

async function scrape(h: BotHarness, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(`${h.bot.url}/metrics`, { headers });
}

describe('GET /metrics in demo mode on loopback', () => {
  const store = SqliteStore.open(':memory:');
  let h: BotHarness;
  before(async () => {
    h = await startBotHarness({ store, deps: { metrics: createMetrics() } });
  });
  after(async () => {
    await h.close();
    await store.close();
  });

  test('answers without a secret, in the Prometheus text format, with every Flowwatch metric described', async () => {
    const res = await scrape(h);
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type') ?? '', /^text\/plain; version=0\.0\.4/);
    const text = await res.text();
    for (const name of [
      'flowwatch_sync_runs_total',
      'flowwatch_sync_cursor_lag_seconds',
      'flowwatch_audit_records_seen_total',
      'flowwatch_flow_events_stored_total',
      'flowwatch_audit_api_retries_total',
      'flowwatch_audit_api_throttled_total',
      'flowwatch_replies_total',
      'flowwatch_reply_duration_seconds',
      'flowwatch_channel_posts_total',
      'flowwatch_store_errors_total',
    ])
      assert.match(text, new RegExp(`^# TYPE ${name} `, 'm'), name);
    assert.match(text, /^process_cpu_user_seconds_total /m, 'the default process metrics too');
  });

  test('each answered message is counted by type and status, and timed', async () => {
    const before = await (await scrape(h)).text();
    const count = (t: string) => sampleValue(t, 'flowwatch_replies_total', { type: 'message', status: '200' }) ?? 0;
    const timed = (t: string) => sampleValue(t, 'flowwatch_reply_duration_seconds_count', { type: 'message' }) ?? 0;
    for (let i = 0; i < 3; i++)
      assert.equal((await h.post(personalMessage({ serviceUrl: h.connector.serviceUrl }))).status, 200);
    const text = await (await scrape(h)).text();
    assert.equal(count(text) - count(before), 3);
    assert.equal(timed(text) - timed(before), 3);
    assert.ok((sampleValue(text, 'flowwatch_reply_duration_seconds_sum', { type: 'message' }) ?? 0) > 0);
  });

  test('an activity of an odd type is counted as "other", so clients cannot grow the label set', async () => {
    await h.post({ ...personalMessage({ serviceUrl: h.connector.serviceUrl }), type: 'x'.repeat(40) });
    const text = await (await scrape(h)).text();
    assert.ok((sampleValue(text, 'flowwatch_replies_total', { type: 'other', status: '200' }) ?? 0) >= 1);
    assert.doesNotMatch(text, /xxxxxxxx/);
  });
});

describe('GET /metrics with METRICS_SECRET', () => {
  const store = SqliteStore.open(':memory:');
  let h: BotHarness;
  before(async () => {
    h = await startBotHarness({ store, env: { METRICS_SECRET: SECRET } });
  });
  after(async () => {
    await h.close();
    await store.close();
  });

  test('refuses a scrape without the bearer secret or with another one (401), answers with it', async () => {
    const none = await scrape(h);
    assert.equal(none.status, 401);
    assert.equal(none.headers.get('www-authenticate'), 'Bearer');
    assert.doesNotMatch(await none.text(), /flowwatch_/);
    assert.equal((await scrape(h, { authorization: `Bearer ${SECRET}x` })).status, 401);
    assert.equal((await scrape(h, { authorization: `Basic ${SECRET}` })).status, 401);
    const ok = await scrape(h, { authorization: `Bearer ${SECRET}` });
    assert.equal(ok.status, 200);
    assert.match(await ok.text(), /flowwatch_replies_total/);
  });
});

test('who may read /metrics: a secret always wins; demo on loopback is open; anything else is off', () => {
  const secret = { secret: SECRET };
  const none = { secret: null };
  assert.deepEqual(metricsAccess({ demo: true, metrics: none }, '127.0.0.1'), { kind: 'open' });
  assert.deepEqual(metricsAccess({ demo: true, metrics: none }, '0.0.0.0'), { kind: 'off' });
  assert.deepEqual(metricsAccess({ demo: false, metrics: none }, '127.0.0.1'), { kind: 'off' });
  assert.deepEqual(metricsAccess({ demo: false, metrics: secret }, '0.0.0.0'), { kind: 'secret', secret: SECRET });
  assert.deepEqual(metricsAccess({ demo: true, metrics: secret }, '127.0.0.1'), { kind: 'secret', secret: SECRET });
  assert.throws(() => loadConfig({ METRICS_SECRET: 'short' }), /METRICS_SECRET/);
});

describe('sync metrics from a real sync against the emulator, served by the bot', () => {
  let runtime: Runtime;
  let h: BotHarness;
  let dataDir: string;
  const metrics = createMetrics();

  before(async () => {
    dataDir = mkdtempSync(path.join(tmpdir(), 'flowwatch-metrics-'));
    const config = loadConfig({ DATA_DIR: dataDir, LOG_LEVEL: 'silent', SYNC_MAX_RETRIES: '5' });
    runtime = await openRuntime(config, {
      log: createLogger('silent'),
      metrics,
      emulator: { seed: 5, makers: 4, environments: 2, flowsPerDay: 10, days: 1, pageSize: 20 },
    });
    h = await startBotHarness({ store: runtime.store, deps: { metrics } });
  });
  after(async () => {
    await h?.close();
    await runtime?.close();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  test('records seen, events stored, runs, lag, requests, retries and throttles match the sync reports', async () => {
    // Retry-After: 0 on the throttled answers, so the client's back-off takes no wall time.
    runtime.emulator!.setFaults({ retryAfterSeconds: 0 });
    runtime.emulator!.failNext(2, 'throttle');
    const first = await runtime.syncOnce();
    const second = await runtime.syncOnce();
    assert.ok(first.ok && second.ok, JSON.stringify(first.error ?? second.error));
    assert.ok(first.flowEventsNew > 0);
    const text = await (await scrape(h)).text();
    const source = { source: first.source };
    assert.equal(sampleValue(text, 'flowwatch_sync_runs_total', { ...source, outcome: 'ok' }), 2);
    assert.equal(
      sampleValue(text, 'flowwatch_audit_records_seen_total', source),
      first.recordsSeen + second.recordsSeen,
    );
    assert.equal(
      sampleValue(text, 'flowwatch_flow_events_stored_total', source),
      first.flowEventsNew + second.flowEventsNew,
    );
    assert.equal(sampleValue(text, 'flowwatch_sync_cursor_lag_seconds', source), second.cursorLagMs! / 1000);
    assert.equal(sampleValue(text, 'flowwatch_audit_api_throttled_total', { api: 'mgmt' }), 2);
    assert.equal(sampleValue(text, 'flowwatch_audit_api_retries_total', { api: 'mgmt' }), 2);
    assert.equal(
      sampleValue(text, 'flowwatch_audit_api_requests_total', { api: 'mgmt' }),
      runtime.emulator!.stats().apiRequests,
    );
  });
});

describe('store errors', () => {
  test('a store call that fails is counted by concern, and the answer is still given', async () => {
    const store = SqliteStore.open(':memory:');
    const h = await startBotHarness({ store });
    try {
      await store.close();
      assert.equal((await fetch(`${h.bot.url}/healthz`)).status, 503);
      const reply = await h.post(personalMessage({ serviceUrl: h.connector.serviceUrl }));
      assert.equal(reply.status, 200);
      const text = await (await scrape(h)).text();
      assert.equal(sampleValue(text, 'flowwatch_store_errors_total', { concern: 'store', kind: 'other' }), 1);
      assert.ok((sampleValue(text, 'flowwatch_store_errors_total', { concern: 'events', kind: 'other' }) ?? 0) >= 1);
    } finally {
      await h.close();
    }
  });
});
