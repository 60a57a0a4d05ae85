/**
 * Everything a Flowwatch process needs to answer and sync, wired from a Config: the store, the
 * audit feed (the real Management API client, pointed at the in-process tenant emulator in demo
 * mode) and the sync loop. One place builds it, so the bot, the CLI and the tests agree.
 */
import { emulatorTenantConfig } from '../audit/emulator-tenant.ts';
import { ManagementApiClient } from '../audit/management-api.ts';
import type { ActivityFeed } from '../audit/source.ts';
import { createTokenProvider, type ScopedTokenProvider, type TokenTenant } from '../audit/token-provider.ts';
import type { AuditTenantConfig } from '../config/audit-tenant-config.ts';
import type { Config } from '../config/load-config.ts';
import {
  DEFAULT_TENANT_ID,
  DEMO_CLIENT_ID,
  DEMO_CLIENT_SECRET,
  startEmulator,
  type EmulatorOptions,
  type RunningEmulator,
} from '../emulator/index.ts';
import { createLogger, type Logger } from '../log.ts';
import { instrumentStore } from '../metrics/instrument-store.ts';
import type { FlowwatchMetrics } from '../metrics/metrics.ts';
import { createSyncLease, type SyncLease } from '../replicas/sync-lease.ts';
import { IMPORT_COVERAGE_SOURCE } from '../model/coverage-source.ts';
import { openStore } from '../store/open.ts';
import type { Store } from '../store/store.ts';
import { runSync } from '../sync/run-sync.ts';
import { SyncLoop } from '../sync/sync-loop.ts';
import type { SyncReport } from '../sync/sync-report.ts';
import type { InventorySchedule } from '../sync/inventory/inventory-schedule.ts';
import type { InventorySync } from '../sync/inventory/inventory-sync.ts';
import { buildInventory } from './inventory-runtime.ts';
import { buildBackfill, type BackfillRuntime } from './backfill-runtime.ts';

export interface Runtime {
  config: Config;
  store: Store;
  feed: ActivityFeed;
  /** The in-process tenant emulator, in demo mode only. */
  emulator?: RunningEmulator;
  /** The sync schedule; not started: call sync.start() to sync every config.sync.intervalMs. */
  sync: SyncLoop;
  /** With a store shared by replicas (PostgreSQL): the lease that lets only one of them sync. */
  syncLease: SyncLease | null;
  /** Why this runtime never syncs (demo mode over a store of imported files), or null. */
  syncBlocked: string | null;
  /** The flow inventory (issue 11), run after each sync run by the replica that syncs; null when sync is blocked. */
  inventory: InventorySync | null;
  /** Syncs once now (or joins the run in flight) and returns its report. */
  syncOnce(): Promise<SyncReport>;
  /** Stops the loop, waits for a run in flight, closes the store and the emulator. */
  close(): Promise<void>;
  /** The Graph audit query backfill (issue 12); null when BACKFILL_DAYS is 0 or sync is off. */
  backfill?: BackfillRuntime | null;
}

export interface RuntimeOptions {
  log?: Logger;
  now?: () => Date;
  /** Overrides for the demo emulator (tests: a fixed clock, faults, a smaller tenant). */
  emulator?: EmulatorOptions;
  /** Use this store instead of opening the configured one (closed by runtime.close()). */
  store?: Store;
  /** May this replica sync now? (the sync lease, once several replicas share a store). */
  acquireSyncLease?: () => Promise<boolean>;
  onSyncReport?: (report: SyncReport) => void;
  /** Demo: the emulator keeps publishing new flows (EMULATOR_LIVE_SECONDS); `flowwatch serve` asks for it. */
  livingTenant?: boolean;
  /** The process's metrics: sync reports, audit API counters and store errors are counted in them. */
  metrics?: FlowwatchMetrics;
}

