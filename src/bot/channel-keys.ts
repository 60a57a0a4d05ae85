/**
 * The Bot Framework channel's token signing keys: the OpenID metadata document, then the JWKS it
 * names. botframework-connector's own fetch has no timeout and caches nothing after a failure,
 * so with the key host away each forged request started a new, never-ending fetch. Here:
 * - one fetch (metadata + JWKS) in flight at a time, and it is bounded by `fetchTimeoutMs`;
 * - keys are kept for the responses' Cache-Control max-age (bounded, 24 h when absent, as the SDK);
 * - after a failure no fetch for `failureCooldownMs` (negative cache), and stale keys stay in use;
 * - a token naming an unknown key id refetches at most once per `unknownKidCooldownMs`.
 * Nothing here throws: a failure is kept as a fixed reason for /healthz and for a 503.
 */
import http from 'node:http';
import https from 'node:https';
import { importJWK } from 'jose';
import type { Logger } from '../log.ts';

export interface ChannelKeyOptions {
  metadataUrl: string;
  log: Logger;
  /** Milliseconds since the epoch (tests: a manual clock). */
  now?: () => number;
  fetchTimeoutMs?: number;
  failureCooldownMs?: number;
  unknownKidCooldownMs?: number;
}

export interface ChannelKey {
  /** A CryptoKey for an RSA JWK (jose's type also allows a secret's bytes). */
  key: Awaited<ReturnType<typeof importJWK>>;
  /** Channels this key may sign for (the Bot Framework's JWK extension); empty: any. */
  endorsements: string[];
}

export type KeyLookup =
  { kind: 'key'; key: ChannelKey } | { kind: 'unknown' } | { kind: 'unavailable'; retryAfterSeconds: number };

/** Why the keys cannot be had: fixed words, never an error's own text. */
export type KeyFailure = 'not-fetched-yet' | 'key-host-unreachable' | 'key-host-timed-out' | 'key-host-bad-response';

export interface ChannelKeyStatus {
  available: boolean;
  reason: KeyFailure | null;
  keyCount: number;
  fetchedAt: string | null;
}

const DAY_MS = 24 * 3600 * 1000;
const MIN_MAX_AGE_MS = 60 * 1000;

class BadResponse extends Error {}

/** max-age of a Cache-Control header in ms, bounded to [1 min, 24 h]; 24 h when absent. */
function maxAgeMs(cacheControl: string | undefined): number {
  const match = /(?:^|,)\s*max-age=(\d+)/i.exec(cacheControl ?? '');
  if (!match) return DAY_MS;
  return Math.min(DAY_MS, Math.max(MIN_MAX_AGE_MS, Number(match[1]) * 1000));
}

/** Larger than any key document; more is refused rather than buffered. */
const MAX_DOCUMENT_CHARS = 1024 * 1024;

/**
 * GET of a JSON document with node:http rather than fetch: on abort, fetch (undici) opens a new
 * idle connection to the host (seen: 2 sockets per timed-out fetch to a black-holed host), while
 * a destroyed http request leaves none.
 */
function getJson(url: string, signal: AbortSignal): Promise<{ body: unknown; maxAgeMs: number }> {
  return new Promise((resolve, reject) => {
    const get = url.startsWith('https:') ? https.get : http.get;
    const req = get(url, { signal, headers: { accept: 'application/json' } }, (res) => {
      if (res.statusCode !== 200) {
        res.resume();
        reject(new BadResponse(`HTTP ${res.statusCode}`));
        return;
      }
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        text += chunk;
        if (text.length > MAX_DOCUMENT_CHARS) req.destroy(new BadResponse('too large'));
      });
      res.on('end', () => {
        try {
          resolve({ body: JSON.parse(text) as unknown, maxAgeMs: maxAgeMs(res.headers['cache-control']) });
        } catch {
          reject(new BadResponse('not JSON'));
        }
      });
      res.on('error', reject);
    });
    req.on('error', reject);
  });
}

function classify(error: unknown, signal: AbortSignal): KeyFailure {
  if (signal.aborted) return 'key-host-timed-out';
  if (error instanceof BadResponse) return 'key-host-bad-response';
  return 'key-host-unreachable';
}

