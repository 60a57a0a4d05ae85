/**
 * The OpenID configuration document Entra publishes per tenant, pointed at the emulator. A client
 * passes it to MSAL as `authorityMetadata` (a JSON string) next to an https authority listed in
 * `knownAuthorities`; MSAL then sends the token request to `token_endpoint`, the emulator.
 */
import { EMULATOR_AUTHORITY_HOST } from '../demo-tenant.ts';

export function openIdConfiguration(
  baseUrl: string,
  tenantId: string,
  authorityHost: string = EMULATOR_AUTHORITY_HOST,
): Record<string, unknown> {
  const base = baseUrl.replace(/\/+$/, '');
  const authority = `${authorityHost.replace(/\/+$/, '')}/${tenantId}`;
  return {
    token_endpoint: `${base}/${tenantId}/oauth2/v2.0/token`,
    token_endpoint_auth_methods_supported: ['client_secret_post', 'private_key_jwt', 'client_secret_basic'],
    jwks_uri: `${base}/${tenantId}/discovery/v2.0/keys`,
    response_modes_supported: ['query', 'fragment', 'form_post'],
    subject_types_supported: ['pairwise'],
    id_token_signing_alg_values_supported: ['RS256'],
    response_types_supported: ['code', 'id_token', 'code id_token', 'id_token token'],
    scopes_supported: ['openid', 'profile', 'email', 'offline_access'],
    // The issuer names the https authority (MSAL checks issuer against authority on discovered metadata).
    issuer: `${authority}/v2.0`,
    request_uri_parameter_supported: false,
    userinfo_endpoint: `${base}/oidc/userinfo`,
    authorization_endpoint: `${authority}/oauth2/v2.0/authorize`,
    device_authorization_endpoint: `${authority}/oauth2/v2.0/devicecode`,
    http_logout_supported: true,
    frontchannel_logout_supported: true,
    end_session_endpoint: `${authority}/oauth2/v2.0/logout`,
    claims_supported: [
      'sub',
      'iss',
      'cloud_instance_name',
      'aud',
      'exp',
      'iat',
      'auth_time',
      'acr',
      'nonce',
      'tid',
      'ver',
    ],
    tenant_region_scope: 'NA',
    cloud_instance_name: 'emulator.flowwatch.invalid',
    cloud_graph_host_name: 'graph.windows.net',
    msgraph_host: 'graph.microsoft.com',
    rbac_url: 'https://pas.windows.net',
  };
}
