/**
 * The emulated tenant behind the HTTP server: generated content, subscriptions, tokens, faults
 * and counters, and the dispatch of one parsed request to the right handler. No sockets here.
 */
import {
  getContent,
  listContent,
  listNotifications,
  listSubscriptions,
  startSubscription,
  stopSubscription,
  type ActivityContext,
} from './api/activity-routes.ts';
import { apiErrors } from './api/api-errors.ts';
import { routeAdmin } from './api/admin-routes.ts';
import { AdminTenant } from './admin-tenant.ts';
import { AuditQueries } from './audit-query/audit-queries.ts';
import { graphError } from './audit-query/query-body.ts';
import { Subscriptions } from './api/subscriptions.ts';
import { AccessTokens } from './auth/access-tokens.ts';
import { registerCertificates, type KnownCertificate } from './auth/client-certificates.ts';
import { issueToken, keySet, openIdDocument, type TokenRouteContext } from './auth/token-routes.ts';
import { BlobCatalog } from './content/blob-catalog.ts';
import { DEMO_CLIENT_ID, DEMO_CLIENT_SECRET } from './demo-tenant.ts';
import { FaultInjector, type Fault } from './faults/fault-injector.ts';
import { createNoiseRenderer } from './generator/noise.ts';
import { generateTenant, STREAMS } from './generator/tenant.ts';
import { livingTenant, type LiveFlow } from './generator/living-tenant.ts';
import { emulatedFlow } from './generator/flow-inventory.ts';
import type { BodyCut } from './http/response-writer.ts';
import type { EmulatorResponse } from './http/response.ts';
import { pathSegments, routeRequest, type Route } from './http/router.ts';
import type { ResolvedOptions } from './options.ts';
import { Random } from './random.ts';
import { StatsRecorder } from './stats.ts';
import type { RecordTable } from './content/record-table.ts';

export interface IncomingCall {
  method: string;
  /** The request target as sent, e.g. `/api/v1.0/…/content?contentType=…`. */
  target: string;
  authorization: string | undefined;
  body: string;
}

export interface Outcome {
  response: EmulatorResponse;
  cut: BodyCut;
}

