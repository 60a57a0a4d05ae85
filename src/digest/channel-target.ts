import type { ChannelSubscription, DigestDaysSetting } from '../store/bot-state-store.ts';

/** Where a digest goes: a channel of a team, as the bot read it from an activity (src/bot/channel-target-of.ts). */
export interface ChannelTarget {
  /** The channel's id, without a `;messageid=` thread suffix. */
  conversationId: string;
  tenantId: string;
  teamId: string;
  teamName: string | null;
  channelName: string | null;
  serviceUrl: string;
  reference: Record<string, unknown>;
}

export interface DigestDefaults {
  time: string;
  timeZone: string;
  days: DigestDaysSetting;
}

/** The subscription for a target: a new one with the defaults, or the existing one with a fresh reference. */
export function subscriptionFor(
  target: ChannelTarget,
  existing: ChannelSubscription | null,
  defaults: DigestDefaults,
  now: Date,
): ChannelSubscription {
  const at = now.toISOString();
  return {
    conversationId: target.conversationId,
    tenantId: target.tenantId,
    teamId: target.teamId,
    teamName: target.teamName ?? existing?.teamName ?? null,
    channelName: target.channelName ?? existing?.channelName ?? null,
    serviceUrl: target.serviceUrl,
    reference: target.reference,
    digestTime: existing?.digestTime ?? defaults.time,
    timeZone: existing?.timeZone ?? defaults.timeZone,
    days: existing?.days ?? defaults.days,
    enabled: true,
    createdAt: existing?.createdAt ?? at,
    updatedAt: at,
  };
}

/**
 * Whether a stored channel is one of the admins' channels, which hear what is for admins only
 * (coverage doctor notices, ALERT_DEFAULT_RULES): a channel of ADMIN_TEAM_ID's team, or without
 * it every channel with the digest on.
 */
export function isAdminChannel(subscription: ChannelSubscription, adminTeamId: string | null): boolean {
  return adminTeamId ? subscription.teamId === adminTeamId : subscription.enabled;
}
