/**
 * Checks a client-credentials token request the way Entra does, answering with its error codes:
 * grant type, client id, scope (v2) or resource (v1), then the secret or the client assertion:
 * its signature against the certificates registered for the app (client-certificates.ts), then
 * the claims MSAL puts in one.
 */
import type { EmulatorResponse } from '../http/response.ts';
import { ADMIN_RESOURCES, DATAVERSE_RESOURCE, MANAGEMENT_RESOURCES } from '../demo-tenant.ts';
import { aadError } from './aad-errors.ts';
import { signatureProblem, type KnownCertificate } from './client-certificates.ts';

export interface ClientRegistration {
  tenantId: string;
  clientId: string;
  clientSecret: string;
  /** Certificates uploaded to the app registration (none: assertions are refused). */
  certificates: KnownCertificate[];
}

export type TokenGrant = { ok: true; audience: string } | { ok: false; response: EmulatorResponse };

const JWT_BEARER = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';
const OIDC_SCOPES = new Set(['openid', 'profile', 'offline_access', 'email']);

function managementResource(value: string): string | null {
  const trimmed = value.replace(/\/+$/, '');
  const known: readonly string[] = [...MANAGEMENT_RESOURCES, ...ADMIN_RESOURCES];
  return known.includes(trimmed) || DATAVERSE_RESOURCE.test(trimmed) ? trimmed : null;
}

function audienceOf(form: URLSearchParams, version: 'v1' | 'v2', app: ClientRegistration, now: Date): TokenGrant {
  const fail = (status: number, error: string, code: number, text: string): TokenGrant => ({
    ok: false,
    response: aadError(status, error, code, text, now),
  });
  const notFound = (r: string) =>
    fail(
      400,
      'invalid_resource',
      500011,
      `The resource principal named ${r} was not found in the tenant named ${app.tenantId}.`,
    );
  if (version === 'v1') {
    const resource = form.get('resource');
    if (!resource)
      return fail(400, 'invalid_request', 900144, "The request body must contain the following parameter: 'resource'.");
    const audience = managementResource(resource);
    return audience ? { ok: true, audience } : notFound(resource);
  }
  const scope = form.get('scope');
  if (!scope)
    return fail(400, 'invalid_request', 900144, "The request body must contain the following parameter: 'scope'.");
  const scopes = scope.split(/\s+/).filter((s) => s && !OIDC_SCOPES.has(s));
  if (scopes.length !== 1 || !scopes[0].endsWith('/.default')) {
    return fail(
      400,
      'invalid_scope',
      1002012,
      `The provided value for scope ${scope} is not valid. Client credential flows must have a scope value with /.default suffixed to the resource identifier (application ID URI).`,
    );
  }
  const resource = scopes[0].slice(0, -'/.default'.length);
  const audience = managementResource(resource);
  return audience ? { ok: true, audience } : notFound(resource);
}

function checkAssertion(
  assertion: string,
  type: string | null,
  app: ClientRegistration,
  now: Date,
): EmulatorResponse | null {
  const invalid = (code: number, text: string) => aadError(401, 'invalid_client', code, text, now);
  if (type !== JWT_BEARER)
    return aadError(400, 'invalid_request', 700024, `client_assertion_type must be ${JWT_BEARER}.`, now);
  const badSignature = signatureProblem(assertion, app.certificates);
  if (badSignature)
    return invalid(700027, `Client assertion contains an invalid signature. [Reason - ${badSignature}]`);
  let claims: { iss?: unknown; sub?: unknown; aud?: unknown; exp?: unknown; nbf?: unknown };
  try {
    const payload = assertion.split('.')[1];
    if (!payload) throw new Error('no payload');
    claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as typeof claims;
  } catch {
    return invalid(700027, 'Client assertion failed signature validation.');
  }
  if (claims.iss !== app.clientId || claims.sub !== app.clientId)
    return invalid(700021, "Client assertion application identifier doesn't match 'client_id' parameter.");
  if (typeof claims.aud !== 'string' || !/\/oauth2\/(v2\.0\/)?token$/.test(claims.aud))
    return invalid(700212, 'The audience of the client assertion is not the token endpoint.');
  const nowSeconds = now.getTime() / 1000;
  if (
    typeof claims.exp !== 'number' ||
    claims.exp <= nowSeconds ||
    (typeof claims.nbf === 'number' && claims.nbf > nowSeconds + 300)
  ) {
    return invalid(700024, 'Client assertion is not within its valid time range.');
  }
  return null;
}

/** `basic` is the client id and secret of an `Authorization: Basic` header (client_secret_basic), if any. */
export function checkTokenRequest(
  form: URLSearchParams,
  version: 'v1' | 'v2',
  app: ClientRegistration,
  now: Date,
  basic: { clientId: string; clientSecret: string } | null = null,
): TokenGrant {
  const fail = (status: number, error: string, code: number, text: string): TokenGrant => ({
    ok: false,
    response: aadError(status, error, code, text, now),
  });
  const grantType = form.get('grant_type');
  if (!grantType)
    return fail(400, 'invalid_request', 900144, "The request body must contain the following parameter: 'grant_type'.");
  if (grantType !== 'client_credentials')
    return fail(400, 'unsupported_grant_type', 70003, `The app requested an unsupported grant type '${grantType}'.`);
  const clientId = form.get('client_id') ?? basic?.clientId;
  if (!clientId)
    return fail(400, 'invalid_request', 900144, "The request body must contain the following parameter: 'client_id'.");
  if (clientId.toLowerCase() !== app.clientId) {
    return fail(
      400,
      'unauthorized_client',
      700016,
      `Application with identifier '${clientId}' was not found in the directory '${app.tenantId}'. You may have sent your authentication request to the wrong tenant.`,
    );
  }
  const grant = audienceOf(form, version, app, now);
  if (!grant.ok) return grant;
  const assertion = form.get('client_assertion');
  const secret = form.get('client_secret') ?? basic?.clientSecret ?? null;
  if (assertion) {
    const problem = checkAssertion(assertion, form.get('client_assertion_type'), app, now);
    return problem ? { ok: false, response: problem } : grant;
  }
  if (secret === null || secret === '')
    return fail(
      401,
      'invalid_client',
      7000218,
      "The request body must contain the following parameter: 'client_assertion' or 'client_secret'.",
    );
  if (secret !== app.clientSecret) {
    return fail(
      401,
      'invalid_client',
      7000215,
      `Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '${app.clientId}'.`,
    );
  }
  return grant;
}
