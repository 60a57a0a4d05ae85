import { TurnContext, type Activity } from 'botbuilder';
import type { ChannelTarget } from '../digest/channel-target.ts';

/* Where a digest goes, read from a Teams activity in a team (teams-platform.md §2.2, §2.3). */

interface TeamsChannelData {
  team?: { id?: unknown; name?: unknown };
  channel?: { id?: unknown; name?: unknown };
  tenant?: { id?: unknown };
  settings?: { selectedChannel?: { id?: unknown } };
  eventType?: unknown;
}

const str = (value: unknown): string | null => (typeof value === 'string' && value.trim() !== '' ? value : null);

export function teamIdOf(activity: Partial<Activity>): string | null {
  return str((activity.channelData as TeamsChannelData | undefined)?.team?.id);
}

/**
 * The channel an activity points at, or null outside a team. An install names the channel the
 * installer picked (`settings.selectedChannel`), else the conversation; a message in a channel
 * thread carries `;messageid=`, which is cut off so the digest starts its own thread. A team's
 * General channel has the team's id. The serviceUrl comes from the activity itself, which the
 * adapter has authenticated (§3.5).
 */
export function channelTargetOf(activity: Partial<Activity>): ChannelTarget | null {
  const data = (activity.channelData ?? {}) as TeamsChannelData;
  const teamId = str(data.team?.id);
  const serviceUrl = str(activity.serviceUrl);
  const tenantId = str(data.tenant?.id) ?? str(activity.conversation?.tenantId);
  if (!teamId || !serviceUrl || !tenantId) return null;
  const channelId =
    str(data.settings?.selectedChannel?.id) ??
    str(data.channel?.id) ??
    str(activity.conversation?.id)?.split(';')[0] ??
    teamId;
  const reference = TurnContext.getConversationReference(activity);
  const conversation = {
    ...(reference.conversation ?? {}),
    id: channelId,
    isGroup: true,
    conversationType: 'channel',
    tenantId,
  };
  return {
    conversationId: channelId,
    tenantId,
    teamId,
    teamName: str(data.team?.name),
    channelName: channelId === teamId ? 'General' : str(data.channel?.name),
    serviceUrl,
    // No activityId: a digest is never a reply to the message that subscribed it.
    reference: JSON.parse(JSON.stringify({ ...reference, activityId: undefined, conversation })) as Record<
      string,
      unknown
    >,
  };
}
