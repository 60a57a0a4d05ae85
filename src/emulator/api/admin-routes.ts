/**
 * The emulated Power Platform admin APIs, Dataverse and Graph (reference flow-inventory.md):
 * - GET /providers/Microsoft.BusinessAppPlatform/scopes/admin/environments?api-version=2020-10-01
 * - GET /providers/Microsoft.ProcessSimple/scopes/admin/environments/{env}/v2/flows?api-version=2016-11-01
 * - GET /providers/Microsoft.ProcessSimple/scopes/admin/environments/{env}/flows/{flow}?api-version=2016-11-01
 * - GET /dataverse/{env}/api/data/v9.2/workflows?$filter=category eq 5&$select=… (an instance URL)
 * - GET /v1.0/users/{id}
 * Paged (`nextLink`, `@odata.nextLink`) with a small page size, throttled with 429 and
 * Retry-After, and 403 from the admin APIs until the app is registered as a management app.
 */
import { jsonResponse, type EmulatorResponse } from '../http/response.ts';
import type { EmulatedFlow, EmulatedInventory } from '../generator/flow-inventory.ts';
import type { Person } from '../generator/people.ts';
import { environmentJson, flowJson, personDisplayName, workflowJson } from './admin-shapes.ts';

export type AdminRoute =
  | { api: 'bap'; name: 'environments' }
  | { api: 'flow'; name: 'flows'; environmentId: string }
  | { api: 'flow'; name: 'flow'; environmentId: string; flowId: string }
  | { api: 'dataverse'; name: 'workflows'; environmentId: string }
  | { api: 'graph'; name: 'user'; userId: string };

export function routeAdmin(segments: readonly string[]): AdminRoute | null {
  const path = segments.join('/');
  if (path === 'providers/Microsoft.BusinessAppPlatform/scopes/admin/environments') {
    return { api: 'bap', name: 'environments' };
  }
  const flow =
    /^providers\/Microsoft\.ProcessSimple\/scopes\/admin\/environments\/([^/]+)\/(?:v2\/flows|flows\/([^/]+))$/.exec(
      path,
    );
  if (flow) {
    return flow[2]
      ? { api: 'flow', name: 'flow', environmentId: flow[1], flowId: flow[2] }
      : { api: 'flow', name: 'flows', environmentId: flow[1] };
  }
  const dv = /^dataverse\/([^/]+)\/api\/data\/v9\.2\/workflows$/.exec(path);
  if (dv) return { api: 'dataverse', name: 'workflows', environmentId: dv[1] };
  const user = /^v1\.0\/users\/([^/]+)$/.exec(path);
  if (user) return { api: 'graph', name: 'user', userId: user[1] };
  return null;
}

export interface AdminKnobs {
  /** The app is registered as a Power Platform management app (else the Flow and BAP APIs answer 403). */
  managementAppRegistered: boolean;
  /** Flowwatch's application user exists in each Dataverse environment (else 403 there). */
  dataverseAppUser: boolean;
  /** Items per page of every admin list. */
  adminPageSize: number;
  /** Share of admin, Dataverse and Graph requests answered 429 with Retry-After. */
  adminThrottleRate: number;
  /** Retry-After seconds of those 429s. */
  adminRetryAfterSeconds: number;
}

export interface AdminContext {
  inventory: EmulatedInventory;
  people: readonly Person[];
  tenantId: string;
  baseUrl: string;
  knobs: AdminKnobs;
}

const error = (status: number, code: string, message: string, headers: Record<string, string> = {}) =>
  jsonResponse(status, { error: { code, message } }, headers);

/** The 403 before registration; its wording is not documented, so only the status is relied on. */
export function notRegistered(clientId: string, path: string): EmulatorResponse {
  return error(
    403,
    'Forbidden',
    `The service principal with id '${clientId}' does not have permission to access the path '${path}'. Register the application as a Power Platform management application.`,
  );
}

export function throttled(seconds: number): EmulatorResponse {
  return error(429, 'TooManyRequests', `Rate limit is exceeded. Try again in ${seconds} seconds.`, {
    'Retry-After': String(seconds),
  });
}

