/**
 * Clients of the inventory's sources (reference flow-inventory.md): the BAP admin environments
 * list, the Flow admin v2 list and single-flow GET, Dataverse `workflows`, Graph users. All go
 * through the one token provider (a scope per resource) and the audit client's retrying request:
 * 429 and 5xx retried with Retry-After honoured, a deadline on every request, 401 refreshes the
 * token once. Answers are turned into the model's words here (parse-admin.ts).
 */
import { AuditApiError } from '../audit/source.ts';
import { parseRetryAfterMs } from '../audit/backoff.ts';
import {
  newCounters,
  parseErrorBody,
  sendJsonWithRetry,
  type ClassifiedFailure,
  type RequestCounters,
  type RetryingRequestOptions,
} from '../audit/retrying-request.ts';
import type { ScopedTokenProvider } from '../audit/token-provider.ts';
import type { InventoryHosts } from '../config/inventory-config.ts';
import type { EnvironmentIdentity, FlowListing, OwnerIdentity, WorkflowConnectors } from '../model/flow-identity.ts';
import { parseEnvironment, parseFlow, parseWorkflow, type Page } from './parse-admin.ts';

/** The admin APIs answered 403: the app is not a Power Platform management app (README: deployment). */
export class NotRegisteredError extends AuditApiError {
  constructor(message: string) {
    super(message, 403, 'not_registered', false);
    this.name = 'NotRegisteredError';
  }
}

export interface InventoryClientOptions extends Omit<RetryingRequestOptions, 'tokens'> {
  tokens: ScopedTokenProvider;
  hosts: InventoryHosts;
  now: () => Date;
}

const FLOW_API = 'api-version=2016-11-01';
const BAP_API = 'api-version=2020-10-01';
const WORKFLOW_QUERY =
  '$filter=category eq 5&$select=workflowid,name,clientdata,statecode,modifiedon,_ownerid_value,resourceid';

export class InventoryClient {
  readonly counters: RequestCounters = newCounters();

  constructor(private readonly options: InventoryClientOptions) {}

  private classify(status: number, headers: Headers, text: string, api: string): ClassifiedFailure {
    const { code, message } = parseErrorBody(text);
    const retryAfterMs = parseRetryAfterMs(headers.get('retry-after'), this.options.now());
    if (status === 429) {
      return {
        error: new AuditApiError(`${api} throttled: ${message}`, 429, code, true),
        retryAfterMs,
        throttled: true,
      };
    }
    if (status >= 500)
      return { error: new AuditApiError(`${api} HTTP ${status}: ${message}`, status, code, true), retryAfterMs };
    if (status === 403 && (api === 'Flow admin API' || api === 'BAP admin API')) {
      return { error: new NotRegisteredError(`${api} answered 403: ${message}`), retryAfterMs: null };
    }
    return { error: new AuditApiError(`${api} HTTP ${status}: ${message}`, status, code, false), retryAfterMs: null };
  }

  private async get(url: string, scope: string, api: string): Promise<unknown> {
    const answer = await sendJsonWithRetry(
      { ...this.options, tokens: this.options.tokens.forScope(scope) },
      this.counters,
      {
        method: 'GET',
        url,
        classify: (status, headers, text) => this.classify(status, headers, text, api),
      },
    );
    return answer.body;
  }

  async environments(nextLink: string | null): Promise<Page<EnvironmentIdentity>> {
    const { bapBaseUrl, bapScope } = this.options.hosts;
    const url =
      nextLink ?? `${bapBaseUrl}/providers/Microsoft.BusinessAppPlatform/scopes/admin/environments?${BAP_API}`;
    return pageOf(await this.get(url, bapScope, 'BAP admin API'), 'nextLink', parseEnvironment);
  }

  async flows(environmentId: string, nextLink: string | null): Promise<Page<FlowListing>> {
    const { flowBaseUrl, flowScope } = this.options.hosts;
    const env = encodeURIComponent(environmentId);
    const url =
      nextLink ??
      `${flowBaseUrl}/providers/Microsoft.ProcessSimple/scopes/admin/environments/${env}/v2/flows?${FLOW_API}`;
    return pageOf(await this.get(url, flowScope, 'Flow admin API'), 'nextLink', (item) =>
      parseFlow(item, environmentId),
    );
  }

  /** One flow, or null when the Flow API says it does not exist (deleted). */
  async flow(environmentId: string, flowId: string): Promise<FlowListing | null> {
    const { flowBaseUrl, flowScope } = this.options.hosts;
    const url = `${flowBaseUrl}/providers/Microsoft.ProcessSimple/scopes/admin/environments/${encodeURIComponent(environmentId)}/flows/${encodeURIComponent(flowId)}?${FLOW_API}`;
    try {
      return parseFlow(await this.get(url, flowScope, 'Flow admin API'), environmentId);
    } catch (error) {
      if (error instanceof AuditApiError && error.status === 404) return null;
      throw error;
    }
  }

  async workflows(dataverseUrl: string, nextLink: string | null): Promise<Page<WorkflowConnectors>> {
    const base = dataverseUrl.replace(/\/+$/, '');
    const url = nextLink ?? `${base}/api/data/v9.2/workflows?${WORKFLOW_QUERY}`;
    return pageOf(await this.get(url, `${base}/.default`, 'Dataverse'), '@odata.nextLink', parseWorkflow);
  }

  /** A person by object id; `gone` when Graph answers 404 (reference §5). */
  async user(objectId: string): Promise<OwnerIdentity> {
    const { graphBaseUrl, graphScope } = this.options.hosts;
    const url = `${graphBaseUrl}/v1.0/users/${encodeURIComponent(objectId)}?$select=userPrincipalName,displayName`;
    try {
      const body = (await this.get(url, graphScope, 'Graph')) as { userPrincipalName?: unknown; displayName?: unknown };
      const text = (v: unknown) => (typeof v === 'string' && v !== '' ? v : null);
      return { objectId, upn: text(body.userPrincipalName), displayName: text(body.displayName), gone: false };
    } catch (error) {
      if (error instanceof AuditApiError && error.status === 404)
        return { objectId, upn: null, displayName: null, gone: true };
      throw error;
    }
  }
}

function pageOf<T>(body: unknown, linkName: string, parse: (item: unknown) => T | null): Page<T> {
  const b = (body ?? {}) as Record<string, unknown>;
  if (!Array.isArray(b['value']))
    throw new AuditApiError('an admin list answered without a value array', 200, 'invalid_page', true);
  const items = b['value'].map(parse).filter((x): x is T => x !== null);
  const next = b[linkName];
  return {
    items,
    nextLink: typeof next === 'string' && next !== '' ? next : null,
    skipped: b['value'].length - items.length,
  };
}
