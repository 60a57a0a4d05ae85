/** ALLOWED_TENANT_ID, ADMIN_USER_IDS, ADMIN_TEAM_ID: who gets answers (audit data is for admins only). */
import { get, guid, list, type Env } from './env-readers.ts';

export interface AccessConfig {
  /** Only users of this tenant get answers (demo: the emulator's tenant). */
  allowedTenantId: string | null;
  /** Entra object ids of admins. */
  adminUserIds: string[];
  /** Anyone posting from this team is an admin. */
  adminTeamId: string | null;
}

/**
 * The default tenant and user of Microsoft 365 Agents Playground 0.2.28 (its built-in config:
 * `tenantId`, `currentUser.aadObjectId`). In demo mode they are the allowed tenant and the admin,
 * so the Playground gets answers out of the box. (They are not GUIDs, so ALLOWED_TENANT_ID could
 * not name them.)
 */
export const PLAYGROUND_IDENTITY = {
  tenantId: '00000000-0000-0000-0000-0000000000001',
  userAadObjectId: '00000000-0000-0000-0000-0000000000020',
} as const;

/** `auditTenantId`: the audit app's tenant, the allowed one unless ALLOWED_TENANT_ID says otherwise. */
export function loadAccessConfig(env: Env, demo: boolean, auditTenantId: string | null): AccessConfig {
  return {
    allowedTenantId: guid(env, 'ALLOWED_TENANT_ID') ?? auditTenantId ?? (demo ? PLAYGROUND_IDENTITY.tenantId : null),
    adminUserIds:
      demo && !get(env, 'ADMIN_USER_IDS')
        ? [PLAYGROUND_IDENTITY.userAadObjectId]
        : list(env, 'ADMIN_USER_IDS').map((s) => s.toLowerCase()),
    adminTeamId: get(env, 'ADMIN_TEAM_ID') ?? null,
  };
}
