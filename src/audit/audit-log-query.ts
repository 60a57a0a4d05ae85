/**
 * The Microsoft Graph audit log query API client (audit-apis.md §2.3): create a query over a time
 * range and the record types and operations we keep, read its status, and read its records page by
 * page following `@odata.nextLink`. Application permission AuditLogsQuery.Read.All (§2.2); tokens
 * for the Graph scope from the one token provider. Throttled (429, Retry-After, §2.4) and 5xx
 * answers are retried like the Management API's; "the query is not ready" (400) is not retried here.
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

/** What we keep: Flow records, and the connection and Power Platform admin records (issue 12). */
export const BACKFILL_RECORD_TYPES = ['microsoftFlow', 'powerPlatformAdministratorActivity', 'powerPlatformAdminDlp'];

export type AuditQueryStatus = 'notStarted' | 'running' | 'succeeded' | 'failed' | 'cancelled' | 'unknownFutureValue';

export interface AuditQuery {
  id: string;
  status: AuditQueryStatus;
  isRecordCountLimitExceeded: boolean;
}

export interface AuditLogQueryOptions {
  /** e.g. https://graph.microsoft.com/v1.0 (or /beta). */
  graphApiUrl: string;
  tokens: TokenProvider;
  httpTimeoutMs: number;
  maxRetries: number;
  now?: () => Date;
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
  baseBackoffMs?: number;
  maxBackoffMs?: number;
  maxRetryAfterMs?: number;
  logger?: Logger;
  /** Records asked per page. */
  pageSize?: number;
}

export class AuditLogQueryClient {
  private readonly root: string;
  private readonly now: () => Date;
  private readonly retrying: RetryingRequestOptions;
  private readonly counts = newCounters();

  constructor(private readonly options: AuditLogQueryOptions) {
    this.root = `${options.graphApiUrl.replace(/\/+$/, '')}/security/auditLog/queries`;
    this.now = options.now ?? (() => new Date());
    this.retrying = {
      ...options,
      sleep: options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms))),
      random: options.random ?? Math.random,
    };
  }

  counters(): RequestCounters {
    return { ...this.counts };
  }

  /** POST a query for [from, to) (201 Created and an auditLogQuery). */
  async create(from: Date, to: Date, operations: readonly string[] = []): Promise<AuditQuery> {
    const body = {
      displayName: `flowwatch backfill ${from.toISOString()}`,
      filterStartDateTime: from.toISOString(),
      filterEndDateTime: to.toISOString(),
      recordTypeFilters: BACKFILL_RECORD_TYPES,
      ...(operations.length > 0 ? { operationFilters: operations } : {}),
    };
    return asQuery((await this.request('POST', this.root, body)).body);
  }

  async get(id: string): Promise<AuditQuery> {
    return asQuery((await this.request('GET', `${this.root}/${encodeURIComponent(id)}`)).body);
  }

  /** The records of a succeeded query, one page at a time. */
  async *records(id: string): AsyncIterable<unknown[]> {
    let url: string | null = `${this.root}/${encodeURIComponent(id)}/records?$top=${this.options.pageSize ?? 1000}`;
    while (url) {
      const body = (await this.request('GET', url)).body as { value?: unknown; '@odata.nextLink'?: unknown } | null;
      if (!body || !Array.isArray(body.value))
        throw new AuditApiError(`audit query records page is not {value: […]} (${url})`, 200, 'unexpected_body', true);
      yield body.value as unknown[];
      url =
        typeof body['@odata.nextLink'] === 'string' && body['@odata.nextLink'] !== '' ? body['@odata.nextLink'] : null;
    }
  }

  private request(method: 'GET' | 'POST', url: string, body?: unknown) {
    return sendJsonWithRetry(this.retrying, this.counts, {
      method,
      url,
      ...(body !== undefined ? { body } : {}),
      classify: (status, headers, text) => this.classify(status, headers, text),
    });
  }

  private classify(status: number, headers: Headers, text: string): ClassifiedFailure {
    const { code, message } = parseErrorBody(text);
    const retryAfterMs = parseRetryAfterMs(headers.get('retry-after'), this.now());
    const described = `(HTTP ${status}, ${code ?? 'no code'}): ${message}`;
    if (status === 429)
      return {
        error: new AuditApiError(`Graph throttled ${described}`, status, code, true),
        retryAfterMs,
        throttled: true,
      };
    if (status >= 500 || status === 408)
      return { error: new AuditApiError(`Graph server error ${described}`, status, code, true), retryAfterMs };
    const hint =
      status === 401 || status === 403
        ? 'Graph refused the app: grant the application permission AuditLogsQuery.Read.All and admin consent'
        : 'Graph refused the request';
    return { error: new AuditApiError(`${hint} ${described}`, status, code, false), retryAfterMs: null };
  }
}

function asQuery(body: unknown): AuditQuery {
  const b = body as Partial<AuditQuery> | null;
  if (!b || typeof b.id !== 'string' || typeof b.status !== 'string')
    throw new AuditApiError('Graph answered an auditLogQuery without id or status', 200, 'unexpected_body', true);
  return { id: b.id, status: b.status, isRecordCountLimitExceeded: b.isRecordCountLimitExceeded === true };
}
