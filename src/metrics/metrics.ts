/**
 * Flowwatch's Prometheus metrics (prom-client), one registry per process (tests make their own).
 * Counters are fed where things happen: the sync loop's reports, the audit clients' request
 * counters (read at scrape time), the bot's HTTP turns, channel posts and store calls that fail.
 * Names follow Prometheus conventions: `_total` counters, `_seconds` durations and lags.
 */
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { RequestCounters } from '../audit/retrying-request.ts';
import type { SyncReport } from '../sync/sync-report.ts';

/** What a card post was: a digest, an alert, a coverage notice. */
export type PostKind = 'digest' | 'alert' | 'notice';

export interface FlowwatchMetrics {
  readonly registry: Registry;
  /** One finished sync run: its outcome, duration, lag and what it read and stored. */
  syncFinished(report: SyncReport): void;
  /** Reads an audit client's cumulative request counters at every scrape (api: "mgmt", "graph"). */
  watchApiCounters(api: string, counters: () => RequestCounters): void;
  /** One activity answered over POST /api/messages. */
  turnAnswered(activityType: string, status: number, seconds: number): void;
  cardPosted(kind: PostKind, outcome: 'sent' | 'failed'): void;
  storeError(concern: string, kind: 'unavailable' | 'other'): void;
  /** The Prometheus text exposition of every metric. */
  render(): Promise<string>;
  readonly contentType: string;
}

/** Activity types get their own label value; anything else is "other", so a client cannot grow the label set. */
const TURN_TYPES = new Set([
  'message',
  'invoke',
  'conversationUpdate',
  'installationUpdate',
  'messageReaction',
  'event',
]);
/** Reply latency buckets: a chat answer should come within a second or two; 15 s is the invoke deadline. */
const REPLY_BUCKETS = [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 15];
const SYNC_BUCKETS = [0.1, 0.5, 1, 5, 15, 30, 60, 120, 300, 600];

type Registers = Registry[];

/** Sync runs: outcome, duration, lag and what they read and stored, per source. */
function syncMetrics(registers: Registers): (report: SyncReport) => void {
  const labelNames = ['source'];
  const counter = (name: string, help: string) => new Counter({ name, help, labelNames, registers });
  const gauge = (name: string, help: string) => new Gauge({ name, help, labelNames, registers });
  const runs = new Counter({
    name: 'flowwatch_sync_runs_total',
    help: 'Sync runs finished, by source and outcome (ok, failed).',
    labelNames: ['source', 'outcome'],
    registers,
  });
  const duration = new Histogram({
    name: 'flowwatch_sync_duration_seconds',
    help: 'How long sync runs took, by source.',
    labelNames,
    buckets: SYNC_BUCKETS,
    registers,
  });
  const cursorLag = gauge(
    'flowwatch_sync_cursor_lag_seconds',
    'How far behind now the sync cursor was after the last run (now - cursor), by source.',
  );
  const contentLag = gauge(
    'flowwatch_sync_content_lag_seconds',
    'Age of the newest content blob the last run saw (now - newest contentCreated), by source.',
  );
  const lastSuccess = gauge(
    'flowwatch_sync_last_success_timestamp_seconds',
    'Unix time the last successful sync run finished, by source.',
  );
  const seen = counter('flowwatch_audit_records_seen_total', 'Audit records read (every workload), by source.');
  const stored = counter('flowwatch_flow_events_stored_total', 'New flow events stored (not duplicates), by source.');
  const duplicates = counter('flowwatch_audit_duplicates_total', 'Audit records already stored, by source.');
  const broken = counter('flowwatch_audit_records_broken_total', 'Audit records skipped as unreadable, by source.');
  return (report) => {
    const source = report.source;
    runs.inc({ source, outcome: report.ok ? 'ok' : 'failed' });
    duration.observe({ source }, report.durationMs / 1000);
    if (report.cursorLagMs !== null) cursorLag.set({ source }, report.cursorLagMs / 1000);
    if (report.contentLagMs !== null) contentLag.set({ source }, report.contentLagMs / 1000);
    if (report.ok) lastSuccess.set({ source }, Date.parse(report.finishedAt) / 1000);
    seen.inc({ source }, report.recordsSeen);
    stored.inc({ source }, report.flowEventsNew);
    duplicates.inc({ source }, report.duplicates);
    broken.inc({ source }, report.brokenRecords);
  };
}

/** Audit API requests, retries and throttles, read from each client's cumulative counters at scrape time. */
function apiMetrics(registers: Registers): Map<string, () => RequestCounters> {
  const sources = new Map<string, () => RequestCounters>();
  const counter = (name: string, help: string, pick: (c: RequestCounters) => number) =>
    new Counter({
      name,
      help,
      labelNames: ['api'],
      registers,
      collect() {
        this.reset();
        for (const [api, read] of sources) this.inc({ api }, pick(read()));
      },
    });
  counter('flowwatch_audit_api_requests_total', 'HTTP requests sent to an audit API.', (c) => c.requests);
  counter(
    'flowwatch_audit_api_retries_total',
    'Audit API requests repeated after a retryable failure.',
    (c) => c.retries,
  );
  counter('flowwatch_audit_api_throttled_total', 'Audit API answers that were throttling (AF429).', (c) => c.throttled);
  return sources;
}

/** Turns answered, cards posted, store errors. */
function botMetrics(registers: Registers) {
  return {
    turns: new Counter({
      name: 'flowwatch_replies_total',
      help: 'Activities answered on POST /api/messages, by activity type and HTTP status.',
      labelNames: ['type', 'status'],
      registers,
    }),
    turnSeconds: new Histogram({
      name: 'flowwatch_reply_duration_seconds',
      help: 'Time from an activity arriving to its HTTP answer (the reply sent), by activity type.',
      labelNames: ['type'],
      buckets: REPLY_BUCKETS,
      registers,
    }),
    posts: new Counter({
      name: 'flowwatch_channel_posts_total',
      help: 'Cards posted proactively to channels, by kind (digest, alert, notice) and outcome (sent, failed).',
      labelNames: ['kind', 'outcome'],
      registers,
    }),
    storeErrors: new Counter({
      name: 'flowwatch_store_errors_total',
      help: 'Store calls that failed, by concern (events, syncState, botState, ...) and kind (unavailable, other).',
      labelNames: ['concern', 'kind'],
      registers,
    }),
  };
}

export function createMetrics(options: { defaultMetrics?: boolean } = {}): FlowwatchMetrics {
  const registry = new Registry();
  const registers = [registry];
  if (options.defaultMetrics ?? true) collectDefaultMetrics({ register: registry });
  const syncFinished = syncMetrics(registers);
  const apiSources = apiMetrics(registers);
  const { turns, turnSeconds, posts, storeErrors } = botMetrics(registers);
  return {
    registry,
    contentType: registry.contentType,
    syncFinished,
    watchApiCounters(api, counters) {
      apiSources.set(api, counters);
    },
    turnAnswered(activityType, status, seconds) {
      const type = TURN_TYPES.has(activityType) ? activityType : 'other';
      turns.inc({ type, status: String(status) });
      turnSeconds.observe({ type }, seconds);
    },
    cardPosted(kind, outcome) {
      posts.inc({ kind, outcome });
    },
    storeError(concern, kind) {
      storeErrors.inc({ concern, kind });
    },
    render: () => registry.metrics(),
  };
}
