/**
 * The Office 365 Management Activity API client (audit-apis.md §1): subscriptions, content
 * listings with the next-page header, blobs. It owns the cross-cutting rules: bearer token (one
 * fresh token on 401), PublisherIdentifier on every call, retries with back-off for throttling,
 * 5xx, AF50000-family, network errors, timeouts and truncated bodies; no retry for config errors.
 */
import type { AuditTenantConfig } from '../config/audit-tenant-config.ts';
import type { Config } from '../config/load-config.ts';
import type { Logger } from '../log.ts';
import { parseRetryAfterMs } from './backoff.ts';
import { mapLimitSettled } from './map-limit.ts';
import { AuditApiError, ContentExpiredError, type ActivityFeed, type ContentEntry } from './source.ts';
import type { TokenProvider } from './token-provider.ts';
import {
  newCounters,
  parseErrorBody,
  sendJsonWithRetry,
  type ClassifiedFailure,
  type RequestCounters,
  type RetryingRequestOptions,
} from './retrying-request.ts';

/** A listing may span at most 24 hours (audit-apis.md §1.5, AF20030/AF20055 otherwise). */
export const MAX_LISTING_WINDOW_MS = 24 * 60 * 60_000;
/** Content is listable for 7 days; the server already refuses a little before that, so keep 5 min spare (Elastic uses 167h55m). */
export const LISTING_RETENTION_MS = 7 * 24 * 60 * 60_000 - 5 * 60_000;

export interface ManagementApiOptions {
  tenant: Pick<AuditTenantConfig, 'tenantId' | 'apiBaseUrl' | 'publisherId'>;
  tokens: TokenProvider;
  http: Pick<Config['sync'], 'httpTimeoutMs' | 'maxRetries' | 'blobConcurrency'>;
  now?: () => Date;
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
  /** First back-off ceiling; doubles per attempt up to maxBackoffMs. */
  baseBackoffMs?: number;
  maxBackoffMs?: number;
  /** A Retry-After longer than this is cut to it, so one odd header cannot park the sync for hours. */
  maxRetryAfterMs?: number;
  logger?: Logger;
}

export type ManagementApiCounters = RequestCounters;

const NEXT_PAGE_HEADERS = ['nextpageuri', 'nextpageurl'];
/** Server-side failures Microsoft says to retry (AF50000) and ones Filebeat retries in practice. */
const RETRYABLE_CODES = new Set(['AF429', 'AF50000', 'AF50005', 'AF50006']);

export class ManagementApiClient implements ActivityFeed {
  private readonly root: string;
  private readonly now: () => Date;
  private readonly counts = newCounters();
  private readonly retrying: RetryingRequestOptions;

  constructor(private readonly options: ManagementApiOptions) {
    this.root = `${options.tenant.apiBaseUrl.replace(/\/+$/, '')}/api/v1.0/${options.tenant.tenantId}/activity/feed`;
    this.now = options.now ?? (() => new Date());
    this.retrying = {
      ...options,
      httpTimeoutMs: options.http.httpTimeoutMs,
      maxRetries: options.http.maxRetries,
      sleep: options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms))),
      random: options.random ?? Math.random,
    };
  }

  /** A snapshot of the request counters. */
  counters(): ManagementApiCounters {
    return { ...this.counts };
  }

  async ensureSubscription(contentType: string): Promise<'started' | 'already-enabled'> {
    const url = `${this.root}/subscriptions/start?contentType=${encodeURIComponent(contentType)}`;
    try {
      await this.request('POST', url, null);
      return 'started';
    } catch (error) {
      // AF20024: "The subscription is already enabled" — exactly what we wanted (audit-apis.md §7.1).
      if (error instanceof AuditApiError && error.code === 'AF20024') return 'already-enabled';
      throw error;
    }
  }

  async *listContent(contentType: string, start: Date, end: Date): AsyncIterable<ContentEntry[]> {
    const windows = listingWindows(start, end, this.now());
    if (windows.length > 0 && windows[0].start.getTime() > start.getTime()) {
      this.options.logger?.warn('listing start clamped to the 7-day retention; older content is gone', {
        requested: start.toISOString(),
        from: windows[0].start.toISOString(),
      });
    }
    for (const window of windows) {
      let url: string | null =
        `${this.root}/subscriptions/content?contentType=${encodeURIComponent(contentType)}` +
        `&startTime=${formatListingTime(window.start)}&endTime=${formatListingTime(window.end)}`;
      while (url) {
        const { body, headers } = await this.request('GET', url, null);
        if (!Array.isArray(body))
          throw new AuditApiError(`content listing is not a JSON array (${url})`, 200, 'unexpected_body', true);
        const entries = body.filter(isContentEntry);
        if (entries.length < body.length)
          this.options.logger?.warn('content listing entries without contentId/contentUri skipped', {
            skipped: body.length - entries.length,
          });
        yield entries;
        url = nextPageUrl(headers);
      }
    }
  }

  async fetchContent(entry: ContentEntry): Promise<unknown[]> {
    const { body } = await this.request('GET', entry.contentUri, entry.contentId);
    if (!Array.isArray(body))
      throw new AuditApiError(`content blob ${entry.contentId} is not a JSON array`, 200, 'unexpected_body', true);
    return body as unknown[];
  }

  /** Fetches blobs with at most `blobConcurrency` in flight; one failure does not stop the others. */
  fetchContents(entries: readonly ContentEntry[]): Promise<PromiseSettledResult<unknown[]>[]> {
    return mapLimitSettled(entries, this.options.http.blobConcurrency, (entry) => this.fetchContent(entry));
  }

  /** One logical call with PublisherIdentifier added. `contentId` marks a blob GET (for AF20051). */
  private request(
    method: 'GET' | 'POST',
    rawUrl: string,
    contentId: string | null,
  ): Promise<{ body: unknown; headers: Headers }> {
    const url = withPublisherIdentifier(rawUrl, this.options.tenant.publisherId);
    return sendJsonWithRetry(this.retrying, this.counts, {
      method,
      url,
      classify: (status, headers, text) => this.classify(status, headers, text, contentId),
    });
  }

  private classify(status: number, headers: Headers, text: string, contentId: string | null): ClassifiedFailure {
    const { code, message } = parseErrorBody(text);
    const retryAfterMs = parseRetryAfterMs(headers.get('retry-after'), this.now());
    if (code === 'AF429' || status === 429) {
      // AF429 arrives as HTTP 403 in Microsoft's own example, so the body code decides (§1.8).
      return {
        error: new AuditApiError(
          `throttled (HTTP ${status}, ${code ?? 'no code'}): ${message}`,
          status,
          code ?? 'AF429',
          true,
        ),
        retryAfterMs,
        throttled: true,
      };
    }
    if (code === 'AF20051' && contentId !== null) {
      return {
        error: new ContentExpiredError(
          contentId,
          `content ${contentId} is older than 7 days and cannot be fetched: ${message}`,
        ),
        retryAfterMs: null,
      };
    }
    if ((code !== null && RETRYABLE_CODES.has(code)) || status >= 500 || status === 408) {
      return {
        error: new AuditApiError(`server error (HTTP ${status}, ${code ?? 'no code'}): ${message}`, status, code, true),
        retryAfterMs,
      };
    }
    return {
      error: new AuditApiError(
        `${describeConfigError(code, status)} (HTTP ${status}, ${code ?? 'no code'}): ${message}`,
        status,
        code,
        false,
      ),
      retryAfterMs: null,
    };
  }
}

