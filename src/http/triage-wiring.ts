/**
 * Alerts and the coverage doctor as `flowwatch serve` runs them: both post through the same
 * proactive poster as the digest, counted in flowwatch_channel_posts_total by kind.
 */
import { hostname } from 'node:os';
import { randomUUID } from 'node:crypto';
import { handleAlertCommand } from '../alerts/alert-commands.ts';
import { AlertService } from '../alerts/alert-service.ts';
import { ALERT_USAGE } from '../bot/commands/alert-command.ts';
import type { BotAlerts } from '../bot/flowwatch-bot.ts';
import { createProactivePoster, type ProactiveAdapter } from '../bot/proactive-poster.ts';
import type { Config } from '../config/load-config.ts';
import { CoverageDoctor } from '../doctor/doctor.ts';
import type { Logger } from '../log.ts';
import type { InventoryState } from '../model/flow-identity.ts';
import { countingPoster } from '../metrics/counting-poster.ts';
import type { FlowwatchMetrics, PostKind } from '../metrics/metrics.ts';
import type { ChannelPoster } from '../digest/channel-poster.ts';
import { DigestService } from '../digest/digest-service.ts';
import type { Store } from '../store/store.ts';

/** What every service that posts to channels is built from. */
export interface ServiceParts {
  config: Config;
  store: Store;
  adapter: ProactiveAdapter;
  now: () => Date;
  log: Logger;
  metrics: FlowwatchMetrics;
  /** How this replica's flow inventory stands (cards say why a flow has no name); 'ok' when absent. */
  inventoryState?: () => InventoryState;
}

/** The proactive poster, its posts counted by kind. */
function posterFor(parts: ServiceParts, kind: PostKind): ChannelPoster {
  const { adapter, config, log, metrics } = parts;
  return countingPoster(createProactivePoster({ adapter, botAppId: config.bot.appId, log }), kind, metrics);
}

/** The digest as `flowwatch serve` runs it, from config: the default when the caller passes none. */
export function createDigestService(parts: ServiceParts): DigestService {
  const { config, store, now, log } = parts;
  return new DigestService({
    store,
    poster: posterFor(parts, 'digest'),
    defaults: { time: config.digest.time, timeZone: config.digest.timeZone, days: config.digest.days },
    riskyConnectors: config.riskyConnectors,
    clock: now,
    log,
    leaseTtlMs: config.leaseTtlMs,
  });
}

/** Alerts, posting through the proactive poster. */
export function createAlertService(parts: ServiceParts): AlertService {
  const { config, store, now, log } = parts;
  return new AlertService({
    store,
    poster: posterFor(parts, 'alert'),
    clock: now,
    log: log.child({ component: 'alerts' }),
    holder: `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`,
    riskyConnectors: config.riskyConnectors,
    tenantDomains: config.alerts.tenantDomains,
    postsPerHour: config.alerts.postsPerHour,
    timeZone: config.digest.timeZone,
    defaultRules: config.alerts.defaultRules,
    adminTeamId: config.access.adminTeamId,
    ...(parts.inventoryState ? { inventoryState: parts.inventoryState } : {}),
  });
}

/** The bot's view of alerts: chat commands answered with the config's defaults. */
export function botAlerts(alerts: AlertService, config: Config): BotAlerts {
  const deps = {
    store: alerts.options.store,
    clock: alerts.options.clock,
    defaults: { time: config.digest.time, timeZone: config.digest.timeZone, days: config.digest.days },
    usage: ALERT_USAGE,
    tenantDomains: config.alerts.tenantDomains,
    syncIntervalMinutes: config.sync.intervalMs / 60_000,
  };
  return {
    handleCommand: (command, target, by) => handleAlertCommand(deps, command, target, by),
    muteFlow: (conversationId, flowId) => alerts.muteFlow(conversationId, flowId),
    historyCard: (flowId, timeZone) => alerts.historyCard(flowId, timeZone),
    moreCard: (conversationId, data) => alerts.moreCard(conversationId, data),
  };
}

/** The coverage doctor, telling the admins' team's channels (every subscribed one without ADMIN_TEAM_ID). */
export function createDoctor(parts: ServiceParts): CoverageDoctor {
  const { config, store, now, log } = parts;
  return new CoverageDoctor({
    store,
    poster: posterFor(parts, 'notice'),
    clock: now,
    log: log.child({ component: 'doctor' }),
    thresholds: config.doctor,
    silentEnvironmentDays: config.doctor.silentEnvironmentDays,
    adminTeamId: config.access.adminTeamId,
  });
}
