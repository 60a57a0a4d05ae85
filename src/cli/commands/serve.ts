/**
 * `flowwatch serve`: the bot, the sync loop and (with no tenant configured) the built-in tenant
 * emulator in one process, until Ctrl+C. In demo mode the bot listens on loopback only and
 * without Bot Framework authentication, for Microsoft 365 Agents Playground.
 */
import { parseArgs } from 'node:util';
import { loadConfig, type Config } from '../../config/load-config.ts';
import { startBot, type RunningBot } from '../../http/server.ts';
import { createLogger } from '../../log.ts';
import { createMetrics } from '../../metrics/metrics.ts';
import { openRuntime, type Runtime } from '../../runtime/runtime.ts';
import type { SyncReport } from '../../sync/sync-report.ts';

export const summary = 'run the Teams bot with the sync loop (demo: also the tenant emulator) until Ctrl+C';

const HELP = `usage: flowwatch serve

Starts the bot on POST /api/messages (and GET /healthz) and syncs audit events every
SYNC_INTERVAL_MINUTES. With no AUDIT_* variables set it runs in demo mode: a generated tenant
is served by the built-in emulator and the bot listens on 127.0.0.1 without Bot Framework
authentication, for Microsoft 365 Agents Playground.

Environment: HOST, PORT (default 3978), BOT_ID / BOT_PASSWORD / BOT_TYPE / BOT_TENANT_ID,
ADMIN_USER_IDS, ADMIN_TEAM_ID, ALLOWED_TENANT_ID, DIGEST_TIME, DIGEST_TIMEZONE, DIGEST_DAYS,
DIGEST_SECRET (enables POST /api/digest) (see .env.example).`;

/** The URL people should use: "localhost" for the loopback address the demo binds to. */
function publicUrl(bot: RunningBot): string {
  return bot.url.replace('//127.0.0.1:', '//localhost:');
}

/** What to do next, printed once the bot listens. */
export function nextSteps(config: Config, runtime: Pick<Runtime, 'emulator'>, bot: RunningBot): string {
  const base = publicUrl(bot);
  const lines = config.demo
    ? [
        'Flowwatch is running in demo mode (no tenant configured).',
        `  Bot endpoint:  ${base}/api/messages   (loopback only, ${bot.authenticationEnabled ? 'Bot Framework auth on' : 'no Bot Framework auth'})`,
        `  Health:        ${base}/healthz`,
        `  Metrics:       ${base}/metrics   (Prometheus; loopback, no secret in demo mode)`,
        `  Tenant:        built-in emulator at ${runtime.emulator?.url ?? '(not running)'}, synced every ${config.sync.intervalMs / 1000} s; a new flow every ${config.emulator.liveSeconds} s`,
        '',
        'Next:',
        '  - Chat with the bot in Microsoft 365 Agents Playground: npm run playground',
        '    then ask "new flows today" or "who edited flows this week",',
        '    or say "alert on HTTP" in a channel: an alert card follows within a few minutes.',
        '  - Or ask from a terminal: npx flowwatch ask "deleted flows yesterday"',
        '  - To use your tenant, set AUDIT_TENANT_ID, AUDIT_CLIENT_ID, AUDIT_CLIENT_SECRET and BOT_ID, BOT_PASSWORD (see .env.example).',
      ]
    : [
        'Flowwatch is running.',
        `  Bot endpoint:  ${base}/api/messages   (Bot Framework auth on, app ${config.bot.appId})`,
        `  Health:        ${base}/healthz`,
        `  Audit source:  ${config.tenant?.apiBaseUrl ?? '?'} (tenant ${config.tenant?.tenantId ?? '?'}), synced every ${config.sync.intervalMs / 60_000} min`,
        '',
        "Next: point the Azure Bot resource's messaging endpoint at https://<your host>/api/messages.",
      ];
  return [...lines, '', 'Press Ctrl+C to stop.'].join('\n');
}

function waitForStopSignal(): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    const stop = (signal: NodeJS.Signals) => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve(signal);
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}

export async function run(args: string[]): Promise<number> {
  const { values } = parseArgs({ args, options: { help: { type: 'boolean', short: 'h' } }, strict: true });
  if (values.help) {
    console.log(HELP);
    return 0;
  }
  const config = loadConfig();
  const log = createLogger(config.logLevel, { component: 'serve' });
  // One registry for the process: the sync counts into it, the bot serves it on GET /metrics.
  const metrics = createMetrics();
  // Alerts are evaluated after every sync run of this replica, once the bot (and its poster) is up.
  let afterSync: ((report: SyncReport) => void) | null = null;
  const runtime = await openRuntime(config, {
    log,
    metrics,
    livingTenant: true,
    onSyncReport: (report) => afterSync?.(report),
  });
  // What an admin checks first after deploying: which tenant, which API, which store.
  log.info('audit source', {
    mode: config.demo ? 'demo' : 'tenant',
    tenant: config.tenant?.tenantId ?? runtime.emulator?.tenantId ?? null,
    cloud: config.tenant?.cloud ?? null,
    api: config.tenant?.apiBaseUrl ?? runtime.emulator?.url ?? config.emulatorUrl,
    store: runtime.store.kind,
  });
  let bot: RunningBot;
  try {
    bot = await startBot({
      config,
      store: runtime.store,
      log: log.child({ component: 'bot' }),
      syncLease: runtime.syncLease,
      inventory: runtime.inventory,
      metrics,
    });
  } catch (error) {
    await runtime.close();
    if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE') {
      console.error(
        `flowwatch serve: port ${config.bot.port} on ${config.bot.host} is in use. Stop the other process or set PORT to a free port.`,
      );
      return 1;
    }
    throw error;
  }
  afterSync = (report) => {
    bot.doctor.afterSync(report).catch((error: unknown) => log.error('coverage doctor failed', { error }));
    bot.alerts.afterSync().catch((error: unknown) => log.error('alert evaluation failed', { error }));
  };
  runtime.sync.start();
  // Daily digests to subscribed channels (one replica sends, by lease); bot.close() stops it.
  bot.digest.scheduler.start();
  console.log(nextSteps(config, runtime, bot));
  const signal = await waitForStopSignal();
  log.info('stopping', { signal });
  await bot.close();
  await runtime.close();
  return 0;
}
