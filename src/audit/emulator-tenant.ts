/**
 * Points the real audit client at the local tenant emulator (demo mode, sync tests, client tests)
 * the same way everywhere: API base = the emulator, tokens from its token endpoint through MSAL.
 *
 * MSAL refuses an http: authority (authority_uri_insecure), so the authority is a fake https host
 * that is never contacted: it is listed as a known authority and its OpenID metadata is given
 * inline, with the emulator's http://127.0.0.1 token endpoint in it.
 */
import type { AuditTenantConfig } from '../config/audit-tenant-config.ts';
import type { TokenTenant } from './token-provider.ts';

/** The `.invalid` TLD never resolves (RFC 2606), so a mistaken request cannot leave the machine. Same host as the emulator's issuer (src/emulator/demo-tenant.ts). */
export const EMULATOR_AUTHORITY_HOST = 'https://login.emulator.flowwatch.invalid';

/** What this needs from a running emulator (src/emulator/index.ts `startEmulator()`). */
export interface EmulatorEndpoint {
  url: string;
  tenantId: string;
  clientId: string;
  clientSecret: string;
  /** The emulator's own OpenID configuration (a JSON string); built here when absent. */
  authorityMetadata?: string;
}

export type EmulatorTenantConfig = AuditTenantConfig & TokenTenant & { authorityMetadata: string };

export function emulatorTenantConfig(
  emulator: EmulatorEndpoint,
  options: { publisherId?: string } = {},
): EmulatorTenantConfig {
  const url = emulator.url.replace(/\/+$/, '');
  return {
    tenantId: emulator.tenantId,
    clientId: emulator.clientId,
    clientSecret: emulator.clientSecret,
    cloud: 'commercial',
    apiBaseUrl: url,
    authorityHost: EMULATOR_AUTHORITY_HOST,
    // The emulator plays manage.office.com; the scope is what a real tenant would use.
    resource: 'https://manage.office.com',
    publisherId: options.publisherId ?? emulator.tenantId,
    authorityMetadata: emulator.authorityMetadata ?? JSON.stringify(openIdMetadata(url, emulator.tenantId)),
  };
}

/** The OpenID configuration MSAL needs, shaped like Entra's v2.0 document. */
export function openIdMetadata(emulatorUrl: string, tenantId: string): Record<string, unknown> {
  const authority = `${EMULATOR_AUTHORITY_HOST}/${tenantId}`;
  return {
    issuer: `${authority}/v2.0`,
    authorization_endpoint: `${authority}/oauth2/v2.0/authorize`,
    token_endpoint: `${emulatorUrl}/${tenantId}/oauth2/v2.0/token`,
    end_session_endpoint: `${authority}/oauth2/v2.0/logout`,
    jwks_uri: `${authority}/discovery/v2.0/keys`,
    response_types_supported: ['code', 'id_token', 'code id_token', 'id_token token'],
    token_endpoint_auth_methods_supported: ['client_secret_post', 'private_key_jwt', 'client_secret_basic'],
  };
}