/** `/{v1.0|beta}/security/auditLog/queries[/{id}[/records]]`. */
function isAuditQueryPath(segments: string[]): boolean {
  const [version, security, auditLog, queries] = segments;
  return (
    (version === 'v1.0' || version === 'beta') &&
    security === 'security' &&
    auditLog === 'auditLog' &&
    queries === 'queries'
  );
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The `Method=` names of AF429 messages ("Method=GetBlob" in Microsoft's example). */
const API_METHOD_NAMES: Record<Extract<Route, { kind: 'api' }>['name'], string> = {
  'subscriptions/start': 'StartSubscription',
  'subscriptions/stop': 'StopSubscription',
  'subscriptions/list': 'ListSubscriptions',
  'subscriptions/content': 'ListContent',
  'subscriptions/notifications': 'ListNotifications',
  audit: 'GetBlob',
};

export class Emulator {
  readonly records: RecordTable;
  readonly catalog: BlobCatalog;
  readonly subscriptions = new Subscriptions();
  readonly tokens = new AccessTokens();
  readonly faults: FaultInjector;
  readonly stats = new StatsRecorder();
  readonly admin: AdminTenant;
  /** The Graph audit log query API over the same history (issue 12). */
  readonly auditQueries: AuditQueries;
  readonly clientId = DEMO_CLIENT_ID;
  readonly clientSecret = DEMO_CLIENT_SECRET;
  private readonly certificates: KnownCertificate[];
  baseUrl = '';

  constructor(readonly options: ResolvedOptions) {
    const tenant = generateTenant(options, options.now().getTime());
    this.liveInventoryRng = Random.derive(options.seed, STREAMS.liveInventory);
    this.nextLiveFlow = livingTenant({
      seed: options.seed,
      tenantId: options.tenantId,
      people: tenant.people,
      environments: tenant.environments,
      watchedShare: options.live.watchedShare,
    });
    this.records = tenant.records;
    this.catalog = new BlobCatalog(
      tenant.records,
      createNoiseRenderer(options.seed, STREAMS.noise, {
        tenantId: options.tenantId,
        people: tenant.people,
        environments: tenant.environments,
      }),
    );
    for (const plan of tenant.plans) this.catalog.publish(plan.createdMs, plan.recordIndexes, plan.otherCount);
    if (options.pregenerate) this.catalog.pregenerate();
    if (options.startSubscribed) this.subscriptions.start('Audit.General');
    this.faults = new FaultInjector(Random.derive(options.seed, STREAMS.faults), options.faults);
    this.certificates = registerCertificates(options.certificates);
    this.auditQueries = new AuditQueries(
      this.catalog,
      Random.derive(options.seed, STREAMS.auditQuery),
      options.auditQuery,
    );
    this.admin = new AdminTenant(
      tenant.inventory,
      tenant.people,
      options.tenantId,
      options.admin,
      Random.derive(options.seed, STREAMS.adminFaults),
    );
  }

  private readonly nextLiveFlow: (atMs: number) => LiveFlow;
  private readonly liveInventoryRng: Random;

  /**
   * The living tenant's tick: a flow created `delayMs` ago, published now in a blob of its own,
   * and in the admin APIs' list from its creation (on, not renamed: it is brand new).
   */
  publishLiveFlow(): string {
    const now = this.options.now().getTime();
    const { record, flow } = this.nextLiveFlow(now - this.options.live.delayMs);
    const environment = this.admin.inventory.environments.find((e) => e.id === flow.environmentId);
    if (environment)
      this.admin.inventory.flows.push({
        ...emulatedFlow(this.liveInventoryRng, flow, environment),
        currentName: flow.name,
        state: 'Started',
        suspensionReason: null,
      });
    return this.addRecords([record], new Date(now));
  }

  /** Publishes a new blob holding `records`, created at `contentCreated` (default: now). */
  addRecords(records: ReadonlyArray<Record<string, unknown>>, contentCreated: Date = this.options.now()): string {
    const indexes = records.map((r) => this.records.add(r));
    return this.catalog.publish(contentCreated.getTime(), indexes, 0).contentId;
  }

  handle(call: IncomingCall): Outcome {
    const now = this.options.now();
    const url = new URL(call.target, 'http://emulator.invalid');
    const segments = pathSegments(url.pathname);
    if (segments && isAuditQueryPath(segments))
      return { response: this.handleAuditQuery(call, segments, url, now), cut: null };
    const admin = segments && call.method === 'GET' ? routeAdmin(segments) : null;
    if (admin) {
      const bearer = /^Bearer\s+(\S+)$/i.exec(call.authorization ?? '')?.[1];
      const ctx = { tokens: this.tokens, baseUrl: this.baseUrl, clientId: this.clientId, now };
      return { response: this.admin.handle(admin, bearer, url, ctx), cut: null };
    }
    const route: Route = segments
      ? routeRequest(call.method, segments)
      : { kind: 'unknown', name: 'unknown', methodNotAllowed: false };
    this.stats.request(route.name);
    if (route.kind === 'unknown') {
      return {
        response: route.methodNotAllowed
          ? apiErrors.methodNotAllowed(call.method)
          : apiErrors.routeNotFound(url.pathname),
        cut: null,
      };
    }
    if (route.kind === 'entra') return { response: this.handleEntra(route, call, now), cut: null };
    return this.handleApi(route, call, url, now);
  }

  /** Graph wants a Graph token with AuditLogsQuery.Read.All (audit-apis.md §2.2). */
  private handleAuditQuery(call: IncomingCall, segments: string[], url: URL, now: Date): EmulatorResponse {
    const bearer = /^Bearer\s+(\S+)$/i.exec(call.authorization ?? '')?.[1];
    const token = bearer ? this.tokens.check(bearer, now) : null;
    if (!token?.ok || token.claims.aud !== 'https://graph.microsoft.com')
      return graphError(401, 'InvalidAuthenticationToken', 'Access token is empty, invalid or for another audience.', {
        'WWW-Authenticate': 'Bearer',
      });
    if (!token.claims.roles.includes('AuditLogsQuery.Read.All'))
      return graphError(403, 'Authorization_RequestDenied', 'Insufficient privileges to complete the operation.');
    return this.auditQueries.handle(
      { method: call.method, path: segments, url, body: call.body },
      this.baseUrl,
      now.getTime(),
    );
  }

  private handleEntra(route: Extract<Route, { kind: 'entra' }>, call: IncomingCall, now: Date): EmulatorResponse {
    const ctx: TokenRouteContext = {
      app: {
        tenantId: this.options.tenantId,
        clientId: this.clientId,
        clientSecret: this.clientSecret,
        certificates: this.certificates,
      },
      tokens: this.tokens,
      lifetimeSeconds: this.options.tokenLifetimeSeconds,
      baseUrl: this.baseUrl,
      now,
    };
    if (route.name === 'openid-configuration') return openIdDocument(ctx, route.tenant);
    if (route.name === 'keys') return keySet(ctx, route.tenant);
    const response = issueToken(
      ctx,
      route.name === 'token-v2' ? 'v2' : 'v1',
      route.tenant,
      call.body,
      call.authorization,
    );
    this.stats.token(response.status === 200);
    return response;
  }

  private handleApi(route: Extract<Route, { kind: 'api' }>, call: IncomingCall, url: URL, now: Date): Outcome {
    const publisherId =
      [...url.searchParams].find(([k, v]) => k.toLowerCase() === 'publisheridentifier' && v !== '')?.[1] ?? null;
    this.stats.apiRequest(route.name, publisherId, `${call.method} ${url.pathname}${url.search}`);
    const bearer = /^Bearer\s+(\S+)$/i.exec(call.authorization ?? '')?.[1];
    const token = bearer ? this.tokens.check(bearer, now) : null;
    if (!token?.ok) return { response: apiErrors.unauthorized(), cut: null };
    if (!GUID.test(route.tenant)) return { response: apiErrors.tenantNotGuid(route.tenant), cut: null };
    if (route.tenant.toLowerCase() !== token.claims.tid)
      return { response: apiErrors.tenantMismatch(route.tenant, token.claims.tid), cut: null };
    if (!token.claims.roles.includes('ActivityFeed.Read'))
      return { response: apiErrors.missingPermission(token.claims.roles.join(',')), cut: null };

    const fault = this.faults.decide(route.name === 'audit');
    if (fault) this.stats.fault(fault.kind);
    const failure = fault ? this.failureResponse(fault, route, publisherId) : null;
    if (failure) return { response: failure, cut: null };

    const ctx: ActivityContext = {
      catalog: this.catalog,
      subscriptions: this.subscriptions,
      tenantId: this.options.tenantId,
      baseUrl: this.baseUrl,
      pageSize: this.options.pageSize,
      nextPageHeader: this.options.nextPageHeader,
      nowMs: now.getTime(),
    };
    const response = this.dispatchApi(route, ctx, url.searchParams, call.body);
    if (route.name === 'audit' && response.status === 200) this.stats.blobServed();
    return { response, cut: fault?.kind === 'truncate' || fault?.kind === 'reset' ? fault.kind : null };
  }

  private failureResponse(
    fault: Fault,
    route: Extract<Route, { kind: 'api' }>,
    publisherId: string | null,
  ): EmulatorResponse | null {
    const f = this.faults.settings;
    if (fault.kind === 'throttle')
      return apiErrors.throttled(
        f.throttleStatus,
        API_METHOD_NAMES[route.name],
        publisherId ?? '',
        f.retryAfterSeconds,
      );
    if (fault.kind === 'server') {
      return fault.status === 500
        ? apiErrors.internalError()
        : { status: 503, headers: { 'Content-Type': 'text/html' }, body: Buffer.from('<h1>Service Unavailable</h1>') };
    }
    return null;
  }

  private dispatchApi(
    route: Extract<Route, { kind: 'api' }>,
    ctx: ActivityContext,
    query: URLSearchParams,
    body: string,
  ): EmulatorResponse {
    switch (route.name) {
      case 'subscriptions/start':
        return startSubscription(ctx, query, body);
      case 'subscriptions/stop':
        return stopSubscription(ctx, query);
      case 'subscriptions/list':
        return listSubscriptions(ctx);
      case 'subscriptions/content':
        return listContent(ctx, query);
      case 'subscriptions/notifications':
        return listNotifications(ctx, query);
      case 'audit':
        return getContent(ctx, route.contentId ?? '');
    }
  }
}
