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
  conversation?: { tenantId?: string | undefined; conversationType?: string | undefined } | undefined;
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

/**
 * Only a channel conversation is "in" a team. A personal or group chat has no channelData.team
 * from Teams, so one that carries it was made up (possible only with authentication off).
 */
function isChannelConversation(subject: AccessSubject): boolean {
  return subject.conversation?.conversationType === 'channel';
}

function isAdminTeam(subject: AccessSubject, adminTeamId: string | null): boolean {
  if (!adminTeamId || !isChannelConversation(subject)) return false;
  const team = channelDataOf(subject).team;
  const wanted = adminTeamId.trim().toLowerCase();
  // Accept the team's thread id (19:…@thread.tacv2) or its Entra group id; admins copy either.
  return [text(team?.id), text(team?.aadGroupId)].some((id) => id !== null && id.toLowerCase() === wanted);
}

/** Why the activity's tenant is refused, or null when it is the allowed one (or any tenant is allowed). */
function tenantRefusal(subject: AccessSubject, access: AccessConfig): 'other-tenant' | 'no-tenant' | null {
  if (!access.allowedTenantId) return null;
  const tenants = tenantIdsOf(subject);
  if (tenants.length === 0) return 'no-tenant';
  // Every tenant id the activity carries must be the allowed one; a mismatch between them is refused too.
  if (tenants.some((t) => t !== access.allowedTenantId!.toLowerCase())) return 'other-tenant';
  return null;
}

/** Decides whether the sender of `subject` may see audit data. */
export function decideAccess(subject: AccessSubject, access: AccessConfig): AccessDecision {
  const refusal = tenantRefusal(subject, access);
  if (refusal) return { allowed: false, reason: refusal };
  const userId = text(subject.from?.aadObjectId)?.toLowerCase();
  if (userId && access.adminUserIds.some((id) => id.toLowerCase() === userId))
    return { allowed: true, via: 'admin-user' };
  if (isAdminTeam(subject, access.adminTeamId)) return { allowed: true, via: 'admin-team' };
  return { allowed: false, reason: 'not-admin' };
}

/**
 * Whether an uninstall or team deletion may remove the digest subscriptions of the team it names:
 * only a team event of the allowed tenant, i.e. a channel conversation. The sender need not be an
 * admin: any owner of a team may remove the app from it, and the bot can no longer post there.
 */
export function mayRemoveTeamSubscriptions(subject: AccessSubject, access: AccessConfig): boolean {
  return tenantRefusal(subject, access) === null && isChannelConversation(subject);
}
