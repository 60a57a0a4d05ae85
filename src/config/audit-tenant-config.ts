/**
 * AUDIT_*: the app registration Flowwatch uses to read the audit APIs. No AUDIT_* variable at all
 * means demo mode (the built-in tenant emulator).
 */
import { ConfigError } from './config-error.ts';
import { get, guid, oneOf, url, type Env } from './env-readers.ts';

export type Cloud = 'commercial' | 'gcc' | 'gcchigh' | 'dod';

/** Per-cloud hosts: ../shared/reference/audit-apis.md §1.1. */
export const CLOUD_HOSTS: Record<Cloud, { api: string; authority: string }> = {
  commercial: { api: 'https://manage.office.com', authority: 'https://login.microsoftonline.com' },
  gcc: { api: 'https://manage-gcc.office.com', authority: 'https://login.microsoftonline.com' },
  gcchigh: { api: 'https://manage.office365.us', authority: 'https://login.microsoftonline.us' },
  dod: { api: 'https://manage.protection.apps.mil', authority: 'https://login.microsoftonline.us' },
};

/** Credentials for the audit APIs (app-only, client credentials). Absent in demo mode. */
export interface AuditTenantConfig {
  tenantId: string;
  clientId: string;
  /** Exactly one of clientSecret or certificate is set. */
  clientSecret?: string;
  certificate?: { thumbprint: string; privateKeyPem: string };
  cloud: Cloud;
  /** Management Activity API root, e.g. https://manage.office.com (no trailing slash). */
  apiBaseUrl: string;
  /** Token authority host, e.g. https://login.microsoftonline.com. */
  authorityHost: string;
  /** Resource of the token (`{resource}/.default`); the API host of the cloud. */
  resource: string;
  publisherId: string;
}

type AuditCredential = Pick<AuditTenantConfig, 'clientSecret' | 'certificate'>;

/** The audit app registration, or null (demo mode) when no AUDIT_* credential variable is set. */
export function loadAuditTenantConfig(env: Env, readFile: (file: string) => string): AuditTenantConfig | null {
  const tenantId = guid(env, 'AUDIT_TENANT_ID');
  const clientId = guid(env, 'AUDIT_CLIENT_ID');
  if (!tenantId && !clientId && !get(env, 'AUDIT_CLIENT_SECRET') && !get(env, 'AUDIT_CERTIFICATE_PATH')) return null;
  if (!tenantId)
    throw new ConfigError(
      'AUDIT_TENANT_ID',
      'is missing while other AUDIT_* variables are set',
      'Set it to your Entra tenant id, or unset all AUDIT_* variables for demo mode',
    );
  if (!clientId)
    throw new ConfigError(
      'AUDIT_CLIENT_ID',
      'is missing',
      'Set it to the application (client) id of the Entra app registration',
    );
  const credential = loadCredential(env, readFile);
  const cloud = oneOf<Cloud>(env, 'AUDIT_CLOUD', ['commercial', 'gcc', 'gcchigh', 'dod'], 'commercial');
  const hosts = CLOUD_HOSTS[cloud];
  const apiBaseUrl = url(env, 'AUDIT_API_BASE_URL') ?? hosts.api;
  return {
    tenantId,
    clientId,
    ...credential,
    cloud,
    apiBaseUrl,
    authorityHost: url(env, 'AUDIT_AUTHORITY_HOST') ?? hosts.authority,
    resource: hosts.api,
    publisherId: guid(env, 'AUDIT_PUBLISHER_ID') ?? tenantId,
  };
}

/** Exactly one credential: a client secret, or a certificate (its PEM file and thumbprint). */
function loadCredential(env: Env, readFile: (file: string) => string): AuditCredential {
  const clientSecret = get(env, 'AUDIT_CLIENT_SECRET');
  const certPath = get(env, 'AUDIT_CERTIFICATE_PATH');
  if (clientSecret) {
    if (certPath)
      throw new ConfigError(
        'AUDIT_CERTIFICATE_PATH',
        'is set together with AUDIT_CLIENT_SECRET',
        'Use one credential: unset one of them',
      );
    return { clientSecret };
  }
  if (!certPath) {
    throw new ConfigError(
      'AUDIT_CLIENT_SECRET',
      'neither a client secret nor AUDIT_CERTIFICATE_PATH is set',
      'Set one of them from the app registration',
    );
  }
  const thumbprint = get(env, 'AUDIT_CERTIFICATE_THUMBPRINT');
  if (!thumbprint)
    throw new ConfigError(
      'AUDIT_CERTIFICATE_THUMBPRINT',
      'is missing while AUDIT_CERTIFICATE_PATH is set',
      'Set it to the SHA-1 thumbprint shown for the certificate in the app registration',
    );
  return { certificate: { thumbprint, privateKeyPem: readPem(certPath, readFile) } };
}

function readPem(file: string, readFile: (file: string) => string): string {
  try {
    return readFile(file);
  } catch (e) {
    throw new ConfigError(
      'AUDIT_CERTIFICATE_PATH',
      `cannot read "${file}" (${(e as Error).message})`,
      'Point it at a PEM file holding the private key',
    );
  }
}
