/** Counters tests read: requests per route, PublisherIdentifier use, token requests, faults. */
import type { FaultKind } from './faults/fault-injector.ts';

export type RouteName =
  | 'openid-configuration'
  | 'keys'
  | 'token-v2'
  | 'token-v1'
  | 'subscriptions/start'
  | 'subscriptions/stop'
  | 'subscriptions/list'
  | 'subscriptions/content'
  | 'subscriptions/notifications'
  | 'audit'
  | 'unknown';

export interface RouteStats {
  requests: number;
  /** Management API routes only: requests with / without a PublisherIdentifier query parameter. */
  withPublisherId: number;
  withoutPublisherId: number;
}

export interface EmulatorStats {
  requests: number;
  routes: Partial<Record<RouteName, RouteStats>>;
  apiRequests: number;
  apiRequestsWithPublisherId: number;
  apiRequestsWithoutPublisherId: number;
  /** `METHOD path?query` of the first 100 API requests that lacked PublisherIdentifier. */
  missingPublisherId: string[];
  /** Distinct PublisherIdentifier values seen. */
  publisherIds: string[];
  tokenRequests: number;
  tokensIssued: number;
  tokenFailures: number;
  faults: Record<FaultKind, number> & { total: number };
  /** Blob downloads answered 200 (a cut body still counts). */
  blobsServed: number;
  /** Requests that hit a bug in the emulator (answered 500). */
  internalErrors: number;
}

const MISSING_KEPT = 100;

export class StatsRecorder {
  private s: EmulatorStats = StatsRecorder.empty();
  private readonly publisherIds = new Set<string>();

  private static empty(): EmulatorStats {
    return {
      requests: 0,
      routes: {},
      apiRequests: 0,
      apiRequestsWithPublisherId: 0,
      apiRequestsWithoutPublisherId: 0,
      missingPublisherId: [],
      publisherIds: [],
      tokenRequests: 0,
      tokensIssued: 0,
      tokenFailures: 0,
      faults: { throttle: 0, server: 0, truncate: 0, reset: 0, total: 0 },
      blobsServed: 0,
      internalErrors: 0,
    };
  }

  request(route: RouteName): void {
    this.s.requests++;
    const r = (this.s.routes[route] ??= { requests: 0, withPublisherId: 0, withoutPublisherId: 0 });
    r.requests++;
  }

  apiRequest(route: RouteName, publisherId: string | null, described: string): void {
    const r = this.s.routes[route]!;
    this.s.apiRequests++;
    if (publisherId) {
      r.withPublisherId++;
      this.s.apiRequestsWithPublisherId++;
      this.publisherIds.add(publisherId);
    } else {
      r.withoutPublisherId++;
      this.s.apiRequestsWithoutPublisherId++;
      if (this.s.missingPublisherId.length < MISSING_KEPT) this.s.missingPublisherId.push(described);
    }
  }

  token(issued: boolean): void {
    this.s.tokenRequests++;
    if (issued) this.s.tokensIssued++;
    else this.s.tokenFailures++;
  }

  fault(kind: FaultKind): void {
    this.s.faults[kind]++;
    this.s.faults.total++;
  }

  blobServed(): void {
    this.s.blobsServed++;
  }

  internalError(): void {
    this.s.internalErrors++;
  }

  /** A copy, safe to keep while the emulator goes on counting. */
  snapshot(): EmulatorStats {
    return structuredClone({ ...this.s, publisherIds: [...this.publisherIds] });
  }
}
