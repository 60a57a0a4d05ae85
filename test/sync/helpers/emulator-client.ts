/**
 * The real Management API client, pointed at a tenant emulator the way demo mode does it
 * (emulatorTenantConfig + MSAL against the emulator's token endpoint), with back-off sleeps
 * shortened so fault storms do not cost test time.
 */
import { emulatorTenantConfig, type EmulatorEndpoint } from '../../../src/audit/emulator-tenant.ts';
import { ManagementApiClient } from '../../../src/audit/management-api.ts';
import { createTokenProvider } from '../../../src/audit/token-provider.ts';

export interface ClientSettings {
  now: () => Date;
  maxRetries?: number;
  blobConcurrency?: number;
}

export function emulatorClient(emulator: EmulatorEndpoint, settings: ClientSettings): ManagementApiClient {
  const tenant = emulatorTenantConfig(emulator);
  return new ManagementApiClient({
    tenant,
    tokens: createTokenProvider(tenant, { now: settings.now }),
    http: {
      httpTimeoutMs: 10_000,
      maxRetries: settings.maxRetries ?? 8,
      blobConcurrency: settings.blobConcurrency ?? 4,
    },
    now: settings.now,
    sleep: () => new Promise((resolve) => setImmediate(resolve)),
    baseBackoffMs: 1,
    maxBackoffMs: 2,
  });
}
