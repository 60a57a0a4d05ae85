/**
 * The Management Activity API as the sync sees it. The HTTP client (src/audit/management-api.ts)
 * implements it; tests and the emulator speak the same protocol underneath.
 */

/** One entry of a content listing (audit-apis.md §1.5). */
export interface ContentEntry {
  contentType: string;
  contentId: string;
  contentUri: string;
  contentCreated: string;
  contentExpiration: string;
}

export interface ActivityFeed {
  /** Starts the subscription; an already-enabled one (AF20024) counts as success. */
  ensureSubscription(contentType: string): Promise<'started' | 'already-enabled'>;
  /** Lists content with start <= contentCreated < end (at most 24 h apart), page by page. */
  listContent(contentType: string, start: Date, end: Date): AsyncIterable<ContentEntry[]>;
  /** The blob's records (a JSON array). Throws ContentExpiredError for AF20051. */
  fetchContent(entry: ContentEntry): Promise<unknown[]>;
}

/** An error answer of the API: `{"error":{"code":"AF…","message":"…"}}` or a transport failure. */
export class AuditApiError extends Error {
  constructor(
    message: string,
    readonly status: number | null,
    readonly code: string | null,
    readonly retryable: boolean,
  ) {
    super(message);
    this.name = 'AuditApiError';
  }
}

/** AF20051: the blob is older than 7 days. A gap to record and report, never to retry. */
export class ContentExpiredError extends AuditApiError {
  constructor(
    readonly contentId: string,
    message: string,
  ) {
    super(message, 400, 'AF20051', false);
    this.name = 'ContentExpiredError';
  }
}
