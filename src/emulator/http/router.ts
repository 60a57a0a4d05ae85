/**
 * Maps a method and path to a route of the emulated services. Path segments arrive
 * percent-decoded, one by one, so a contentId with `$` (raw or as %24) stays whole.
 */
import type { RouteName } from '../stats.ts';

export type Route =
  | { kind: 'entra'; name: 'openid-configuration' | 'keys' | 'token-v2' | 'token-v1'; tenant: string }
  | {
      kind: 'api';
      name: Exclude<RouteName, 'openid-configuration' | 'keys' | 'token-v2' | 'token-v1' | 'unknown'>;
      tenant: string;
      contentId: string | null;
    }
  | { kind: 'unknown'; name: 'unknown'; methodNotAllowed: boolean };

const SUBSCRIPTION_METHODS: Record<string, string> = {
  start: 'POST',
  stop: 'POST',
  list: 'GET',
  content: 'GET',
  notifications: 'GET',
};

/** Splits a URL path into decoded segments; null when a segment is not valid percent-encoding. */
export function pathSegments(pathname: string): string[] | null {
  try {
    return pathname
      .split('/')
      .filter((s) => s !== '')
      .map((s) => decodeURIComponent(s));
  } catch {
    return null;
  }
}

function unknown(methodNotAllowed = false): Route {
  return { kind: 'unknown', name: 'unknown', methodNotAllowed };
}

export function routeRequest(method: string, segments: readonly string[]): Route {
  const [first = '', ...rest] = segments;
  const path = rest.join('/');
  if (first === 'api') {
    const [version, tenant = '', activity, feed, area, item, ...extra] = rest;
    if (
      (version !== 'v1.0' && version !== 'v1') ||
      activity !== 'activity' ||
      feed !== 'feed' ||
      !item ||
      extra.length > 0
    )
      return unknown();
    if (area === 'audit')
      return method === 'GET' ? { kind: 'api', name: 'audit', tenant, contentId: item } : unknown(true);
    const expected = area === 'subscriptions' ? SUBSCRIPTION_METHODS[item] : undefined;
    if (!expected) return unknown();
    if (method !== expected) return unknown(true);
    return {
      kind: 'api',
      name: `subscriptions/${item}` as Extract<Route, { kind: 'api' }>['name'],
      tenant,
      contentId: null,
    };
  }
  const entra: Record<string, { name: Extract<Route, { kind: 'entra' }>['name']; method: string }> = {
    'v2.0/.well-known/openid-configuration': { name: 'openid-configuration', method: 'GET' },
    'discovery/v2.0/keys': { name: 'keys', method: 'GET' },
    'oauth2/v2.0/token': { name: 'token-v2', method: 'POST' },
    'oauth2/token': { name: 'token-v1', method: 'POST' },
  };
  const hit = first ? entra[path] : undefined;
  if (!hit) return unknown();
  return method === hit.method ? { kind: 'entra', name: hit.name, tenant: first } : unknown(true);
}
