/** METRICS_SECRET: who may read GET /metrics. */
import { ConfigError } from './config-error.ts';
import { get, type Env } from './env-readers.ts';

export interface MetricsConfig {
  /**
   * Bearer secret for GET /metrics (the same scheme as POST /api/digest). Unset: /metrics answers
   * without one on a loopback listener in demo mode, and is off (404) everywhere else.
   */
  secret: string | null;
}

/** Shorter than this a secret is guessable by a scraper that tries; Prometheus sends any length. */
const MIN_SECRET_LENGTH = 16;

export function loadMetricsConfig(env: Env): MetricsConfig {
  const secret = get(env, 'METRICS_SECRET') ?? null;
  if (secret !== null && secret.length < MIN_SECRET_LENGTH)
    throw new ConfigError(
      'METRICS_SECRET',
      `is ${secret.length} characters long`,
      `Use at least ${MIN_SECRET_LENGTH} random characters, e.g. the output of: openssl rand -hex 24`,
    );
  return { secret };
}
