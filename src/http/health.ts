/**
 * GET /healthz: whether the store answers, how old the last successful sync is, how many blobs
 * wait in the failed set (ran out of retries; later runs fetch them again), the version,
 * (replicas on one PostgreSQL) whether this replica holds the sync lease and who does, and (with
 * an app id) whether the channel's signing keys are at hand.
 * 200 when the store is reachable, 503 when not, so a load balancer can take a replica out.
 */
import { backfillProgress, type BackfillProgress } from '../sync/backfill/progress.ts';
import type { InventoryState } from '../model/flow-identity.ts';
import type { ChannelKeyStatus } from '../bot/channel-keys.ts';
import type { Logger } from '../log.ts';
import type { LeaseStatus } from '../replicas/lease-keeper.ts';
import { COVERAGE_SOURCE } from '../queries/run.ts';
import type { Store } from '../store/store.ts';
import { APP_VERSION } from './version.ts';

export interface HealthReport {
  status: 'ok' | 'unavailable';
  version: string;
  store: { kind: string; reachable: boolean };
  /** The last recorded sync run; null before the first one. */
  lastSync: {
    source: string;
    ok: boolean;
    finishedAt: string;
    /** Seconds since that run finished. */
    ageSeconds: number;
    /** Seconds since the last run that succeeded, when the last one is that run. */
    successAgeSeconds: number | null;
  } | null;
  /**
   * Blobs that ran out of retries and wait for a later run (their time counts as not covered in
   * answers until stored); null when the store is unreachable.
   */
  failedBlobs: { pending: number; oldestContentCreated: string | null } | null;
  /**
   * The sync lease as this replica's last renew beat saw it (no query of its own: a health call
   * costs the same round trips with or without it); null for a store no other process shares.
   */
  syncLease: {
    /** This replica's id (host:pid:random). */
    replica: string;
    held: boolean;
    /** The replica that syncs, when known (this one while held). */
    leader: string | null;
    leaderSeenAt: string | null;
    heldUntil: string | null;
    acquisitions: number;
  } | null;
  /**
   * Whether the Bot Framework channel's signing keys are at hand (without them, authenticated
   * requests get 503) and, when not, why in fixed words; null when authentication is off.
   */
  channelKeys: ChannelKeyStatus | null;
  /** The coverage doctor's open incidents (subscription, syncFailing, feedLag, gap); null when the store is unreachable. */
  incidents: Array<{ kind: string; detail: string; openedAt: string }> | null;
  /**
   * The flow inventory as this replica's inventory sync last saw it ('not-registered': the admin
   * APIs answered 403, flows show ids until the app is a management app); null where it does not run.
   */
  inventory: InventoryHealth | null;
  /** How far the Graph audit query backfill has got (issue 12); null when nothing was planned or the store is unreachable. */
  backfill: BackfillProgress | null;
}

export interface InventoryHealth {
  status: InventoryState;
  lastPassAt: string | null;
  flows: number;
  message: string | null;
}

/** What /healthz needs of the inventory sync (InventorySync has it). */
export interface InventoryStatusSource {
  status(): InventoryHealth;
}

/** What /healthz needs of inbound authentication. */
export interface KeyStatusSource {
  keyStatus(): ChannelKeyStatus;
}

/** What /healthz needs of the sync lease (SyncLease and LeaseKeeper have it). */
export interface LeaseStatusSource {
  status(): LeaseStatus;
}

function leaseReport(lease: LeaseStatusSource | null | undefined): HealthReport['syncLease'] {
  if (!lease) return null;
  const s = lease.status();
  return {
    replica: s.holder,
    held: s.held,
    leader: s.leader,
    leaderSeenAt: s.leaderSeenAt,
    heldUntil: s.heldUntil,
    acquisitions: s.acquisitions,
  };
}

export async function checkHealth(
  store: Store,
  now: Date,
  log: Logger,
  syncLease?: LeaseStatusSource | null,
  inbound?: KeyStatusSource | null,
  inventory?: InventoryStatusSource | null,
): Promise<HealthReport> {
  let reachable = true;
  let lastSync: HealthReport['lastSync'] = null;
  let failedBlobs: HealthReport['failedBlobs'] = null;
  let incidents: HealthReport['incidents'] = null;
  let backfill: HealthReport['backfill'] = null;
  try {
    await store.ping();
    const [report, pending, known, slices] = await Promise.all([
      store.syncState.lastSyncReport(),
      store.syncState.listFailedBlobs(COVERAGE_SOURCE),
      store.incidents.listIncidents(),
      store.backfill.listSlices(),
    ]);
    backfill = slices.length > 0 ? backfillProgress(slices) : null;
    incidents = known
      .filter((i) => i.state === 'open')
      .map((i) => ({ kind: i.kind, detail: i.detail, openedAt: i.openedAt }));
    failedBlobs = { pending: pending.length, oldestContentCreated: pending[0]?.contentCreated ?? null };
    if (report) {
      const ageSeconds = Math.max(0, Math.round((now.getTime() - Date.parse(report.finishedAt)) / 1000));
      lastSync = {
        source: report.source,
        ok: report.ok,
        finishedAt: report.finishedAt,
        ageSeconds,
        successAgeSeconds: report.ok ? ageSeconds : null,
      };
    }
  } catch (error) {
    reachable = false;
    log.warn('health check: store unreachable', { error });
  }
  return {
    status: reachable ? 'ok' : 'unavailable',
    version: APP_VERSION,
    store: { kind: store.kind, reachable },
    lastSync,
    failedBlobs,
    syncLease: leaseReport(syncLease),
    channelKeys: inbound ? inbound.keyStatus() : null,
    inventory: inventory ? inventory.status() : null,
    backfill,
    incidents,
  };
}
