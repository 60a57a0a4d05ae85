/** The alert card's buttons, answered in the invoke response (teams-platform.md §4.3). */
import type { AdaptiveCardInvokeResponse, TurnContext } from 'botbuilder';
import { renderNoticeCard } from '../cards/notice-card.ts';
import type { ChannelTarget } from '../digest/channel-target.ts';
import { askerTimeZone } from './asker-time-zone.ts';
import type { AlertCommand } from './commands/alert-command.ts';
import { cardInvokeResponse, errorInvokeResponse } from './invoke-responses.ts';

/** What the bot needs of alerts (src/alerts/): chat commands and the alert card's buttons. */
export interface BotAlerts {
  handleCommand(
    command: AlertCommand,
    target: ChannelTarget | null,
    by: string | null,
  ): Promise<{ title: string; text: string }>;
  muteFlow(conversationId: string, flowId: string): Promise<{ title: string; text: string }>;
  historyCard(flowId: string, timeZone: string): Promise<Record<string, unknown>>;
  moreCard(conversationId: string, data: unknown): Promise<Record<string, unknown> | null>;
}

export const ALERT_VERBS = new Set(['muteFlow', 'flowHistory', 'alertMore']);

/** The alert card's buttons: mute a flow, show its history (and Refresh it), show more matches. */
export async function answerAlertAction(
  alerts: BotAlerts,
  context: TurnContext,
  verb: string,
  data: unknown,
  defaultTimeZone: string,
): Promise<AdaptiveCardInvokeResponse> {
  const conversationId = (context.activity.conversation?.id ?? '').split(';')[0];
  const flowId = (data as { flowId?: unknown } | null)?.flowId;
  const validFlow = typeof flowId === 'string' && /^[0-9a-f-]{36}$/i.test(flowId);
  if (verb === 'alertMore') {
    const card = await alerts.moreCard(conversationId, data);
    return card
      ? cardInvokeResponse(card)
      : errorInvokeResponse(400, 'BadActionData', 'This alert card is out of date.');
  }
  if (!validFlow) return errorInvokeResponse(400, 'BadActionData', 'This alert card is out of date.');
  if (verb === 'muteFlow') {
    const reply = await alerts.muteFlow(conversationId, flowId);
    return cardInvokeResponse(renderNoticeCard(reply.title, reply.text));
  }
  const timeZone = askerTimeZone(context.activity, defaultTimeZone);
  return cardInvokeResponse(await alerts.historyCard(flowId, timeZone));
}
