/** DIGEST_*: when the daily digest goes out, and the secret of its send-now route. */
import { ConfigError } from './config-error.ts';
import { get, oneOf, zone, type Env } from './env-readers.ts';

export type DigestDays = 'daily' | 'weekdays';

export interface DigestConfig {
  time: string;
  timeZone: string;
  days: DigestDays;
  /** Bearer secret for POST /api/digest; the route is off when unset. */
  secret: string | null;
}

/** `defaultTimeZone` (DEFAULT_TIMEZONE) is the digest's zone unless DIGEST_TIMEZONE names one. */
export function loadDigestConfig(env: Env, defaultTimeZone: string): DigestConfig {
  return {
    time: digestTime(env),
    timeZone: zone(env, 'DIGEST_TIMEZONE', defaultTimeZone),
    days: oneOf<DigestDays>(env, 'DIGEST_DAYS', ['daily', 'weekdays'], 'daily'),
    secret: get(env, 'DIGEST_SECRET') ?? null,
  };
}

function digestTime(env: Env): string {
  const raw = get(env, 'DIGEST_TIME') ?? '08:00';
  const m = /^(\d{1,2}):(\d{2})$/.exec(raw);
  if (!m || Number(m[1]) > 23 || Number(m[2]) > 59)
    throw new ConfigError('DIGEST_TIME', `"${raw}" is not a time of day`, 'Use HH:MM in 24-hour form, e.g. 08:00');
  return `${m[1].padStart(2, '0')}:${m[2]}`;
}
