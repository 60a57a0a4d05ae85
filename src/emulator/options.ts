/**
 * What a caller can set on the emulator, and the defaults. `resolveOptions` fills every gap so the
 * rest of the emulator works with plain numbers.
 */
import { DEFAULT_TENANT_ID } from './demo-tenant.ts';
import type { RegisteredCertificate } from './auth/client-certificates.ts';
import type { AdminKnobs } from './api/admin-routes.ts';
import type { AuditQueryKnobs } from './audit-query/audit-queries.ts';

/** Fault knobs; every decision comes from a seeded stream, so a run repeats. */
export interface Faults {
  /** Share of API requests answered with AF429. */
  throttleRate: number;
  /** AF429 arrives as HTTP 403 in Microsoft's own example (audit-apis.md §1.8); 429 is the other case. */
  throttleStatus: 403 | 429;
  /** Seconds for a Retry-After header on throttled answers; null sends none (the documented case). */
  retryAfterSeconds: number | null;
  /** Share of API requests answered with 500 AF50000 or 503. */
  serverErrorRate: number;
  /** Delay before every response, token endpoint included. */
  slowMs: number;
  /** Share of blob downloads whose body is cut: a broken JSON prefix, or a socket closed mid-body. */
  truncateRate: number;
}

export interface EmulatorOptions {
  /** The emulator's clock; time travel = a function whose answer moves. Generation is anchored at the first call. */
  now?: () => Date;
  seed?: number;
  tenantId?: string;
  makers?: number;
  environments?: number;
  /** New flows per day; each flow then gets edits, shares, deletes… */
  flowsPerDay?: number;
  /** Days of history back from `now` (blobs older than 7 days are expired). */
  days?: number;
  /** Share of Audit.General records from other workloads (Power BI, Forms, Power Apps…). */
  otherWorkloadRatio?: number;
  /** Share of Flow records that are published a second time in another blob. */
  duplicateRate?: number;
  /** Share of Flow records that become available 2–24 h after they happened. */
  lateRate?: number;
  /** Entries per content-listing page. */
  pageSize?: number;
  /** Name of the next-page header: 'NextPageUri' (default), 'NextPageUrl', 'nextpageuri', … */
  nextPageHeader?: string;
  faults?: Partial<Faults>;
  /** Benchmarks: generate about this many Audit.General records instead of using flowsPerDay. */
  totalRecords?: number;
  /** Serialize every blob at start (keeps generation out of measured time). */
  pregenerate?: boolean;
  /** Largest number of records in one blob. */
  maxRecordsPerBlob?: number;
  /** Lifetime of issued access tokens (Entra answers 3599). */
  tokenLifetimeSeconds?: number;
  /** Start with an Audit.General subscription already enabled, like a tenant that ran before. */
  startSubscribed?: boolean;
  /** Certificates uploaded to the app registration, for client assertions (none: only the secret works). */
  certificates?: RegisteredCertificate[];
  /** The admin APIs, Dataverse and Graph (flow-inventory.md): registration, paging, throttling. */
  admin?: Partial<AdminKnobs>;
  /** The Graph audit log query API: how long queries take, throttling, page size. */
  auditQuery?: Partial<AuditQueryKnobs>;
  /**
   * Demo mode's living tenant: a new flow every `everyMs` (0: none), published `delayMs` after it
   * happened (generator/living-tenant.ts).
   */
  live?: { everyMs: number; delayMs?: number; watchedShare?: number };
  port?: number;
  host?: string;
}

export interface ResolvedOptions {
  now: () => Date;
  seed: number;
  tenantId: string;
  makers: number;
  environments: number;
  flowsPerDay: number;
  days: number;
  otherWorkloadRatio: number;
  duplicateRate: number;
  lateRate: number;
  pageSize: number;
  nextPageHeader: string;
  faults: Faults;
  totalRecords: number | null;
  pregenerate: boolean;
  maxRecordsPerBlob: number;
  tokenLifetimeSeconds: number;
  startSubscribed: boolean;
  certificates: RegisteredCertificate[];
  admin: AdminKnobs;
  auditQuery: Partial<AuditQueryKnobs>;
  port: number;
  host: string;
  live: { everyMs: number; delayMs: number; watchedShare: number };
}

