/**
 * The Entra endpoints the emulator plays: the v2 and v1 token endpoints, the tenant's OpenID
 * configuration and its (empty) key set.
 */
import { jsonResponse, type EmulatorResponse } from '../http/response.ts';
import type { AccessTokens } from './access-tokens.ts';
import { aadError } from './aad-errors.ts';
import { checkTokenRequest, type ClientRegistration } from './client-credentials.ts';
import { openIdConfiguration } from './openid-configuration.ts';

export interface TokenRouteContext {
  app: ClientRegistration;
  tokens: AccessTokens;
  lifetimeSeconds: number;
  baseUrl: string;
  now: Date;
}

function unknownTenant(ctx: TokenRouteContext, tenant: string): EmulatorResponse | null {
  if (tenant.toLowerCase() === ctx.app.tenantId) return null;
  return aadError(
    400,
    'invalid_request',
    90002,
    `Tenant '${tenant}' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud.`,
    ctx.now,
  );
}

function basicCredentials(authorization: string | undefined): { clientId: string; clientSecret: string } | null {
  const m = /^Basic\s+(.+)$/i.exec(authorization ?? '');
  if (!m) return null;
  const [id, ...rest] = Buffer.from(m[1], 'base64').toString('utf8').split(':');
  return { clientId: decodeURIComponent(id ?? ''), clientSecret: decodeURIComponent(rest.join(':')) };
}

export function issueToken(
  ctx: TokenRouteContext,
  version: 'v1' | 'v2',
  tenant: string,
  body: string,
  authorization: string | undefined,
): EmulatorResponse {
  const wrongTenant = unknownTenant(ctx, tenant);
  if (wrongTenant) return wrongTenant;
  const grant = checkTokenRequest(
    new URLSearchParams(body),
    version,
    ctx.app,
    ctx.now,
    basicCredentials(authorization),
  );
  if (!grant.ok) return grant.response;
  const { token, claims } = ctx.tokens.issue({
    tenantId: ctx.app.tenantId,
    clientId: ctx.app.clientId,
    audience: grant.audience,
    lifetimeSeconds: ctx.lifetimeSeconds,
    now: ctx.now,
  });
  const noStore = { 'Cache-Control': 'no-store, no-cache', Pragma: 'no-cache' };
  if (version === 'v2') {
    return jsonResponse(
      200,
      {
        token_type: 'Bearer',
        expires_in: ctx.lifetimeSeconds,
        ext_expires_in: ctx.lifetimeSeconds,
        access_token: token,
      },
      noStore,
    );
  }
  // v1 answers numbers as strings (audit-apis.md §1.2).
  const lifetime = String(ctx.lifetimeSeconds);
  return jsonResponse(
    200,
    {
      token_type: 'Bearer',
      expires_in: lifetime,
      ext_expires_in: lifetime,
      expires_on: String(claims.exp),
      not_before: String(claims.nbf),
      resource: grant.audience,
      access_token: token,
    },
    noStore,
  );
}

export function openIdDocument(ctx: TokenRouteContext, tenant: string): EmulatorResponse {
  return unknownTenant(ctx, tenant) ?? jsonResponse(200, openIdConfiguration(ctx.baseUrl, ctx.app.tenantId));
}

export function keySet(ctx: TokenRouteContext, tenant: string): EmulatorResponse {
  // Tokens are HMAC-signed with a private key; there is no public key to publish.
  return unknownTenant(ctx, tenant) ?? jsonResponse(200, { keys: [] });
}
