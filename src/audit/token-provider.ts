/**
 * App-only bearer tokens for the audit APIs: MSAL client credentials (secret or certificate),
 * cached and renewed a margin before they expire. The one place that knows about OAuth.
 */
import { ConfidentialClientApplication, type Configuration, type NodeSystemOptions } from '@azure/msal-node';
import type { AuditTenantConfig } from '../config/audit-tenant-config.ts';
import { AuditApiError } from './source.ts';
import { createTimedNetworkClient } from './timed-network-client.ts';

export interface TokenProvider {
  /** A valid access token. `forceRefresh` skips every cache (after the API answered 401). */
  getToken(options?: { forceRefresh?: boolean }): Promise<string>;
}

/**
 * The one token provider: the audit API's scope by default, and the same app registration's tokens
 * for the inventory's other resources (flow-inventory.md §2, §3, §5), each cached apart.
 */
export interface ScopedTokenProvider extends TokenProvider {
  /** Tokens for `scope` as written, e.g. `https://service.flow.microsoft.com//.default` (its double slash is real). */
  forScope(scope: string): TokenProvider;
}

/**
 * What the token provider needs from the tenant config, plus two ways to point MSAL at a local
 * emulator without any authority discovery over the internet (see emulatorTenant.ts):
 * `authorityMetadata` (the OpenID configuration as a JSON string) or `authorityMetadataUrl`
 * (where to fetch it once). Either makes `authorityHost` a known authority, so MSAL trusts it
 * without instance discovery.
 */
export type TokenTenant = Pick<
  AuditTenantConfig,
  'tenantId' | 'clientId' | 'clientSecret' | 'certificate' | 'authorityHost' | 'resource'
> & {
  authorityMetadata?: string;
  authorityMetadataUrl?: string;
};

export interface TokenProviderOptions {
  now?: () => Date;
  /** Renew this long before expiry; the docs suggest refreshing at ~45 of 60 minutes (audit-apis.md §1.2). */
  refreshMarginMs?: number;
  /** Passed to MSAL as `system.networkClient`; a fetch-based one with `timeoutMs` otherwise. */
  networkClient?: NodeSystemOptions['networkClient'];
  /** Deadline of each request to the token endpoint (the runtime passes SYNC_HTTP_TIMEOUT_SECONDS). */
  timeoutMs?: number;
}

const DEFAULT_REFRESH_MARGIN_MS = 15 * 60_000;
/** SYNC_HTTP_TIMEOUT_SECONDS' default: a token request is one HTTP request to the same kind of service. */
const DEFAULT_TIMEOUT_MS = 30_000;

/** Builds the TokenProvider for the Management API scope `${resource}/.default`, and for other scopes (forScope). */
export function createTokenProvider(tenant: TokenTenant, options: TokenProviderOptions = {}): ScopedTokenProvider {
  const shared: { app: Promise<ConfidentialClientApplication> | null } = { app: null };
  const byScope = new Map<string, TokenProvider>();
  const main = scopedProvider(tenant, options, `${tenant.resource.replace(/\/+$/, '')}/.default`, shared);
  return {
    getToken: (o) => main.getToken(o),
    forScope(scope) {
      let provider = byScope.get(scope);
      if (!provider) byScope.set(scope, (provider = scopedProvider(tenant, options, scope, shared)));
      return provider;
    },
  };
}

function scopedProvider(
  tenant: TokenTenant,
  options: TokenProviderOptions,
  scope: string,
  shared: { app: Promise<ConfidentialClientApplication> | null },
): TokenProvider {
  const now = options.now ?? (() => new Date());
  const margin = options.refreshMarginMs ?? DEFAULT_REFRESH_MARGIN_MS;
  const scopes = [scope];
  let cached: { token: string; expiresAtMs: number; marginMs: number } | null = null;
  let inFlight: Promise<string> | null = null;

  const acquire = async (): Promise<string> => {
    const setup = (shared.app ??= buildApplication(
      tenant,
      options.networkClient ?? createTimedNetworkClient(options.timeoutMs ?? DEFAULT_TIMEOUT_MS),
    ));
    try {
      const client = await setup;
      // skipCache: we only get here when our own (stricter) margin says the token is too old.
      const result = await client.acquireTokenByClientCredential({ scopes, skipCache: true });
      if (!result?.accessToken)
        throw new AuditApiError('the token endpoint returned no access token', null, 'token_empty', true);
      // MSAL stamps expiresOn with the system clock; keep only the lifetime and measure it on ours.
      const lifetimeMs = result.expiresOn ? result.expiresOn.getTime() - Date.now() : 0;
      // A token shorter-lived than four margins (an emulator, a test tenant) renews after 3/4 of its life instead.
      cached = {
        token: result.accessToken,
        expiresAtMs: now().getTime() + lifetimeMs,
        marginMs: Math.min(margin, lifetimeMs / 4),
      };
      return result.accessToken;
    } catch (error) {
      // A failed set-up (metadata unreachable, bad authority) is tried again on the next call.
      const setupFailed = await setup.then(
        () => false,
        () => true,
      );
      if (setupFailed) shared.app = null;
      throw toAuditApiError(error, tenant);
    }
  };

  return {
    getToken({ forceRefresh = false } = {}) {
      if (!forceRefresh && cached && now().getTime() < cached.expiresAtMs - cached.marginMs)
        return Promise.resolve(cached.token);
      if (forceRefresh) cached = null;
      // Concurrent callers share one token request.
      inFlight ??= acquire().finally(() => {
        inFlight = null;
      });
      return inFlight;
    },
  };
}