export async function openRuntime(config: Config, opts: RuntimeOptions = {}): Promise<Runtime> {
  const log = opts.log ?? createLogger(config.logLevel);
  const now = opts.now ?? (() => new Date());
  let emulator: RunningEmulator | undefined;
  let store: Store | undefined;
  try {
    store = opts.store ?? (await openStore(config, log));
    if (opts.metrics) store = instrumentStore(store, opts.metrics);
    const syncBlocked = isDemo(config) ? await demoSyncBlocked(store) : null;
    if (syncBlocked) log.warn('demo sync off', { reason: syncBlocked });
    // Replicas in demo mode share one emulator (EMULATOR_URL), as they would share one tenant.
    else if (isDemo(config) && !config.emulatorUrl)
      // The demo tenant did the admin step: Flowwatch is a registered management app there.
      emulator = await startEmulator({
        ...config.emulator,
        now,
        ...(opts.livingTenant ? { live: { everyMs: config.emulator.liveSeconds * 1000 } } : {}),
        ...opts.emulator,
        admin: { managementAppRegistered: true, ...opts.emulator?.admin },
      });
    const audit = syncBlocked ? null : auditFeed(config, emulator, log, now, opts.metrics);
    const feed = audit?.feed ?? refusingFeed(syncBlocked ?? 'sync is off');
    const emulatorUrl = emulator?.url ?? (isDemo(config) ? config.emulatorUrl : null);
    const inventory = audit ? buildInventory({ config, emulatorUrl, tokens: audit.tokens, store, log, now }) : null;
    const backfill = audit ? buildBackfill({ config, emulatorUrl, tokens: audit.tokens, store, log, now }) : null;
    const { sync, syncLease } = scheduleSync({ config, opts, feed, store, log, now, syncBlocked, inventory, backfill });
    return runtimeHandle({ config, store, feed, emulator, sync, syncLease, log, syncBlocked, inventory, backfill });
  } catch (error) {
    const opened = store;
    await closeAll(log, [() => opened?.close(), () => emulator?.close()]);
    throw error;
  }
}

/**
 * Why this demo runtime must not sync: a store holding imported audit files is a real tenant's
 * data, and the emulator's generated tenant would mix in (its events look just as real).
 */
async function demoSyncBlocked(store: Store): Promise<string | null> {
  const imported = await store.syncState.getCoverage(IMPORT_COVERAGE_SOURCE);
  return imported.length > 0
    ? 'the store holds imported audit files, so the demo emulator is not synced into it (set AUDIT_* to sync a real tenant)'
    : null;
}

/** A feed for a runtime that must not sync: nothing reaches it (the loop never runs), and if it did it says why. */
function refusingFeed(reason: string): ActivityFeed {
  const refuse = (): never => {
    throw new Error(reason);
  };
  return { ensureSubscription: refuse, listContent: refuse, fetchContent: refuse };
}

/** The audit feed and its token provider, which the inventory shares (one app registration). */
function auditFeed(
  config: Config,
  emulator: RunningEmulator | undefined,
  log: Logger,
  now: () => Date,
  metrics: FlowwatchMetrics | undefined,
): { feed: ActivityFeed; tokens: ScopedTokenProvider } {
  const tenant = auditTenant(config, emulator, log);
  const tokens = createTokenProvider(tenant, { now, timeoutMs: config.sync.httpTimeoutMs });
  const feed = new ManagementApiClient({
    tenant,
    tokens,
    http: config.sync,
    now,
    logger: log.child({ component: 'management-api' }),
  });
  metrics?.watchApiCounters('mgmt', () => feed.counters());
  return { feed, tokens };
}

function isDemo(config: Config): boolean {
  return config.demo || config.tenant === null;
}

/** Where the audit feed reads: the shared emulator at EMULATOR_URL, the built-in one, or the real tenant. */
function auditTenant(
  config: Config,
  emulator: RunningEmulator | undefined,
  log: Logger,
): AuditTenantConfig & TokenTenant {
  if (emulator) {
    const tenant = emulatorTenantConfig(emulator);
    log.info('demo mode: syncing from the built-in tenant emulator', { url: emulator.url });
    return tenant;
  }
  if (isDemo(config) && config.emulatorUrl) {
    const tenant = emulatorTenantConfig({
      url: config.emulatorUrl,
      tenantId: DEFAULT_TENANT_ID,
      clientId: DEMO_CLIENT_ID,
      clientSecret: DEMO_CLIENT_SECRET,
    });
    log.info('demo mode: syncing from the tenant emulator at EMULATOR_URL', { url: config.emulatorUrl });
    return tenant;
  }
  return config.tenant!;
}

