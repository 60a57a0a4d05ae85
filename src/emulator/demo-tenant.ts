/**
 * Fixed identities of the emulated tenant. The demo credentials are public on purpose: they only
 * ever unlock this loopback emulator, never a real tenant.
 */

/** The tenant GUID used in audit-apis.md's fixtures. */
export const DEFAULT_TENANT_ID = '2f6d8c1e-3b7a-4e2f-9c51-7a0d4b6e8f13';

/** Application (client) id of the demo app registration the emulator knows. */
export const DEMO_CLIENT_ID = '7a1c3e5f-2b4d-4c6e-8f10-9a2b3c4d5e6f';

/** The only client secret the emulator's token endpoint accepts for DEMO_CLIENT_ID. */
export const DEMO_CLIENT_SECRET = 'flowwatch-emulator-demo-secret';

/**
 * The https authority host clients configure (MSAL refuses http authorities). `.invalid` never
 * resolves (RFC 2606): the metadata document sends the token request to the emulator instead.
 */
export const EMULATOR_AUTHORITY_HOST = 'https://login.emulator.flowwatch.invalid';

/** Management Activity API resources, one per cloud (audit-apis.md §1.1); tokens are issued for any. */
export const MANAGEMENT_RESOURCES = [
  'https://manage.office.com',
  'https://manage-gcc.office.com',
  'https://manage.office365.us',
  'https://manage.protection.apps.mil',
] as const;

/**
 * Resources of the inventory's APIs (flow-inventory.md §2, §3, §5): the Flow service (its scope
 * has a double slash, `https://service.flow.microsoft.com//.default`), BAP and Graph. Dataverse
 * instances are the emulator's own `/dataverse/{env}` URLs (DATAVERSE_RESOURCE).
 */
export const ADMIN_RESOURCES = [
  'https://service.flow.microsoft.com',
  'https://api.bap.microsoft.com',
  'https://graph.microsoft.com',
] as const;

export const DATAVERSE_RESOURCE = /^http:\/\/[^/]+\/dataverse\/[^/]+$/;

/** Audit content stays retrievable for 7 days (audit-apis.md §1.6). */
export const RETENTION_MS = 7 * 24 * 3_600_000;