/** Splits [start, end) into listing windows of at most 24 h, starting no earlier than the 7-day limit. */
export function listingWindows(start: Date, end: Date, now: Date): { start: Date; end: Date }[] {
  const earliest = now.getTime() - LISTING_RETENTION_MS;
  const from = Math.max(start.getTime(), earliest);
  const to = end.getTime();
  const windows: { start: Date; end: Date }[] = [];
  for (let t = from; t < to; t += MAX_LISTING_WINDOW_MS) {
    windows.push({ start: new Date(t), end: new Date(Math.min(t + MAX_LISTING_WINDOW_MS, to)) });
  }
  return windows;
}

/** `YYYY-MM-DDTHH:MM:SSZ`: a documented form plus the zone most clients send (§1.5). */
function formatListingTime(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/**
 * Appends PublisherIdentifier unless the URL has it already. Plain string work on purpose: a
 * contentUri holds `$` characters that a URL object would re-encode (§1.5: use it as given).
 */
export function withPublisherIdentifier(url: string, publisherId: string): string {
  if (/[?&]PublisherIdentifier=/i.test(url)) return url;
  const separator = url.includes('?') ? (url.endsWith('?') || url.endsWith('&') ? '' : '&') : '?';
  return `${url}${separator}PublisherIdentifier=${encodeURIComponent(publisherId)}`;
}

/** The next page, verbatim, from NextPageUri or NextPageUrl in any letter case (§1.5). */
export function nextPageUrl(headers: Headers): string | null {
  for (const name of NEXT_PAGE_HEADERS) {
    const value = headers.get(name)?.trim();
    if (value) return value;
  }
  return null;
}

/** Operator-facing hints for errors no retry can fix (AF error table, audit-apis.md §1.8). */
function describeConfigError(code: string | null, status: number): string {
  if (code === 'AF10001')
    return 'the token lacks ActivityFeed.Read: grant the application permission and admin consent';
  if (code === 'AF20010' || code === 'AF20011' || code === 'AF20012' || code === 'AF20013')
    return 'the tenant id in the URL does not match the token or the tenant is not set up: check AUDIT_TENANT_ID and that unified audit logging is on';
  if (code === 'AF20022' || code === 'AF20023')
    return 'no enabled subscription for this content type: start one (flowwatch does on sync start)';
  if (code === 'AF20030' || code === 'AF20055')
    return 'the listing window is invalid (more than 24 h, or older than 7 days)';
  if (status === 401 || status === 403)
    return 'the API refused the credentials: check AUDIT_CLIENT_ID, the secret or certificate, and ActivityFeed.Read consent';
  return 'the audit API refused the request';
}

function isContentEntry(value: unknown): value is ContentEntry {
  const v = value as Partial<ContentEntry> | null;
  return typeof v === 'object' && v !== null && typeof v.contentId === 'string' && typeof v.contentUri === 'string';
}
