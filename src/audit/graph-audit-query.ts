/**
 * The Microsoft Graph audit log query API (audit-apis.md §2): create a query for a time slice,
 * poll it until it succeeds, then page through its records with @odata.nextLink. Reaches back
 * the full retention (180 days), so it serves backfill. Global cloud only (§2.1).
 * Tokens need the scope https://graph.microsoft.com/.default and AuditLogsQuery.Read.All (§2.2).
 */
import type { Logger } from '../log.ts';
import { parseRetryAfterMs } from './backoff.ts';
import {
  newCounters,
  parseErrorBody,
  sendJsonWithRetry,
  type ClassifiedFailure,
  type RequestCounters,
  type RetryingRequestOptions,
} from './retrying-request.ts';
import { AuditApiError } from './source.ts';
import type { TokenProvider } from './token-provider.ts';

export const GRAPH_RESOURCE = 'https://graph.microsoft.com';

export interface GraphAuditQueryOptions {
  /** `https://graph.microsoft.com/v1.0` or `…/beta` (the API moved between them, §2.1). */
  graphBaseUrl: string;
  tokens: TokenProvider;
  http: { httpTimeoutMs: number; maxRetries: number };
  /** Wait between status polls; DFIR-O365RC polls every 10 s (§2.3). */
  pollIntervalMs?: number;
  /** Give up on a query still running after this many polls. */
  maxPolls?: number;
  /** `$top` of a records page. */
  pageSize?: number;
  now?: () => Date;
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
  logger?: Logger;
}

export interface AuditQueryFilter {
  start: Date;
  end: Date;
  operations?: string[];
  displayName?: string;
}

/** The fields of an auditLogQuery that the client acts on; the rest is kept as given. */
export interface AuditLogQuery {
  id: string;
  status: string;
  /** A query can report succeeded although it stopped at the record limit (§2.3): split the slice. */
  isRecordCountLimitExceeded: boolean;
  raw: Record<string, unknown>;
}

export class GraphAuditQueryClient {
  private readonly base: string;
  private readonly counts = newCounters();
  private readonly retrying: RetryingRequestOptions;
  private readonly now: () => Date;

