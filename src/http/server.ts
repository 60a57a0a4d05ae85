/**
 * The bot's HTTP server: restify with POST /api/messages (Bot Framework), GET /healthz and, when
 * DIGEST_SECRET is set, POST /api/digest.
 * `startBot` composes it from injected parts so tests and the bench start it on port 0 with
 * their own store, clock and config.
 */
import restify from 'restify';
import type { ActivityHandlerBase } from 'botbuilder';
import { ConfigError } from '../config/config-error.ts';
import type { Config } from '../config/load-config.ts';
import { createLogger, type Logger } from '../log.ts';
import type { Store } from '../store/store.ts';
import {
  createBotAdapter,
  createMessageEndpoint,
  isAuthenticationEnabled,
  type MessageEndpoint,
} from '../bot/adapter.ts';
import { FlowwatchBot } from '../bot/flowwatch-bot.ts';
import type { AlertService } from '../alerts/alert-service.ts';
import type { CoverageDoctor } from '../doctor/doctor.ts';
import { botAlerts, createAlertService, createDigestService, createDoctor } from './triage-wiring.ts';
import { createInboundAuth, type ChannelKeyTuning, type InboundAuth } from '../bot/inbound-auth.ts';
import type { DigestService } from '../digest/digest-service.ts';
import { digestRoute } from './digest-route.ts';
import { checkHealth, type InventoryStatusSource, type LeaseStatusSource } from './health.ts';
import { isLoopbackHost } from './loopback-host.ts';
import { messagesRoute } from './messages-route.ts';
import { metricsAccess, metricsRoute } from './metrics-route.ts';
import { createMetrics, type FlowwatchMetrics } from '../metrics/metrics.ts';
import { instrumentStore } from '../metrics/instrument-store.ts';

export interface StartBotDeps {
  config: Config;
  store: Store;
  /** The clock for "now" in answers and health; defaults to the system clock. */
  now?: () => Date;
  log?: Logger;
  /** Override config.bot.host / config.bot.port (tests: '127.0.0.1' and 0). */
  host?: string;
  port?: number;
  /** Answers activities instead of FlowwatchBot (the bench's fixed-card baseline). */
  handler?: ActivityHandlerBase;
  /** Where channel tokens' signing keys are published (tests: a local OpenID document). */
  channelOpenIdMetadataUrl?: string;
  /** Timeouts, cooldowns and clock of the signing-key fetch (tests shorten them). */
  channelKeys?: ChannelKeyTuning;
  /** Deadline of each Bot Connector request (tests: a short one); CONNECTOR_TIMEOUT_MS otherwise. */
  connectorTimeoutMs?: number;
  /** The digest (subscriptions, commands, refresh, send now, scheduler); built from config when absent. */
  digest?: DigestService;
  /** The runtime's sync lease (replicas on PostgreSQL), shown by /healthz. */
  syncLease?: LeaseStatusSource | null;
  /** The inventory sync, for /healthz. */
  inventory?: InventoryStatusSource | null;
  /** Alerts (rules, evaluation after each sync, posts); built from config when absent. */
  alerts?: AlertService;
  /** The process's metrics (the runtime feeds the same ones); a fresh registry when absent. */
  metrics?: FlowwatchMetrics;
}

export interface RunningBot {
  /** http://host:port */
  url: string;
  /** http://host:port/api/messages */
  messagesUrl: string;
  port: number;
  authenticationEnabled: boolean;
  /** Its scheduler is not started here: `flowwatch serve` starts it. */
  digest: DigestService;
  /** Call alerts.afterSync() after each sync (flowwatch serve does). */
  alerts: AlertService;
  /** Call doctor.afterSync(report) after each sync (flowwatch serve does). */
  doctor: CoverageDoctor;
  metrics: FlowwatchMetrics;
  close(): Promise<void>;
}

export { isLoopbackHost };

/**
 * Without an app id nothing checks who posts activities, and the bot would send its replies to
 * whatever serviceUrl they name (teams-platform.md §1.5), so that mode is allowed on loopback only.
 */
export function assertSafeBinding(config: Config, host: string): void {
  if (!isAuthenticationEnabled(config.bot) && !isLoopbackHost(host)) {
    throw new ConfigError(
      'HOST',
      `"${host}" is reachable from other machines while Bot Framework authentication is off (BOT_ID is not set)`,
      'Set BOT_ID and BOT_PASSWORD, or unset HOST to listen on 127.0.0.1 only',
    );
  }
}

interface Routes {
  config: Config;
  store: Store;
  now: () => Date;
  log: Logger;
  endpoint: MessageEndpoint;
  digest: DigestService;
  syncLease: LeaseStatusSource | null | undefined;
  inventory: InventoryStatusSource | null | undefined;
  inbound: InboundAuth | null;
  metrics: FlowwatchMetrics;
  host: string;
}

