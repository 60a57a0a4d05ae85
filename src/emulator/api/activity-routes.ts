/**
 * The Management Activity API operations under `/api/v1.0/{tenant}/activity/feed/`
 * (audit-apis.md §1.4–1.6): subscriptions start/stop/list/content/notifications and blob download.
 * Each handler takes the parsed request and returns a response; nothing here touches sockets.
 */
import type { BlobCatalog } from '../content/blob-catalog.ts';
import { makeNextPageToken, parseNextPageToken } from '../content/content-id.ts';
import { RETENTION_MS } from '../demo-tenant.ts';
import { bufferResponse, jsonResponse, type EmulatorResponse } from '../http/response.ts';
import { formatContentTime } from '../time-format.ts';
import { apiErrors } from './api-errors.ts';
import { Subscriptions } from './subscriptions.ts';
import { resolveWindow } from './time-window.ts';

export interface ActivityContext {
  catalog: BlobCatalog;
  subscriptions: Subscriptions;
  tenantId: string;
  /** Where the emulator is reachable, e.g. http://127.0.0.1:41234. */
  baseUrl: string;
  pageSize: number;
  nextPageHeader: string;
  nowMs: number;
}

function contentTypeOf(query: URLSearchParams): { contentType: string } | { error: EmulatorResponse } {
  const contentType = query.get('contentType');
  if (contentType === null || contentType === '') return { error: apiErrors.missingParameter('contentType') };
  if (!Subscriptions.isContentType(contentType)) return { error: apiErrors.invalidContentType() };
  return { contentType };
}

export function startSubscription(ctx: ActivityContext, query: URLSearchParams, body: string): EmulatorResponse {
  const ct = contentTypeOf(query);
  if ('error' in ct) return ct.error;
  if (body.trim() !== '') {
    let address: string;
    try {
      const parsed = JSON.parse(body) as { webhook?: { address?: string | number } };
      address = String(parsed.webhook?.address ?? '');
    } catch {
      return apiErrors.invalidParameter('body', 'JSON');
    }
    if (address !== '') return apiErrors.webhookNotValidated(address);
  }
  if (!ctx.subscriptions.start(ct.contentType)) return apiErrors.alreadyEnabled();
  return jsonResponse(200, { contentType: ct.contentType, status: 'enabled', webhook: null });
}

export function stopSubscription(ctx: ActivityContext, query: URLSearchParams): EmulatorResponse {
  const ct = contentTypeOf(query);
  if ('error' in ct) return ct.error;
  if (ctx.subscriptions.state(ct.contentType) === 'none') return apiErrors.noSubscription();
  ctx.subscriptions.stop(ct.contentType);
  return { status: 200, headers: {}, body: Buffer.alloc(0) };
}

export function listSubscriptions(ctx: ActivityContext): EmulatorResponse {
  return jsonResponse(200, ctx.subscriptions.list());
}

/** Only debugging webhooks use it; with no webhooks there are never notifications. */
export function listNotifications(ctx: ActivityContext, query: URLSearchParams): EmulatorResponse {
  const ct = contentTypeOf(query);
  if ('error' in ct) return ct.error;
  if (ctx.subscriptions.state(ct.contentType) === 'none') return apiErrors.noSubscription();
  return jsonResponse(200, []);
}

export function listContent(ctx: ActivityContext, query: URLSearchParams): EmulatorResponse {
  const ct = contentTypeOf(query);
  if ('error' in ct) return ct.error;
  const state = ctx.subscriptions.state(ct.contentType);
  if (state === 'none') return apiErrors.noSubscription();
  if (state === 'disabled') return apiErrors.subscriptionDisabled();
  const window = resolveWindow(query.get('startTime'), query.get('endTime'), ctx.nowMs);
  if (!window.ok) {
    if (window.problem === 'unparsable-start') return apiErrors.invalidParameter('startTime', 'DateTime');
    if (window.problem === 'unparsable-end') return apiErrors.invalidParameter('endTime', 'DateTime');
    return window.problem === 'too-old' ? apiErrors.startTooOld() : apiErrors.invalidWindow();
  }
  const nextPage = query.get('nextPage');
  const fromSeq = nextPage === null ? null : parseNextPageToken(nextPage);
  if (nextPage !== null && fromSeq === null) return apiErrors.invalidNextPage(nextPage);
  // Only Audit.General has content in this tenant; the other types list nothing.
  const page =
    ct.contentType === 'Audit.General'
      ? ctx.catalog.page(window.startMs, window.endMs, ctx.nowMs, fromSeq, ctx.pageSize)
      : fromSeq === null
        ? { blobs: [], next: null }
        : null;
  if (page === null) return apiErrors.invalidNextPage(nextPage ?? '');
  const root = `${ctx.baseUrl}/api/v1.0/${ctx.tenantId}/activity/feed`;
  const entries = page.blobs.map((b) => ({
    contentType: ct.contentType,
    contentId: b.contentId,
    contentUri: `${root}/audit/${b.contentId}`,
    contentCreated: formatContentTime(b.createdMs),
    contentExpiration: formatContentTime(b.createdMs + RETENTION_MS),
  }));
  const headers: Record<string, string> = {};
  if (page.next) {
    const start = query.get('startTime') ?? formatContentTime(window.startMs);
    const end = query.get('endTime') ?? formatContentTime(window.endMs);
    // The doc sample's next-page URL says /api/v1/ (not v1.0) and carries no PublisherIdentifier.
    headers[ctx.nextPageHeader] =
      `${ctx.baseUrl}/api/v1/${ctx.tenantId}/activity/feed/subscriptions/content?contentType=${ct.contentType}&startTime=${start}&endTime=${end}&nextPage=${makeNextPageToken(page.next.createdMs, page.next.seq)}`;
  }
  return jsonResponse(200, entries, headers);
}

export function getContent(ctx: ActivityContext, contentId: string): EmulatorResponse {
  const blob = ctx.catalog.get(contentId);
  if (!blob || !ctx.catalog.isPublished(blob, ctx.nowMs)) return apiErrors.contentNotFound(contentId);
  if (ctx.catalog.isExpired(blob, ctx.nowMs)) return apiErrors.contentExpired(contentId);
  return bufferResponse(200, ctx.catalog.body(blob));
}
