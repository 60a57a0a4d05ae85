/**
 * The one module that reads the environment (its section loaders sit beside it in this folder).
 * `loadConfig()` validates every variable at start-up and throws a ConfigError naming the variable
 * and how to fix it. Everything else receives a typed Config. `.env.example` and the README's
 * table list the same variables.
 */
import { readFileSync } from 'node:fs';
import type { LogLevel } from '../log.ts';
import { loadAccessConfig, type AccessConfig } from './access-config.ts';
import { loadAlertConfig, type AlertConfig } from './alert-config.ts';
import { loadAuditTenantConfig, type AuditTenantConfig } from './audit-tenant-config.ts';
import { loadBackfillConfig, type BackfillConfig } from './backfill-config.ts';
import { loadBotConfig, type BotConfig } from './bot-config.ts';
import { loadDigestConfig, type DigestConfig } from './digest-config.ts';
import { loadDoctorConfig, type DoctorConfig } from './doctor-config.ts';
import { loadEmulatorConfig, type EmulatorConfig } from './emulator-config.ts';
import { loadMetricsConfig, type MetricsConfig } from './metrics-config.ts';
import { get, int, list, oneOf, url, zone, type Env } from './env-readers.ts';
import { loadInventoryConfig, type InventoryConfig } from './inventory-config.ts';
import { loadStoreConfig, type StoreConfig } from './store-config.ts';
import { loadSyncConfig, type SyncConfig } from './sync-config.ts';

export interface Config extends StoreConfig {
  demo: boolean;
  logLevel: LogLevel;
  tenant: AuditTenantConfig | null;
  sync: SyncConfig;
  defaultTimeZone: string;
  riskyConnectors: string[];
  bot: BotConfig;
  access: AccessConfig;
  digest: DigestConfig;
  metrics: MetricsConfig;
  alerts: AlertConfig;
  doctor: DoctorConfig;
  /** How long a replica's lease on sync/digest lasts without renewal. */
  leaseTtlMs: number;
  emulator: EmulatorConfig;
  /** Demo mode: sync from this already running tenant emulator instead of starting one (several replicas, tests). */
  emulatorUrl: string | null;
  /** The flow inventory from the Power Platform admin APIs (issue 11). */
  inventory: InventoryConfig;
  /** History beyond 7 days through the Graph audit log query API (issue 12). */
  backfill: BackfillConfig;
}

const LOG_LEVELS: LogLevel[] = ['debug', 'info', 'warn', 'error', 'silent'];
const DEFAULT_RISKY_CONNECTORS = ['HTTP', 'HTTP with Microsoft Entra ID', 'HTTP Webhook'];

/** Reads and validates the environment. Pure apart from reading a certificate file. */
export function loadConfig(env: Env = process.env, readFile = (file: string) => readFileSync(file, 'utf8')): Config {
  const tenant = loadAuditTenantConfig(env, readFile);
  const demo = tenant === null;
  const store = loadStoreConfig(env);
  const defaultTimeZone = zone(env, 'DEFAULT_TIMEZONE', 'UTC');
  return {
    demo,
    logLevel: oneOf<LogLevel>(env, 'LOG_LEVEL', LOG_LEVELS, 'info'),
    ...store,
    tenant,
    sync: loadSyncConfig(env, demo),
    defaultTimeZone,
    riskyConnectors: get(env, 'RISKY_CONNECTORS') ? list(env, 'RISKY_CONNECTORS') : [...DEFAULT_RISKY_CONNECTORS],
    bot: loadBotConfig(env, demo),
    access: loadAccessConfig(env, demo, tenant?.tenantId ?? null),
    digest: loadDigestConfig(env, defaultTimeZone),
    metrics: loadMetricsConfig(env),
    alerts: loadAlertConfig(env, demo),
    doctor: loadDoctorConfig(env),
    leaseTtlMs: int(env, 'LEASE_TTL_SECONDS', 60, 5, 3600) * 1000,
    emulator: loadEmulatorConfig(env),
    emulatorUrl: url(env, 'EMULATOR_URL') ?? null,
    inventory: loadInventoryConfig(env, tenant?.cloud ?? 'commercial'),
    backfill: loadBackfillConfig(env, tenant?.cloud ?? 'commercial'),
  };
}
