/** SYNC_*: how often and how hard the audit sync runs. */
import { get, int, type Env } from './env-readers.ts';

export interface SyncConfig {
  intervalMs: number;
  overlapMs: number;
  blobConcurrency: number;
  httpTimeoutMs: number;
  maxRetries: number;
}

/**
 * Demo mode syncs the emulator every DEMO_SYNC_INTERVAL_SECONDS (30 s) unless SYNC_INTERVAL_MINUTES
 * says otherwise: the living tenant's new flows then reach an alert within a minute or two.
 */
export function loadSyncConfig(env: Env, demo = false): SyncConfig {
  const demoSeconds = int(env, 'DEMO_SYNC_INTERVAL_SECONDS', 30, 5, 3600);
  return {
    intervalMs:
      demo && get(env, 'SYNC_INTERVAL_MINUTES') === undefined
        ? demoSeconds * 1000
        : int(env, 'SYNC_INTERVAL_MINUTES', 5, 1, 1440) * 60_000,
    overlapMs: int(env, 'SYNC_OVERLAP_MINUTES', 15, 0, 720) * 60_000,
    blobConcurrency: int(env, 'SYNC_CONCURRENCY', 8, 1, 64),
    httpTimeoutMs: int(env, 'SYNC_HTTP_TIMEOUT_SECONDS', 30, 1, 600) * 1000,
    maxRetries: int(env, 'SYNC_MAX_RETRIES', 6, 0, 20),
  };
}