/** The restify server with its body limit and routes, not yet listening. */
function createServer(routes: Routes): restify.Server {
  const { config, store, now, log, digest } = routes;
  const server = restify.createServer({ name: 'flowwatch', handleUncaughtExceptions: false });
  // Over maxBodySize restify answers 413, and malformed JSON 400, before any handler runs.
  server.use(
    restify.plugins.bodyParser({
      maxBodySize: config.bot.maxBodyBytes,
      mapParams: false,
      mapFiles: false,
      rejectUnknown: false,
    }),
  );
  server.post('/api/messages', timedTurns(routes.metrics, messagesRoute(routes.endpoint, log, routes.inbound)));
  // Off (404) unless DIGEST_SECRET is set.
  if (config.digest.secret) server.post('/api/digest', digestRoute(digest, config.digest.secret, log, now));
  // Off (404) unless METRICS_SECRET is set or this is demo mode on loopback (metrics-route.ts).
  const access = metricsAccess(config, routes.host);
  if (access.kind !== 'off') server.get('/metrics', metricsRoute(routes.metrics, access, log));
  server.get('/healthz', async (_req: restify.Request, res: restify.Response) => {
    const report = await checkHealth(store, now(), log, routes.syncLease, routes.inbound, routes.inventory);
    res.send(report.store.reachable ? 200 : 503, report);
  });
  return server;
}

/** Counts each turn in flowwatch_replies_total and times it, from arrival to the HTTP answer. */
function timedTurns(
  metrics: FlowwatchMetrics,
  route: (req: restify.Request, res: restify.Response) => Promise<void>,
): (req: restify.Request, res: restify.Response) => Promise<void> {
  return async (req, res) => {
    const started = performance.now();
    try {
      await route(req, res);
    } finally {
      const type = (req.body as { type?: unknown } | undefined)?.type;
      metrics.turnAnswered(
        typeof type === 'string' ? type : 'other',
        res.statusCode,
        (performance.now() - started) / 1000,
      );
    }
  };
}

function listen(server: restify.Server, port: number, host: string): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.removeListener('error', reject);
      resolve();
    });
  });
}

/** With an app id: the inbound token check, its signing keys fetched from now on; null when auth is off. */
function inboundAuthFor(deps: StartBotDeps, log: Logger): InboundAuth | null {
  if (!isAuthenticationEnabled(deps.config.bot)) return null;
  const inbound = createInboundAuth({
    bot: deps.config.bot,
    log,
    ...(deps.channelOpenIdMetadataUrl ? { channelOpenIdMetadataUrl: deps.channelOpenIdMetadataUrl } : {}),
    ...(deps.connectorTimeoutMs ? { connectorTimeoutMs: deps.connectorTimeoutMs } : {}),
    ...(deps.channelKeys ? { keys: deps.channelKeys } : {}),
  });
  inbound.warmUp();
  return inbound;
}

/** Starts the bot server and resolves once it listens. */
export async function startBot(deps: StartBotDeps): Promise<RunningBot> {
  const { config } = deps;
  const host = deps.host ?? config.bot.host;
  assertSafeBinding(config, host);
  const now = deps.now ?? (() => new Date());
  const log = deps.log ?? createLogger(config.logLevel, { component: 'bot' });
  const metrics = deps.metrics ?? createMetrics();
  const store = instrumentStore(deps.store, metrics);
  const metadataUrl = deps.channelOpenIdMetadataUrl ? { channelOpenIdMetadataUrl: deps.channelOpenIdMetadataUrl } : {};
  const connectorTimeout = deps.connectorTimeoutMs ? { connectorTimeoutMs: deps.connectorTimeoutMs } : {};
  const inbound = inboundAuthFor(deps, log);
  // One CloudAdapter per process: it answers /api/messages and posts the digest proactively.
  const adapter = createBotAdapter({ bot: config.bot, log, ...metadataUrl, ...connectorTimeout, inbound });
  const inventoryState = () => deps.inventory?.status().status ?? 'ok';
  const parts = { config, store, adapter, now, log, metrics, inventoryState };
  const digest = deps.digest ?? createDigestService(parts);
  const alerts = deps.alerts ?? createAlertService(parts);
  const doctor = createDoctor(parts);
  const handler =
    deps.handler ??
    new FlowwatchBot({
      store,
      now,
      log,
      access: config.access,
      defaultTimeZone: config.defaultTimeZone,
      riskyConnectors: config.riskyConnectors,
      digest,
      alerts: botAlerts(alerts, config),
      inventoryState: () => deps.inventory?.status().status ?? 'ok',
    });
  const endpoint = createMessageEndpoint(adapter, handler);
  const { syncLease, inventory } = deps;
  // prettier-ignore
  const server = createServer({ config, store, now, log, endpoint, digest, syncLease, inventory, inbound, metrics, host });
  await listen(server, deps.port ?? config.bot.port, host);
  const address = server.address();
  const urlHost = host.includes(':') ? `[${host}]` : host === '0.0.0.0' ? '127.0.0.1' : host;
  const url = `http://${urlHost}:${address.port}`;
  log.info('bot listening', { url: `${url}/api/messages`, authentication: isAuthenticationEnabled(config.bot) });
  return {
    url,
    messagesUrl: `${url}/api/messages`,
    port: address.port,
    authenticationEnabled: isAuthenticationEnabled(config.bot),
    digest,
    alerts,
    doctor,
    metrics,
    close: async () => {
      await digest.scheduler.stop();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
      });
    },
  };
}
