/**
 * Who may see audit data (DESIGN.md "Security"): users of the allowed tenant who are either named
 * admins (Entra object ids) or post from the admins' team. Identity comes from the activity's
 * `from`, `channelData` and `conversation`, which the channel sets, never from message text
 * (teams-platform.md §2.4).
 */
import type { AccessConfig } from '../config/access-config.ts';

/** The parts of an incoming activity that decide access. */
export interface AccessSubject {
  from?: { aadObjectId?: string | undefined } | undefined;
  conversation?: { tenantId?: string | undefined } | undefined;
  channelData?: unknown;
}

export type AccessDecision =
  | { allowed: true; via: 'admin-user' | 'admin-team' }
  | { allowed: false; reason: 'other-tenant' | 'no-tenant' | 'not-admin' };

interface TeamsChannelDataShape {
  tenant?: { id?: unknown };
  team?: { id?: unknown; aadGroupId?: unknown };
}

function text(value: unknown): string | null {
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : null;
}

function channelDataOf(subject: AccessSubject): TeamsChannelDataShape {
  const data = subject.channelData;
  return data !== null && typeof data === 'object' ? data : {};
}

/** The tenant ids the activity names (channelData.tenant.id and conversation.tenantId), lower-cased. */
function tenantIdsOf(subject: AccessSubject): string[] {
  const ids = [text(channelDataOf(subject).tenant?.id), text(subject.conversation?.tenantId)];
  return ids.filter((id): id is string => id !== null).map((id) => id.toLowerCase());
}

function isAdminTeam(subject: AccessSubject, adminTeamId: string | null): boolean {
  if (!adminTeamId) return false;
  const team = channelDataOf(subject).team;
  const wanted = adminTeamId.trim().toLowerCase();
  // Accept the team's thread id (19:…@thread.tacv2) or its Entra group id; admins copy either.
  return [text(team?.id), text(team?.aadGroupId)].some((id) => id !== null && id.toLowerCase() === wanted);
}

/** Decides whether the sender of `subject` may see audit data. */
export function decideAccess(subject: AccessSubject, access: AccessConfig): AccessDecision {
  if (access.allowedTenantId) {
    const tenants = tenantIdsOf(subject);
    if (tenants.length === 0) return { allowed: false, reason: 'no-tenant' };
    // Every tenant id the activity carries must be the allowed one; a mismatch between them is refused too.
    if (tenants.some((t) => t !== access.allowedTenantId!.toLowerCase()))
      return { allowed: false, reason: 'other-tenant' };
  }
  const userId = text(subject.from?.aadObjectId)?.toLowerCase();
  if (userId && access.adminUserIds.some((id) => id.toLowerCase() === userId))
    return { allowed: true, via: 'admin-user' };
  if (isAdminTeam(subject, access.adminTeamId)) return { allowed: true, via: 'admin-team' };
  return { allowed: false, reason: 'not-admin' };
}
