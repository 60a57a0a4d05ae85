/** SYNC_*: how often and how hard the audit sync runs. */
import { int, type Env } from './env-readers.ts';

export interface SyncConfig {
  intervalMs: number;
  overlapMs: number;
  blobConcurrency: number;
  httpTimeoutMs: number;
  maxRetries: number;
}

export function loadSyncConfig(env: Env): SyncConfig {
  return {
    intervalMs: int(env, 'SYNC_INTERVAL_MINUTES', 5, 1, 1440) * 60_000,
    overlapMs: int(env, 'SYNC_OVERLAP_MINUTES', 15, 0, 720) * 60_000,
    blobConcurrency: int(env, 'SYNC_CONCURRENCY', 8, 1, 64),
    httpTimeoutMs: int(env, 'SYNC_HTTP_TIMEOUT_SECONDS', 30, 1, 600) * 1000,
    maxRetries: int(env, 'SYNC_MAX_RETRIES', 6, 0, 20),
  };
}