  constructor(private readonly options: GraphAuditQueryOptions) {
    this.base = options.graphBaseUrl.replace(/\/+$/, '');
    this.now = options.now ?? (() => new Date());
    this.retrying = {
      ...options,
      httpTimeoutMs: options.http.httpTimeoutMs,
      maxRetries: options.http.maxRetries,
      sleep: options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms))),
      random: options.random ?? Math.random,
    };
  }

  counters(): RequestCounters {
    return { ...this.counts };
  }

  /** POST /security/auditLog/queries for Flow records (recordTypeFilters microsoftFlow). */
  async createQuery(filter: AuditQueryFilter): Promise<AuditLogQuery> {
    const body = {
      displayName: filter.displayName ?? `flowwatch ${filter.start.toISOString()}..${filter.end.toISOString()}`,
      filterStartDateTime: filter.start.toISOString(),
      filterEndDateTime: filter.end.toISOString(),
      recordTypeFilters: ['microsoftFlow'],
      ...(filter.operations && filter.operations.length > 0 ? { operationFilters: filter.operations } : {}),
    };
    return toQuery(await this.call('POST', `${this.base}/security/auditLog/queries`, body));
  }

  getQuery(id: string): Promise<AuditLogQuery> {
    return this.call('GET', `${this.base}/security/auditLog/queries/${encodeURIComponent(id)}`).then(toQuery);
  }

  /** Polls until the query succeeded; throws when it failed, was cancelled or took too long. */
  async waitForQuery(id: string): Promise<AuditLogQuery> {
    const maxPolls = this.options.maxPolls ?? 360;
    for (let poll = 0; poll < maxPolls; poll++) {
      const query = await this.getQuery(id);
      if (query.status === 'succeeded') return query;
      if (query.status === 'failed' || query.status === 'cancelled') {
        throw new AuditApiError(
          `audit log query ${id} ended with status ${query.status}; create a new one (perhaps for a shorter slice)`,
          null,
          `query_${query.status}`,
          true,
        );
      }
      if (poll + 1 < maxPolls) await this.retrying.sleep(this.options.pollIntervalMs ?? 10_000);
    }
    throw new AuditApiError(
      `audit log query ${id} still not finished after ${maxPolls} polls`,
      null,
      'query_timeout',
      true,
    );
  }

  /** The records of a finished query, page by page, following @odata.nextLink verbatim. */
  async *listRecords(id: string): AsyncIterable<unknown[]> {
    let url: string | null =
      `${this.base}/security/auditLog/queries/${encodeURIComponent(id)}/records?$top=${this.options.pageSize ?? 1000}`;
    while (url) {
      const page = (await this.call('GET', url)) as { value?: unknown; '@odata.nextLink'?: unknown } | null;
      if (!page || !Array.isArray(page.value))
        throw new AuditApiError(`records page of query ${id} has no value array`, 200, 'unexpected_body', true);
      yield page.value;
      url =
        typeof page['@odata.nextLink'] === 'string' && page['@odata.nextLink'] !== '' ? page['@odata.nextLink'] : null;
    }
  }

  /** Create, wait, then hand back the query (check isRecordCountLimitExceeded) and its records. */
  async runQuery(filter: AuditQueryFilter): Promise<{ query: AuditLogQuery; records: AsyncIterable<unknown[]> }> {
    const created = await this.createQuery(filter);
    const query = await this.waitForQuery(created.id);
    if (query.isRecordCountLimitExceeded)
      this.options.logger?.warn('audit log query hit its record limit; split the time slice', { id: query.id });
    return { query, records: this.listRecords(query.id) };
  }

  private async call(method: 'GET' | 'POST', url: string, body?: unknown): Promise<unknown> {
    const result = await sendJsonWithRetry(this.retrying, this.counts, {
      method,
      url,
      body,
      classify: (status, headers, text) => this.classify(status, headers, text),
    });
    return result.body;
  }

  private classify(status: number, headers: Headers, text: string): ClassifiedFailure {
    const { code, message } = parseErrorBody(text);
    const retryAfterMs = parseRetryAfterMs(headers.get('retry-after'), this.now());
    const what = `(HTTP ${status}, ${code ?? 'no code'}): ${message}`;
    if (status === 429)
      return {
        error: new AuditApiError(`Graph throttled ${what}`, status, code ?? 'TooManyRequests', true),
        retryAfterMs,
        throttled: true,
      };
    if (status >= 500 || status === 408)
      return { error: new AuditApiError(`Graph server error ${what}`, status, code, true), retryAfterMs };
    // Records read before the query is ready have been seen to answer 400 "The query is not ready." (§2.3).
    if (status === 400 && /not ready/i.test(message))
      return { error: new AuditApiError(`audit log query not ready ${what}`, status, code, true), retryAfterMs };
    if (status === 401 || status === 403) {
      return {
        error: new AuditApiError(
          `Graph refused the request ${what}; grant the application permission AuditLogsQuery.Read.All with admin consent`,
          status,
          code,
          false,
        ),
        retryAfterMs: null,
      };
    }
    return { error: new AuditApiError(`Graph refused the request ${what}`, status, code, false), retryAfterMs: null };
  }
}

function toQuery(body: unknown): AuditLogQuery {
  const raw = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>;
  if (typeof raw.id !== 'string' || raw.id === '')
    throw new AuditApiError('Graph answered an audit log query without an id', 200, 'unexpected_body', true);
  return {
    id: raw.id,
    status: typeof raw.status === 'string' ? raw.status : 'unknown',
    isRecordCountLimitExceeded: raw.isRecordCountLimitExceeded === true,
    raw,
  };
}