interface SyncParts {
  syncBlocked: string | null;
  config: Config;
  opts: RuntimeOptions;
  feed: ActivityFeed;
  store: Store;
  log: Logger;
  now: () => Date;
  inventory: InventorySchedule | null;
  backfill: BackfillRuntime | null;
}

/** The sync loop, and the sync lease that gates it unless the caller brings its own. */
function scheduleSync({ config, opts, feed, store, log, now, syncBlocked, inventory, backfill }: SyncParts): {
  sync: SyncLoop;
  syncLease: SyncLease | null;
} {
  const syncLease = opts.acquireSyncLease
    ? null
    : createSyncLease({
        store,
        ttlMs: config.leaseTtlMs,
        log,
        now,
        onTakeover: () => {
          sync.syncNow().catch((error: unknown) => log.error('sync after taking the lease over failed', { error }));
        },
      });
  const acquire = syncBlocked
    ? () => Promise.resolve(false)
    : (opts.acquireSyncLease ?? (syncLease ? () => syncLease.acquire() : undefined));
  const sync: SyncLoop = new SyncLoop({
    run: async () => {
      const startedAt = now();
      const report = await runSync({
        feed,
        store,
        now,
        log,
        options: { overlapMs: config.sync.overlapMs, blobConcurrency: config.sync.blobConcurrency },
      });
      // Under the same lease as the sync; failures stay in the inventory's status, never the sync's.
      await inventory?.afterSync(startedAt);
      // Gaps the sync just recorded are queued; the slices run in the background (issue 12).
      await backfill?.afterSync();
      return report;
    },
    intervalMs: config.sync.intervalMs,
    log,
    ...(acquire ? { acquire } : {}),
    ...(opts.onSyncReport || opts.metrics ? { onReport: reportTo(opts) } : {}),
  });
  return { sync, syncLease };
}

/** Every finished run goes to the metrics and to the caller's onSyncReport. */
function reportTo(opts: RuntimeOptions): (report: SyncReport) => void {
  return (report) => {
    opts.metrics?.syncFinished(report);
    opts.onSyncReport?.(report);
  };
}

interface RuntimeParts {
  syncBlocked: string | null;
  config: Config;
  store: Store;
  feed: ActivityFeed;
  emulator: RunningEmulator | undefined;
  sync: SyncLoop;
  syncLease: SyncLease | null;
  log: Logger;
  inventory: InventorySchedule | null;
  backfill: BackfillRuntime | null;
}

function runtimeHandle(parts: RuntimeParts): Runtime {
  const { config, store, feed, emulator, sync, syncLease, log, syncBlocked } = parts;
  let closed: Promise<void> | null = null;
  return {
    config,
    store,
    feed,
    ...(emulator ? { emulator } : {}),
    sync,
    syncLease,
    syncBlocked,
    inventory: parts.inventory?.inventory ?? null,
    backfill: parts.backfill,
    async syncOnce() {
      if (syncBlocked) throw new Error(syncBlocked);
      const report = await sync.syncNow();
      if (!report) throw new Error('another replica holds the sync lease; its sync keeps the store current');
      return report;
    },
    close() {
      closed ??= closeAll(log, [
        () => sync.stop(),
        () => parts.backfill?.stop(),
        () => syncLease?.release(),
        () => store.close(),
        () => emulator?.close(),
      ]);
      return closed;
    },
  };
}

/** Runs every step even when one fails; throws the first failure afterwards. */
async function closeAll(log: Logger, steps: Array<() => Promise<void> | undefined>): Promise<void> {
  let first: Error | null = null;
  for (const step of steps) {
    try {
      await step();
    } catch (error) {
      log.error('shutdown step failed', { error });
      first ??= error instanceof Error ? error : new Error(String(error));
    }
  }
  if (first) throw first;
}
