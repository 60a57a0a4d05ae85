/**
 * BACKFILL_*: history older than the Management API's 7 days, through the Microsoft Graph audit
 * log query API (audit-apis.md §2). Graph's global service serves commercial and GCC; GCC High and
 * DoD have their own Graph hosts but the audit query API is marked unsupported there (§2.1).
 */
import type { Cloud } from './audit-tenant-config.ts';
import { get, int, url, type Env } from './env-readers.ts';

export interface BackfillConfig {
  /** Days back from now that the first install fills (default 30, at most 180). */
  days: number;
  /** Day-sized queries in flight at once. */
  concurrency: number;
  /** Graph's base, `https://graph.microsoft.com/v1.0` by default (or /beta, §2.1). */
  graphApiUrl: string;
  /** Token scope for Graph, `https://graph.microsoft.com/.default`. */
  graphScope: string;
}

/** Graph hosts per cloud (audit-apis.md §2.1, §2.2). */
export const GRAPH_HOSTS: Record<Cloud, string> = {
  commercial: 'https://graph.microsoft.com',
  gcc: 'https://graph.microsoft.com',
  gcchigh: 'https://graph.microsoft.us',
  dod: 'https://dod-graph.microsoft.us',
};

export function loadBackfillConfig(env: Env, cloud: Cloud): BackfillConfig {
  const host = GRAPH_HOSTS[cloud];
  return {
    days: int(env, 'BACKFILL_DAYS', 30, 0, 180),
    concurrency: int(env, 'BACKFILL_CONCURRENCY', 2, 1, 16),
    graphApiUrl: (url(env, 'BACKFILL_GRAPH_API_URL') ?? `${host}/v1.0`).replace(/\/+$/, ''),
    graphScope: get(env, 'BACKFILL_GRAPH_SCOPE') ?? `${host}/.default`,
  };
}