/** RSA signing keys with a key id; anything else in the set is skipped (as the SDK does). */
async function importKeys(jwks: unknown): Promise<Map<string, ChannelKey>> {
  const list = (jwks as { keys?: unknown } | null)?.keys;
  if (!Array.isArray(list)) throw new BadResponse('no keys');
  const keys = new Map<string, ChannelKey>();
  for (const jwk of list as Array<Record<string, unknown>>) {
    const { kid, kty, n, e, endorsements } = jwk;
    if (typeof kid !== 'string' || kty !== 'RSA' || typeof n !== 'string' || typeof e !== 'string') continue;
    try {
      const key = await importJWK({ kty, n, e }, 'RS256');
      const channels = Array.isArray(endorsements) ? endorsements.filter((x) => typeof x === 'string') : [];
      keys.set(kid, { key, endorsements: channels });
    } catch {
      // A malformed key is as good as absent.
    }
  }
  return keys;
}

export class ChannelKeys {
  private keys: Map<string, ChannelKey> | null = null;
  private fetchedAt = 0;
  private expiresAt = 0;
  private failedAt: number | null = null;
  private failure: KeyFailure | null = 'not-fetched-yet';
  private inFlight: Promise<void> | null = null;
  private readonly now: () => number;
  private readonly fetchTimeoutMs: number;
  private readonly failureCooldownMs: number;
  private readonly unknownKidCooldownMs: number;

  constructor(private readonly options: ChannelKeyOptions) {
    this.now = options.now ?? Date.now;
    this.fetchTimeoutMs = options.fetchTimeoutMs ?? 5000;
    this.failureCooldownMs = options.failureCooldownMs ?? 5000;
    this.unknownKidCooldownMs = options.unknownKidCooldownMs ?? 5 * 60 * 1000;
  }

  /** The key for `kid`, fetching (once, bounded) when the set is missing, expired or lacks it. */
  async lookup(kid: string): Promise<KeyLookup> {
    const now = this.now();
    const fresh = this.keys !== null && now < this.expiresAt;
    const known = this.keys?.get(kid);
    if (known && fresh) return { kind: 'key', key: known };
    const mayFetch =
      !this.coolingDownAfterFailure(now) && (!fresh || now - this.fetchedAt >= this.unknownKidCooldownMs);
    if (mayFetch) await this.refresh();
    if (this.keys === null) return { kind: 'unavailable', retryAfterSeconds: Math.ceil(this.failureCooldownMs / 1000) };
    const key = this.keys.get(kid);
    return key ? { kind: 'key', key } : { kind: 'unknown' };
  }

  status(): ChannelKeyStatus {
    return {
      available: this.keys !== null,
      reason: this.failure,
      keyCount: this.keys?.size ?? 0,
      fetchedAt: this.keys ? new Date(this.fetchedAt).toISOString() : null,
    };
  }

  /** Fetches now unless a fetch is under way (start-up warms the cache with it). Never rejects. */
  refresh(): Promise<void> {
    this.inFlight ??= this.fetchKeys().finally(() => {
      this.inFlight = null;
    });
    return this.inFlight;
  }

  private coolingDownAfterFailure(now: number): boolean {
    return this.failedAt !== null && now - this.failedAt < this.failureCooldownMs;
  }

  private async fetchKeys(): Promise<void> {
    // One timeout for both documents: a request waits at most this long for keys.
    const signal = AbortSignal.timeout(this.fetchTimeoutMs);
    try {
      const metadata = await getJson(this.options.metadataUrl, signal);
      const jwksUri = (metadata.body as { jwks_uri?: unknown } | null)?.jwks_uri;
      if (typeof jwksUri !== 'string' || !/^https?:\/\//.test(jwksUri)) throw new BadResponse('no jwks_uri');
      const jwks = await getJson(jwksUri, signal);
      this.keys = await importKeys(jwks.body);
      this.fetchedAt = this.now();
      this.expiresAt = this.fetchedAt + Math.min(metadata.maxAgeMs, jwks.maxAgeMs);
      this.failedAt = null;
      this.failure = null;
    } catch (error) {
      this.failedAt = this.now();
      this.failure = classify(error, signal);
      this.options.log.warn('could not fetch the Bot Framework signing keys', {
        reason: this.failure,
        // For the operator's log only: /healthz and responses carry the fixed reason alone.
        error,
        staleKeysInUse: this.keys !== null,
      });
    }
  }
}