async function buildApplication(
  tenant: TokenTenant,
  networkClient: NonNullable<NodeSystemOptions['networkClient']>,
): Promise<ConfidentialClientApplication> {
  const authorityHost = tenant.authorityHost.replace(/\/+$/, '');
  const metadata =
    tenant.authorityMetadata ??
    (tenant.authorityMetadataUrl ? await fetchMetadata(tenant.authorityMetadataUrl) : undefined);
  const config: Configuration = {
    auth: {
      clientId: tenant.clientId,
      authority: `${authorityHost}/${tenant.tenantId}`,
      ...(tenant.clientSecret ? { clientSecret: tenant.clientSecret } : {}),
      ...(tenant.certificate ? { clientCertificate: certificateOption(tenant.certificate) } : {}),
      // With metadata given, MSAL must neither discover the instance nor fetch the OpenID document:
      // a host listed in knownAuthorities is trusted as is (msal-common Authority.getCloudDiscoveryMetadataFromConfig).
      ...(metadata ? { authorityMetadata: metadata, knownAuthorities: [new URL(authorityHost).host] } : {}),
    },
    system: { networkClient },
  };
  return new ConfidentialClientApplication(config);
}

function certificateOption(certificate: NonNullable<AuditTenantConfig['certificate']>): {
  thumbprint?: string;
  thumbprintSha256?: string;
  privateKey: string;
} {
  const thumbprint = certificate.thumbprint.replace(/[^0-9a-f]/gi, '');
  // The portal shows SHA-1 thumbprints (40 hex digits); MSAL prefers SHA-256 (64) when given one.
  return thumbprint.length === 64
    ? { thumbprintSha256: thumbprint, privateKey: certificate.privateKeyPem }
    : { thumbprint, privateKey: certificate.privateKeyPem };
}

async function fetchMetadata(url: string): Promise<string> {
  const response = await fetch(url, { signal: AbortSignal.timeout(10_000) });
  const text = await response.text();
  if (!response.ok)
    throw new AuditApiError(
      `OpenID metadata at ${url} answered HTTP ${response.status}`,
      response.status,
      'authority_metadata',
      true,
    );
  try {
    JSON.parse(text);
  } catch {
    throw new AuditApiError(`OpenID metadata at ${url} is not JSON`, response.status, 'authority_metadata', true);
  }
  return text;
}

/** Codes of MSAL/Entra answers that another attempt cannot fix (wrong id, secret or consent). */
const PERMANENT_CODES = new Set([
  'invalid_client',
  'unauthorized_client',
  'invalid_request',
  'invalid_grant',
  'invalid_scope',
  'invalid_resource',
]);

function toAuditApiError(error: unknown, tenant: TokenTenant): AuditApiError {
  if (error instanceof AuditApiError) return error;
  const e = error as { errorCode?: string; message?: string; name?: string };
  const code = e.errorCode || e.name || 'token_error';
  const permanent = PERMANENT_CODES.has(code) || e.name === 'ClientConfigurationError';
  const fix = permanent
    ? `check AUDIT_TENANT_ID (${tenant.tenantId}), AUDIT_CLIENT_ID (${tenant.clientId}), the secret or certificate, and that the app has admin consent for ActivityFeed.Read`
    : 'the token endpoint could not be reached; will retry';
  const wrapped = new AuditApiError(
    `could not get an access token (${code}): ${fix}. ${firstLine(e.message)}`,
    null,
    code,
    !permanent,
  );
  wrapped.cause = error;
  return wrapped;
}

function firstLine(text: string | undefined): string {
  return (text ?? '').split('\n')[0].slice(0, 300);
}
