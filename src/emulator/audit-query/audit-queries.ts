/**
 * The Microsoft Graph audit log query API (audit-apis.md §2.3, fixture (c)) over the same tenant
 * history as the Management API emulation: `POST /security/auditLog/queries` (201 and an
 * auditLogQuery), `GET …/queries/{id}` whose status moves notStarted → running → succeeded (or
 * failed) by the emulator's clock, and `GET …/queries/{id}/records` paged by `@odata.nextLink`.
 * Records read before the query succeeded get 400 "The query is not ready." (§2.3, T). Throttled
 * submissions get 429 with Retry-After (§2.4). Both `/v1.0` and `/beta` are served (§2.1).
 */
import { randomUUID } from 'node:crypto';
import type { BlobCatalog } from '../content/blob-catalog.ts';
import { jsonResponse, type EmulatorResponse } from '../http/response.ts';
import type { Random } from '../random.ts';
import { recordTypeName, toAuditLogRecord } from './audit-log-record.ts';
import { graphError, readQueryBody, type QueryFilters } from './query-body.ts';

export interface AuditQueryKnobs {
  /** notStarted for this long after the POST. */
  startSeconds: number;
  /** Then running for this long (a query "that takes minutes" sets more, or slowNext). */
  runSeconds: number;
  /** Share of submissions answered 429 with Retry-After. */
  throttleRate: number;
  retryAfterSeconds: number;
  /** Most records a page holds; `$top` asks for fewer. */
  pageSize: number;
}

export const DEFAULT_AUDIT_QUERY_KNOBS: AuditQueryKnobs = {
  startSeconds: 5,
  runSeconds: 30,
  throttleRate: 0,
  retryAfterSeconds: 30,
  pageSize: 1000,
};

interface Query {
  id: string;
  filters: QueryFilters;
  createdMs: number;
  runMs: number;
  fails: boolean;
  records: Array<Record<string, unknown>> | null;
}

export class AuditQueries {
  private readonly queries = new Map<string, Query>();
  knobs: AuditQueryKnobs;
  private failing = 0;
  private slow: Array<{ left: number; seconds: number }> = [];
  private throttling = 0;
  /** Counters for tests. */
  readonly calls = { created: 0, polled: 0, pages: 0, throttled: 0, failed: 0 };

  constructor(
    private readonly catalog: BlobCatalog,
    private readonly rng: Random,
    knobs: Partial<AuditQueryKnobs> = {},
  ) {
    this.knobs = { ...DEFAULT_AUDIT_QUERY_KNOBS, ...knobs };
  }

  /** The next `n` queries end `failed`. */
  failNext(n: number): void {
    this.failing += n;
  }

  /** The next `n` queries run `seconds` (minutes, say) instead of runSeconds. */
  slowNext(n: number, seconds: number): void {
    this.slow.push({ left: n, seconds });
  }

  /** The next `n` submissions are throttled. */
  throttleNext(n: number): void {
    this.throttling += n;
  }

  handle(
    call: { method: string; path: string[]; url: URL; body: string },
    baseUrl: string,
    nowMs: number,
  ): EmulatorResponse {
    const { method, path, url } = call;
    const [version, , , , id, records, ...extra] = path;
    if (extra.length > 0 || (records !== undefined && records !== 'records'))
      return graphError(404, 'itemNotFound', 'Resource not found.');
    const root = `${baseUrl}/${version}/security/auditLog/queries`;
    if (id === undefined) return method === 'POST' ? this.create(call.body, root, nowMs) : this.list(root, nowMs);
    if (method !== 'GET') return graphError(405, 'BadRequest', `The HTTP method '${method}' is not allowed.`);
    const query = this.queries.get(id);
    if (!query) return graphError(404, 'itemNotFound', `Query '${id}' was not found.`);
    if (records === undefined) {
      this.calls.polled++;
      return jsonResponse(200, {
        '@odata.context': `${root.replace(/\/security.*/, '')}/$metadata#security/auditLog/queries/$entity`,
        ...this.shape(query, nowMs),
      });
    }
    return this.page(query, url, root, nowMs);
  }

