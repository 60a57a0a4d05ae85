/**
 * The one module that reads the environment. `loadConfig()` validates every variable at start-up
 * and throws a ConfigError naming the variable and how to fix it. Everything else receives a
 * typed Config. `.env.example` and the README's table list the same variables.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { IANAZone } from 'luxon';
import type { LogLevel } from './log.ts';

export type Cloud = 'commercial' | 'gcc' | 'gcchigh' | 'dod';
export type BotAppType = 'SingleTenant' | 'MultiTenant' | 'UserAssignedMSI';
export type DigestDays = 'daily' | 'weekdays';

/** Per-cloud hosts: ../shared/reference/audit-apis.md §1.1. */
export const CLOUD_HOSTS: Record<Cloud, { api: string; authority: string }> = {
  commercial: { api: 'https://manage.office.com', authority: 'https://login.microsoftonline.com' },
  gcc: { api: 'https://manage-gcc.office.com', authority: 'https://login.microsoftonline.com' },
  gcchigh: { api: 'https://manage.office365.us', authority: 'https://login.microsoftonline.us' },
  dod: { api: 'https://manage.protection.apps.mil', authority: 'https://login.microsoftonline.us' },
};

/** Credentials for the audit APIs (app-only, client credentials). Absent in demo mode. */
export interface AuditTenantConfig {
  tenantId: string;
  clientId: string;
  /** Exactly one of clientSecret or certificate is set. */
  clientSecret?: string;
  certificate?: { thumbprint: string; privateKeyPem: string };
  cloud: Cloud;
  /** Management Activity API root, e.g. https://manage.office.com (no trailing slash). */
  apiBaseUrl: string;
  /** Token authority host, e.g. https://login.microsoftonline.com. */
  authorityHost: string;
  /** Resource of the token (`{resource}/.default`); the API host of the cloud. */
  resource: string;
  publisherId: string;
}

export interface BotConfig {
  /** Empty in demo mode: Bot Framework auth off, bound to loopback. */
  appId: string;
  appPassword?: string;
  appType: BotAppType;
  appTenantId?: string;
  certificateThumbprint?: string;
  certificatePrivateKey?: string;
  /** Teams app id (the manifest's `id`) for `flowwatch package`; unset: the fixed default there. */
  teamsAppId?: string;
  host: string;
  port: number;
  maxBodyBytes: number;
}

export interface AccessConfig {
  /** Only users of this tenant get answers (demo: the emulator's tenant). */
  allowedTenantId: string | null;
  /** Entra object ids of admins. */
  adminUserIds: string[];
  /** Anyone posting from this team is an admin. */
  adminTeamId: string | null;
}

export interface DigestConfig {
  time: string;
  timeZone: string;
  days: DigestDays;
  /** Bearer secret for POST /api/digest; the route is off when unset. */
  secret: string | null;
}

export interface Config {
  demo: boolean;
  logLevel: LogLevel;
  dataDir: string;
  /** SQLite file used when databaseUrl is unset. */
  sqlitePath: string;
  /** Threads running the SQLite store's question reads (0: on the main thread). */
  sqliteReaderThreads: number;
  /** postgres://… selects the PostgreSQL store. */
  databaseUrl: string | null;
  pgPoolMax: number;
  tenant: AuditTenantConfig | null;
  sync: {
    intervalMs: number;
    overlapMs: number;
    blobConcurrency: number;
    httpTimeoutMs: number;
    maxRetries: number;
  };
  defaultTimeZone: string;
  riskyConnectors: string[];
  bot: BotConfig;
  access: AccessConfig;
  digest: DigestConfig;
  /** How long a replica's lease on sync/digest lasts without renewal. */
  leaseTtlMs: number;
  emulator: { port: number; seed: number; makers: number; flowsPerDay: number; days: number };
  /** Demo mode: sync from this already running tenant emulator instead of starting one (several replicas, tests). */
  emulatorUrl: string | null;
}

export class ConfigError extends Error {
  constructor(
    readonly variable: string,
    problem: string,
    fix: string,
  ) {
    super(`${variable}: ${problem}. ${fix}`);
    this.name = 'ConfigError';
  }
}

