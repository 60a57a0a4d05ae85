/**
 * Readers of one environment variable each: a blank value counts as unset, and a value of the
 * wrong shape throws a ConfigError naming the variable. Only the config loaders call them, so the
 * docs test finds every variable these calls name in this folder's files.
 */
import { IANAZone } from 'luxon';
import { ConfigError } from './config-error.ts';

export type Env = Record<string, string | undefined>;

export const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function get(env: Env, name: string): string | undefined {
  const v = env[name]?.trim();
  return v === undefined || v === '' ? undefined : v;
}

export function int(env: Env, name: string, fallback: number, min: number, max: number): number {
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

export function oneOf<T extends string>(env: Env, name: string, allowed: readonly T[], fallback: T): T {
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

export function guid(env: Env, name: string): string | undefined {
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

export function zone(env: Env, name: string, fallback: string): string {
  const raw = get(env, name) ?? fallback;
  if (!IANAZone.isValidZone(raw))
    throw new ConfigError(
      name,
      `"${raw}" is not an IANA time zone`,
      'Use a name like Europe/Berlin or America/New_York',
    );
  return raw;
}

export function url(env: Env, name: string): string | undefined {
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

export function list(env: Env, name: string): string[] {
  return (get(env, name) ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}