/** One page of `items` from the `$skiptoken` offset; the next link keeps every other parameter. */
function page<T>(items: readonly T[], url: URL, size: number): { slice: T[]; next: string | null } {
  const from = Number(url.searchParams.get('$skiptoken') ?? '0') || 0;
  const slice = items.slice(from, from + size);
  if (from + size >= items.length) return { slice, next: null };
  const next = new URL(url);
  next.searchParams.set('$skiptoken', String(from + size));
  return { slice, next: next.toString() };
}

const liveFlows = (ctx: AdminContext, environmentId: string) =>
  ctx.inventory.flows.filter((f) => !f.deleted && f.environmentId === environmentId);

function environmentKnown(ctx: AdminContext, id: string) {
  return ctx.inventory.environments.find((e) => e.id === id) ?? null;
}

export function handleAdmin(ctx: AdminContext, route: AdminRoute, url: URL): EmulatorResponse {
  const size = ctx.knobs.adminPageSize;
  const absolute = new URL(url.pathname + url.search, ctx.baseUrl);
  switch (route.name) {
    case 'environments': {
      const { slice, next } = page(ctx.inventory.environments, absolute, size);
      const value = slice.map((e) => environmentJson(e, `${ctx.baseUrl}/dataverse`));
      return jsonResponse(200, next ? { value, nextLink: next } : { value });
    }
    case 'flows': {
      if (!environmentKnown(ctx, route.environmentId)) {
        return error(404, 'EnvironmentAccessDenied', `The environment '${route.environmentId}' could not be found.`);
      }
      const { slice, next } = page(liveFlows(ctx, route.environmentId), absolute, size);
      const value = slice.map((f) => flowJson(f, ctx.tenantId));
      return jsonResponse(200, next ? { value, nextLink: next } : { value });
    }
    case 'flow': {
      const flow = liveFlows(ctx, route.environmentId).find((f) => f.flowId === route.flowId);
      if (!flow) return error(404, 'FlowNotFound', `Could not find flow '${route.flowId}'.`);
      return jsonResponse(200, flowJson(flow, ctx.tenantId));
    }
    case 'workflows':
      return workflows(ctx, route.environmentId, absolute);
    case 'user':
      return user(ctx, route.userId);
  }
}

function workflows(ctx: AdminContext, environmentId: string, url: URL): EmulatorResponse {
  const environment = environmentKnown(ctx, environmentId);
  if (!environment?.hasDataverse) return error(404, '0x80040217', 'The requested resource does not exist.');
  if (!ctx.knobs.dataverseAppUser) {
    return error(403, '0x80072560', 'The user is not a member of the organization.');
  }
  // Only modern flows (category 5) are asked for; other categories would need the filter.
  if (!/category\s+eq\s+5/.test(url.searchParams.get('$filter') ?? '')) {
    return error(400, '0x80060888', 'This emulator serves workflows only with $filter=category eq 5.');
  }
  const rows = liveFlows(ctx, environmentId).filter((f): f is EmulatedFlow & { workflowId: string } => !!f.workflowId);
  const { slice, next } = page(rows, url, ctx.knobs.adminPageSize);
  const body: Record<string, unknown> = {
    '@odata.context': `${ctx.baseUrl}/dataverse/${environmentId}/api/data/v9.2/$metadata#workflows`,
    value: slice.map(workflowJson),
  };
  if (next) body['@odata.nextLink'] = next;
  return jsonResponse(200, body);
}

function user(ctx: AdminContext, id: string): EmulatorResponse {
  const person = ctx.people.find((p) => p.userKey === id);
  if (!person || ctx.inventory.goneUserKeys.has(id)) {
    return error(
      404,
      'Request_ResourceNotFound',
      `Resource '${id}' does not exist or one of its queried reference-property objects are not present.`,
    );
  }
  return jsonResponse(200, {
    '@odata.context': 'https://graph.microsoft.com/v1.0/$metadata#users(userPrincipalName,displayName)/$entity',
    userPrincipalName: person.upn,
    displayName: personDisplayName(person),
  });
}