/**
 * The default tenant and user of Microsoft 365 Agents Playground 0.2.28 (its built-in config:
 * `tenantId`, `currentUser.aadObjectId`). In demo mode they are the allowed tenant and the admin,
 * so the Playground gets answers out of the box. (They are not GUIDs, so ALLOWED_TENANT_ID could
 * not name them.)
 */
export const PLAYGROUND_IDENTITY = {
  tenantId: '00000000-0000-0000-0000-0000000000001',
  userAadObjectId: '00000000-0000-0000-0000-0000000000020',
} as const;

type Env = Record<string, string | undefined>;

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const LOG_LEVELS: LogLevel[] = ['debug', 'info', 'warn', 'error', 'silent'];

function get(env: Env, name: string): string | undefined {
  const v = env[name]?.trim();
  return v === undefined || v === '' ? undefined : v;
}

function int(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = get(env, name);
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max) {
    throw new ConfigError(
      name,
      `"${raw}" is not a whole number from ${min} to ${max}`,
      `Set it to e.g. ${fallback}, or unset it for the default`,
    );
  }
  return n;
}

function oneOf<T extends string>(env: Env, name: string, allowed: readonly T[], fallback: T): T {
  const raw = get(env, name);
  if (raw === undefined) return fallback;
  const hit = allowed.find((a) => a.toLowerCase() === raw.toLowerCase());
  if (!hit)
    throw new ConfigError(
      name,
      `"${raw}" is not one of ${allowed.join(', ')}`,
      `Set it to one of those, or unset it for ${fallback}`,
    );
  return hit;
}

function guid(env: Env, name: string): string | undefined {
  const raw = get(env, name);
  if (raw !== undefined && !GUID.test(raw)) {
    throw new ConfigError(
      name,
      `"${raw}" is not a GUID`,
      'Copy the id from the Entra admin center (xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx)',
    );
  }
  return raw?.toLowerCase();
}

function zone(env: Env, name: string, fallback: string): string {
  const raw = get(env, name) ?? fallback;
  if (!IANAZone.isValidZone(raw))
    throw new ConfigError(
      name,
      `"${raw}" is not an IANA time zone`,
      'Use a name like Europe/Berlin or America/New_York',
    );
  return raw;
}

function url(env: Env, name: string): string | undefined {
  const raw = get(env, name);
  if (raw === undefined) return undefined;
  try {
    const u = new URL(raw);
    if (u.protocol !== 'https:' && u.protocol !== 'http:') throw new Error('scheme');
  } catch {
    throw new ConfigError(name, `"${raw}" is not an http(s) URL`, 'Give a full URL such as https://manage.office.com');
  }
  return raw.replace(/\/+$/, '');
}