  private create(body: string, root: string, nowMs: number): EmulatorResponse {
    const throttle = this.rng.next() < this.knobs.throttleRate;
    if (this.throttling > 0 || throttle) {
      if (this.throttling > 0) this.throttling--;
      this.calls.throttled++;
      return graphError(429, 'TooManyRequests', 'Too many requests.', {
        'Retry-After': String(this.knobs.retryAfterSeconds),
      });
    }
    const filters = readQueryBody(body, nowMs);
    if ('error' in filters) return filters.error;
    const slow = this.slow[0];
    if (slow && --slow.left === 0) this.slow.shift();
    const query: Query = {
      id: randomUUID(),
      filters,
      createdMs: nowMs,
      runMs: (slow?.seconds ?? this.knobs.runSeconds) * 1000,
      fails: this.failing > 0,
      records: null,
    };
    if (this.failing > 0) {
      this.failing--;
      this.calls.failed++;
    }
    this.queries.set(query.id, query);
    this.calls.created++;
    return jsonResponse(201, {
      '@odata.context': `${root.replace(/\/security.*/, '')}/$metadata#security/auditLog/queries/$entity`,
      ...this.shape(query, nowMs),
    });
  }

  private list(root: string, nowMs: number): EmulatorResponse {
    return jsonResponse(200, {
      '@odata.context': `${root.replace(/\/security.*/, '')}/$metadata#security/auditLog/queries`,
      value: [...this.queries.values()].map((q) => this.shape(q, nowMs)),
    });
  }

  private status(query: Query, nowMs: number): 'notStarted' | 'running' | 'succeeded' | 'failed' {
    const startMs = query.createdMs + this.knobs.startSeconds * 1000;
    if (nowMs < startMs) return 'notStarted';
    if (nowMs < startMs + query.runMs) return 'running';
    return query.fails ? 'failed' : 'succeeded';
  }

  /** The records, searched once when the query finishes (what was logged by then). */
  private results(query: Query): Array<Record<string, unknown>> {
    if (query.records) return query.records;
    const f = query.filters;
    const types = f.recordTypeFilters.map((t) => t.toLowerCase());
    const operations = f.operationFilters.map((o) => o.toLowerCase());
    const finishedMs = query.createdMs + this.knobs.startSeconds * 1000 + query.runMs;
    const found = this.catalog.loggedRecords(f.startMs, f.endMs, finishedMs, (part) => {
      if (types.length === 0 && operations.length === 0) return true;
      const record = JSON.parse(part.json) as { RecordType?: unknown; Operation?: unknown };
      if (types.length > 0 && !types.includes(recordTypeName(record.RecordType).toLowerCase())) return false;
      return operations.length === 0 || operations.includes(String(record.Operation).toLowerCase());
    });
    query.records = found.map((part) => toAuditLogRecord(part.json));
    return query.records;
  }

  private shape(query: Query, nowMs: number): Record<string, unknown> {
    const status = this.status(query, nowMs);
    const f = query.filters;
    return {
      id: query.id,
      displayName: f.displayName,
      filterStartDateTime: new Date(f.startMs).toISOString().replace('.000Z', 'Z'),
      filterEndDateTime: new Date(f.endMs).toISOString().replace('.000Z', 'Z'),
      recordTypeFilters: f.recordTypeFilters,
      keywordFilter: null,
      serviceFilters: [],
      operationFilters: f.operationFilters,
      userPrincipalNameFilters: [],
      ipAddressFilters: [],
      objectIdFilters: [],
      administrativeUnitIdFilters: [],
      status,
      approximateReturnedRecordCount: status === 'succeeded' ? this.results(query).length : null,
      isRecordCountLimitExceeded: false,
      recordCountLimit: null,
    };
  }

  private page(query: Query, url: URL, root: string, nowMs: number): EmulatorResponse {
    if (this.status(query, nowMs) !== 'succeeded') return graphError(400, 'BadRequest', 'The query is not ready.');
    const records = this.results(query);
    const skip = decodeSkipToken(url.searchParams.get('$skiptoken'));
    if (skip === null) return graphError(400, 'BadRequest', 'Invalid $skiptoken.');
    const top = Math.min(
      Number(url.searchParams.get('$top') ?? this.knobs.pageSize) || this.knobs.pageSize,
      this.knobs.pageSize,
    );
    const end = Math.min(records.length, skip + top);
    this.calls.pages++;
    const next =
      end < records.length ? `${root}/${query.id}/records?$top=${top}&$skiptoken=${encodeSkipToken(end)}` : null;
    return jsonResponse(200, {
      '@odata.context': `${root.replace(/\/security.*/, '')}/$metadata#security/auditLog/queries('${query.id}')/records`,
      ...(next ? { '@odata.nextLink': next } : {}),
      value: records.slice(skip, end),
    });
  }
}

/** Opaque to clients; fixture (c) shows `b64.…`. */
function encodeSkipToken(offset: number): string {
  return `b64.${Buffer.from(String(offset)).toString('base64url')}`;
}

function decodeSkipToken(token: string | null): number | null {
  if (token === null) return 0;
  const n = Number(Buffer.from(token.replace(/^b64\./, ''), 'base64url').toString('utf8'));
  return Number.isInteger(n) && n >= 0 ? n : null;
}