export const NO_FAULTS: Faults = {
  throttleRate: 0,
  throttleStatus: 403,
  retryAfterSeconds: null,
  serverErrorRate: 0,
  slowMs: 0,
  truncateRate: 0,
};

function rate(name: string, value: number | undefined, fallback: number): number {
  const v = value ?? fallback;
  if (!Number.isFinite(v) || v < 0 || v > 1)
    throw new RangeError(`emulator option ${name} must be between 0 and 1, got ${v}`);
  return v;
}

function count(name: string, value: number | undefined, fallback: number, min: number): number {
  const v = value ?? fallback;
  if (!Number.isInteger(v) || v < min)
    throw new RangeError(`emulator option ${name} must be a whole number >= ${min}, got ${v}`);
  return v;
}

export function resolveFaults(current: Faults, change: Partial<Faults>): Faults {
  const next = { ...current, ...change };
  rate('throttleRate', next.throttleRate, 0);
  rate('serverErrorRate', next.serverErrorRate, 0);
  rate('truncateRate', next.truncateRate, 0);
  if (next.throttleStatus !== 403 && next.throttleStatus !== 429)
    throw new RangeError('emulator fault throttleStatus must be 403 or 429');
  if (next.retryAfterSeconds !== null) count('retryAfterSeconds', next.retryAfterSeconds, 0, 0);
  count('slowMs', next.slowMs, 0, 0);
  return next;
}

export function resolveOptions(options: EmulatorOptions = {}): ResolvedOptions {
  return {
    now: options.now ?? (() => new Date()),
    seed: count('seed', options.seed, 42, 0),
    tenantId: (options.tenantId ?? DEFAULT_TENANT_ID).toLowerCase(),
    makers: count('makers', options.makers, 40, 1),
    environments: count('environments', options.environments, 5, 1),
    flowsPerDay: count('flowsPerDay', options.flowsPerDay, 60, 0),
    days: count('days', options.days, 8, 1),
    // Capped below 1: the ratio sets how many other records go with each Flow record.
    otherWorkloadRatio: Math.min(rate('otherWorkloadRatio', options.otherWorkloadRatio, 0.9), 0.999),
    duplicateRate: rate('duplicateRate', options.duplicateRate, 0.03),
    lateRate: rate('lateRate', options.lateRate, 0.05),
    pageSize: count('pageSize', options.pageSize, 20, 1),
    nextPageHeader: options.nextPageHeader ?? 'NextPageUri',
    faults: resolveFaults(NO_FAULTS, options.faults ?? {}),
    totalRecords: options.totalRecords === undefined ? null : count('totalRecords', options.totalRecords, 0, 0),
    pregenerate: options.pregenerate ?? false,
    maxRecordsPerBlob: count('maxRecordsPerBlob', options.maxRecordsPerBlob, 100, 1),
    tokenLifetimeSeconds: count('tokenLifetimeSeconds', options.tokenLifetimeSeconds, 3599, 1),
    startSubscribed: options.startSubscribed ?? false,
    certificates: options.certificates ?? [],
    admin: resolveAdminKnobs(options.admin ?? {}),
    auditQuery: options.auditQuery ?? {},
    port: count('port', options.port, 0, 0),
    host: options.host ?? '127.0.0.1',
    live: {
      everyMs: count('live.everyMs', options.live?.everyMs, 0, 0),
      delayMs: count('live.delayMs', options.live?.delayMs, 0, 0),
      watchedShare: rate('live.watchedShare', options.live?.watchedShare, 0.5),
    },
  };
}

/** Defaults are a tenant that has not done the admin step: 403 until `managementAppRegistered`. */
export function resolveAdminKnobs(k: Partial<AdminKnobs>): AdminKnobs {
  return {
    managementAppRegistered: k.managementAppRegistered ?? false,
    dataverseAppUser: k.dataverseAppUser ?? true,
    adminPageSize: count('adminPageSize', k.adminPageSize, 50, 1),
    adminThrottleRate: rate('adminThrottleRate', k.adminThrottleRate, 0),
    adminRetryAfterSeconds: count('adminRetryAfterSeconds', k.adminRetryAfterSeconds, 1, 0),
  };
}
