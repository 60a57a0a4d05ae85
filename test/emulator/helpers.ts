/** Shared bits of the emulator tests: a movable clock and plain-fetch calls to the emulator. */
import type { RunningEmulator } from '../../src/emulator/index.ts';

/** Tuesday 2026-05-05 12:00 UTC: "now" in the emulator tests. */
export const NOW = new Date('2026-05-05T12:00:00.000Z');

export function movableClock(start: Date = NOW): { now: () => Date; advance: (ms: number) => void } {
  let t = start.getTime();
  return { now: () => new Date(t), advance: (ms) => (t += ms) };
}

export async function requestToken(e: RunningEmulator, form: Record<string, string> = {}): Promise<Response> {
  return fetch(`${e.url}/${e.tenantId}/oauth2/v2.0/token`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: e.clientId,
      client_secret: e.clientSecret,
      scope: 'https://manage.office.com/.default',
      ...form,
    }),
  });
}

export async function accessToken(e: RunningEmulator): Promise<string> {
  const res = await requestToken(e);
  if (res.status !== 200) throw new Error(`token request failed: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { access_token: string }).access_token;
}

export function feedRoot(e: RunningEmulator, version = 'v1.0'): string {
  return `${e.url}/api/${version}/${e.tenantId}/activity/feed`;
}

/** GET or POST with the bearer token; `PublisherIdentifier` is added unless the URL has one or `withPublisher` is false. */
export async function callApi(
  e: RunningEmulator,
  token: string,
  url: string,
  init: { method?: string; withPublisher?: boolean; body?: string } = {},
): Promise<Response> {
  const u = new URL(url);
  if (init.withPublisher !== false && !u.searchParams.has('PublisherIdentifier'))
    u.searchParams.set('PublisherIdentifier', e.tenantId);
  return fetch(u, {
    method: init.method ?? 'GET',
    headers: { Authorization: `Bearer ${token}` },
    ...(init.body === undefined ? {} : { body: init.body }),
  });
}

export interface ListingEntry {
  contentType: string;
  contentId: string;
  contentUri: string;
  contentCreated: string;
  contentExpiration: string;
}

/** Every page of one window, following the next-page header until it is absent. */
export async function listAll(
  e: RunningEmulator,
  token: string,
  startTime: string,
  endTime: string,
  header = 'NextPageUri',
): Promise<{ entries: ListingEntry[]; pages: number; nextUrls: string[] }> {
  let url: string | null =
    `${feedRoot(e)}/subscriptions/content?contentType=Audit.General&startTime=${startTime}&endTime=${endTime}`;
  const entries: ListingEntry[] = [];
  const nextUrls: string[] = [];
  let pages = 0;
  while (url) {
    const res = await callApi(e, token, url);
    if (res.status !== 200) throw new Error(`listing failed: ${res.status} ${await res.text()}`);
    entries.push(...((await res.json()) as ListingEntry[]));
    pages++;
    url = res.headers.get(header);
    if (url) nextUrls.push(url);
  }
  return { entries, pages, nextUrls };
}