function list(env: Env, name: string): string[] {
  return (get(env, name) ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}

function loadTenant(env: Env, readFile: (file: string) => string): AuditTenantConfig | null {
  const tenantId = guid(env, 'AUDIT_TENANT_ID');
  const clientId = guid(env, 'AUDIT_CLIENT_ID');
  const clientSecret = get(env, 'AUDIT_CLIENT_SECRET');
  const certPath = get(env, 'AUDIT_CERTIFICATE_PATH');
  const thumbprint = get(env, 'AUDIT_CERTIFICATE_THUMBPRINT');
  if (!tenantId && !clientId && !clientSecret && !certPath) return null;
  if (!tenantId)
    throw new ConfigError(
      'AUDIT_TENANT_ID',
      'is missing while other AUDIT_* variables are set',
      'Set it to your Entra tenant id, or unset all AUDIT_* variables for demo mode',
    );
  if (!clientId)
    throw new ConfigError(
      'AUDIT_CLIENT_ID',
      'is missing',
      'Set it to the application (client) id of the Entra app registration',
    );
  if (!clientSecret && !certPath) {
    throw new ConfigError(
      'AUDIT_CLIENT_SECRET',
      'neither a client secret nor AUDIT_CERTIFICATE_PATH is set',
      'Set one of them from the app registration',
    );
  }
  if (clientSecret && certPath)
    throw new ConfigError(
      'AUDIT_CERTIFICATE_PATH',
      'is set together with AUDIT_CLIENT_SECRET',
      'Use one credential: unset one of them',
    );
  let certificate: AuditTenantConfig['certificate'];
  if (certPath) {
    if (!thumbprint)
      throw new ConfigError(
        'AUDIT_CERTIFICATE_THUMBPRINT',
        'is missing while AUDIT_CERTIFICATE_PATH is set',
        'Set it to the SHA-1 thumbprint shown for the certificate in the app registration',
      );
    certificate = { thumbprint, privateKeyPem: readPem(certPath, readFile) };
  }
  const cloud = oneOf<Cloud>(env, 'AUDIT_CLOUD', ['commercial', 'gcc', 'gcchigh', 'dod'], 'commercial');
  const hosts = CLOUD_HOSTS[cloud];
  const apiBaseUrl = url(env, 'AUDIT_API_BASE_URL') ?? hosts.api;
  return {
    tenantId,
    clientId,
    ...(clientSecret ? { clientSecret } : {}),
    ...(certificate ? { certificate } : {}),
    cloud,
    apiBaseUrl,
    authorityHost: url(env, 'AUDIT_AUTHORITY_HOST') ?? hosts.authority,
    resource: hosts.api,
    publisherId: guid(env, 'AUDIT_PUBLISHER_ID') ?? tenantId,
  };
}

function readPem(file: string, readFile: (file: string) => string): string {
  try {
    return readFile(file);
  } catch (e) {
    throw new ConfigError(
      'AUDIT_CERTIFICATE_PATH',
      `cannot read "${file}" (${(e as Error).message})`,
      'Point it at a PEM file holding the private key',
    );
  }
}

function loadBot(env: Env, demo: boolean): BotConfig {
  const appId = get(env, 'BOT_ID') ?? '';
  if (appId && !GUID.test(appId))
    throw new ConfigError('BOT_ID', `"${appId}" is not a GUID`, 'Use the Microsoft App ID of the Azure Bot resource');
  const appType = oneOf<BotAppType>(
    env,
    'BOT_TYPE',
    ['SingleTenant', 'MultiTenant', 'UserAssignedMSI'],
    'SingleTenant',
  );
  const appPassword = get(env, 'BOT_PASSWORD');
  const appTenantId = guid(env, 'BOT_TENANT_ID');
  const certificateThumbprint = get(env, 'BOT_CERTIFICATE_THUMBPRINT');
  const certificatePrivateKey = get(env, 'BOT_CERTIFICATE_PRIVATE_KEY');
  const teamsAppId = guid(env, 'TEAMS_APP_ID');
  if (!demo) {
    if (!appId)
      throw new ConfigError(
        'BOT_ID',
        'is missing outside demo mode',
        'Set BOT_ID (and BOT_PASSWORD or a certificate) from the Azure Bot resource; the bot refuses to run unauthenticated against a real tenant',
      );
    if (appType !== 'UserAssignedMSI' && !appPassword && !certificateThumbprint) {
      throw new ConfigError(
        'BOT_PASSWORD',
        'is missing',
        'Set the client secret of the bot app registration, or BOT_CERTIFICATE_THUMBPRINT with BOT_CERTIFICATE_PRIVATE_KEY',
      );
    }
    if (appType !== 'MultiTenant' && !appTenantId)
      throw new ConfigError(
        'BOT_TENANT_ID',
        `is required for BOT_TYPE=${appType}`,
        'Set it to the tenant id of the bot app registration',
      );
  }
  return {
    appId,
    ...(appPassword ? { appPassword } : {}),
    appType,
    ...(appTenantId ? { appTenantId } : {}),
    ...(certificateThumbprint ? { certificateThumbprint } : {}),
    ...(certificatePrivateKey ? { certificatePrivateKey } : {}),
    ...(teamsAppId ? { teamsAppId } : {}),
    host: get(env, 'HOST') ?? (demo ? '127.0.0.1' : '0.0.0.0'),
    port: int(env, 'PORT', 3978, 0, 65535),
    maxBodyBytes: int(env, 'MAX_BODY_BYTES', 256 * 1024, 1024, 16 * 1024 * 1024),
  };
}

function digestTime(env: Env): string {
  const raw = get(env, 'DIGEST_TIME') ?? '08:00';
  const m = /^(\d{1,2}):(\d{2})$/.exec(raw);
  if (!m || Number(m[1]) > 23 || Number(m[2]) > 59)
    throw new ConfigError('DIGEST_TIME', `"${raw}" is not a time of day`, 'Use HH:MM in 24-hour form, e.g. 08:00');
  return `${m[1].padStart(2, '0')}:${m[2]}`;
}

/** Reads and validates the environment. Pure apart from reading a certificate file. */
export function loadConfig(env: Env = process.env, readFile = (file: string) => readFileSync(file, 'utf8')): Config {
  const tenant = loadTenant(env, readFile);
  const demo = tenant === null;
  const dataDir = path.resolve(get(env, 'DATA_DIR') ?? './data');
  const databaseUrl = get(env, 'DATABASE_URL') ?? null;
  if (databaseUrl && !/^postgres(ql)?:\/\//.test(databaseUrl)) {
    throw new ConfigError(
      'DATABASE_URL',
      'is not a postgres:// URL',
      'Use postgres://user:password@host:5432/db, or unset it for the SQLite file',
    );
  }
  const defaultTimeZone = zone(env, 'DEFAULT_TIMEZONE', 'UTC');
  return {
    demo,
    logLevel: oneOf<LogLevel>(env, 'LOG_LEVEL', LOG_LEVELS, 'info'),
    dataDir,
    sqlitePath: path.resolve(get(env, 'SQLITE_PATH') ?? path.join(dataDir, 'flowwatch.db')),
    sqliteReaderThreads: int(env, 'SQLITE_READER_THREADS', 1, 0, 8),
    databaseUrl,
    pgPoolMax: int(env, 'PG_POOL_MAX', 10, 1, 200),
    tenant,
    sync: {
      intervalMs: int(env, 'SYNC_INTERVAL_MINUTES', 5, 1, 1440) * 60_000,
      overlapMs: int(env, 'SYNC_OVERLAP_MINUTES', 15, 0, 720) * 60_000,
      blobConcurrency: int(env, 'SYNC_CONCURRENCY', 8, 1, 64),
      httpTimeoutMs: int(env, 'SYNC_HTTP_TIMEOUT_SECONDS', 30, 1, 600) * 1000,
      maxRetries: int(env, 'SYNC_MAX_RETRIES', 6, 0, 20),
    },
    defaultTimeZone,
    riskyConnectors: get(env, 'RISKY_CONNECTORS')
      ? list(env, 'RISKY_CONNECTORS')
      : ['HTTP', 'HTTP with Microsoft Entra ID', 'HTTP Webhook'],
    bot: loadBot(env, demo),
    access: {
      allowedTenantId:
        guid(env, 'ALLOWED_TENANT_ID') ?? tenant?.tenantId ?? (demo ? PLAYGROUND_IDENTITY.tenantId : null),
      adminUserIds:
        demo && !get(env, 'ADMIN_USER_IDS')
          ? [PLAYGROUND_IDENTITY.userAadObjectId]
          : list(env, 'ADMIN_USER_IDS').map((s) => s.toLowerCase()),
      adminTeamId: get(env, 'ADMIN_TEAM_ID') ?? null,
    },
    digest: {
      time: digestTime(env),
      timeZone: zone(env, 'DIGEST_TIMEZONE', defaultTimeZone),
      days: oneOf<DigestDays>(env, 'DIGEST_DAYS', ['daily', 'weekdays'], 'daily'),
      secret: get(env, 'DIGEST_SECRET') ?? null,
    },
    leaseTtlMs: int(env, 'LEASE_TTL_SECONDS', 60, 5, 3600) * 1000,
    emulator: {
      port: int(env, 'EMULATOR_PORT', 0, 0, 65535),
      seed: int(env, 'EMULATOR_SEED', 42, 0, 2 ** 31 - 1),
      makers: int(env, 'EMULATOR_MAKERS', 40, 1, 100_000),
      flowsPerDay: int(env, 'EMULATOR_FLOWS_PER_DAY', 60, 0, 1_000_000),
      days: int(env, 'EMULATOR_DAYS', 8, 1, 30),
    },
    emulatorUrl: url(env, 'EMULATOR_URL') ?? null,
  };
}
