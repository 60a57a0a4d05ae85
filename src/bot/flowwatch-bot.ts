/**
 * The Teams activity handler: thin on purpose. Messages (personal chat, group chat, channels)
 * become questions, card buttons (Action.Execute `refresh` / `more`) re-run the card's query,
 * installs get the help card. Only admins see audit data (access.ts); everyone else gets a
 * short refusal, which is logged.
 */
import type { InventoryState } from '../model/flow-identity.ts';
import {
  CardFactory,
  MessageFactory,
  TeamsActivityHandler,
  type AdaptiveCardInvokeResponse,
  type AdaptiveCardInvokeValue,
  type InvokeResponse,
  type TurnContext,
} from 'botbuilder';
import type { AccessConfig } from '../config/access-config.ts';
import type { ResolvedPeriod } from '../queries/query.ts';
import type { Logger } from '../log.ts';
import type { Store } from '../store/store.ts';
import { renderHelpCard } from '../cards/help-card.ts';
import { renderNoticeCard } from '../cards/notice-card.ts';
import { parseDigestCommand } from '../digest/digest-command.ts';
import { isDigestActionData } from '../digest/digest-refresh-data.ts';
import type { DigestService } from '../digest/digest-service.ts';
import { channelTargetOf, teamIdOf } from './channel-target-of.ts';
import { decideAccess, mayRemoveTeamSubscriptions } from './access.ts';
import { answerQuery, answerText, type AnswerDeps } from './answer.ts';
import { askerTimeZone } from './asker-time-zone.ts';
import { readCardActionData, readSubmittedAction } from './card-action-data.ts';
import { answerInventoryCardInvoke, answerInventoryCardSubmit, isInventoryCardVerb } from './inventory-card-verbs.ts';
import { cardInvokeResponse, errorInvokeResponse } from './invoke-responses.ts';
import { KnownNames } from './known-names.ts';
import { questionTextOf } from './question-text.ts';
import { parseAlertCommand } from './commands/alert-command.ts';
import { ALERT_VERBS, answerAlertAction, type BotAlerts } from './alert-actions.ts';

export type { BotAlerts } from './alert-actions.ts';

export interface FlowwatchBotDeps {
  store: Store;
  now: () => Date;
  log: Logger;
  access: AccessConfig;
  defaultTimeZone: string;
  riskyConnectors: string[];
  /** Digest subscriptions, `digest …` commands and the digest card's Refresh (src/digest/). */
  digest?: Pick<
    DigestService,
    'subscribeInstalled' | 'unsubscribeTeam' | 'handleCommand' | 'refreshCard' | 'summaryCard'
  >;
  alerts?: BotAlerts;
  /** How this replica's flow inventory stands, so cards can say why a flow has no name; 'ok' when absent. */
  inventoryState?: () => InventoryState;
}

const REFUSAL_TITLE = 'Flowwatch is for Power Platform admins';
const REFUSAL_TEXT =
  'Flowwatch answers only the Power Platform admins of this organization. Ask your Microsoft 365 admin if you need access.';

/** Card verbs we answer (the card renderer's Refresh and Show more buttons). */
const CARD_VERBS = new Set(['refresh', 'more']);
/** The digest card's Refresh and Show more. */
const DIGEST_VERB = 'refreshDigest';

export class FlowwatchBot extends TeamsActivityHandler {
  private readonly knownNames: KnownNames;

  constructor(private readonly deps: FlowwatchBotDeps) {
    super();
    this.knownNames = new KnownNames(deps.store, deps.now);
    this.onMessage(async (context, next) => {
      await this.answerMessage(context);
      await next();
    });
    this.onInstallationUpdateAdd(async (context, next) => {
      // Installed into a team by an admin: the channel it was added from gets the daily digest.
      // Subscribed before the welcome card goes out, so a card that cannot be delivered costs no digest.
      if (this.deps.digest && this.mayAnswer(context)) {
        try {
          const target = channelTargetOf(context.activity);
          if (target) await this.deps.digest.subscribeInstalled(target);
        } catch (error) {
          this.turnLog(context).error('could not subscribe the channel to the digest', { error });
        }
      }
      await sendCard(context, renderHelpCard({}));
      await next();
    });
    this.onInstallationUpdateRemove(async (context, next) => {
      await this.unsubscribeTeam(context, teamIdOf(context.activity));
      await next();
    });
    const teamGone = async (teamInfo: { id?: string } | undefined, context: TurnContext, next: () => Promise<void>) => {
      await this.unsubscribeTeam(context, teamInfo?.id ?? null);
      await next();
    };
    this.onTeamsTeamDeletedEvent(teamGone);
    this.onTeamsTeamHardDeletedEvent(teamGone);
  }

  private get answerDeps(): AnswerDeps {
    const { digest } = this.deps;
    return {
      store: this.deps.store,
      now: this.deps.now,
      riskyConnectors: this.deps.riskyConnectors,
      knownNames: this.knownNames,
      ...(this.deps.inventoryState ? { inventoryState: this.deps.inventoryState } : {}),
      ...(digest
        ? { summarize: (period: ResolvedPeriod, against?: ResolvedPeriod) => digest.summaryCard(period, against) }
        : {}),
    };
  }

  /** A logger tagged with the turn's conversation and activity ids. */
  private turnLog(context: TurnContext): Logger {
    const { activity } = context;
    return this.deps.log.child({ conversationId: activity.conversation?.id, activityId: activity.id });
  }

  /** Logs and returns whether the sender may see audit data. */
  private mayAnswer(context: TurnContext): boolean {
    const decision = decideAccess(context.activity, this.deps.access);
    if (decision.allowed) return true;
    const { activity } = context;
    this.turnLog(context).warn('refused a request for audit data', {
      reason: decision.reason,
      activityType: activity.type,
      userAadObjectId: activity.from?.aadObjectId ?? null,
      tenantId:
        (activity.channelData as { tenant?: { id?: string } } | undefined)?.tenant?.id ??
        activity.conversation?.tenantId ??
        null,
    });
    return false;
  }

  /**
   * Uninstall or team deletion: the team's channels stop getting the digest, but only for a team
   * event of the allowed tenant (access.ts); anything else naming a team is logged and ignored.
   */
  private async unsubscribeTeam(context: TurnContext, teamId: string | null): Promise<void> {
    if (!this.deps.digest || !teamId) return;
    const { activity } = context;
    if (!mayRemoveTeamSubscriptions(activity, this.deps.access)) {
      this.turnLog(context).warn('ignored a team removal that is not a team event of the allowed tenant', {
        activityType: activity.type,
        conversationType: activity.conversation?.conversationType ?? null,
        tenantId: activity.conversation?.tenantId ?? null,
      });
      return;
    }
    await this.deps.digest.unsubscribeTeam(teamId);
  }

  private async answerMessage(context: TurnContext): Promise<void> {
    if (!this.mayAnswer(context)) {
      await sendCard(context, renderNoticeCard(REFUSAL_TITLE, REFUSAL_TEXT));
      return;
    }
    const { activity } = context;
    const text = questionTextOf(activity);
    const alertCommand = this.deps.alerts && activity.value === undefined ? parseAlertCommand(text) : null;
    if (alertCommand) {
      const by = activity.from?.aadObjectId ?? activity.from?.id ?? null;
      const reply = await this.deps.alerts!.handleCommand(alertCommand, channelTargetOf(activity), by);
      await sendCard(context, renderNoticeCard(reply.title, reply.text));
      return;
    }
    if (this.deps.digest) {
      // `digest here|off|at …|status` before the question parser: "digest status" is not a question.
      const command = activity.value === undefined ? parseDigestCommand(text) : null;
      if (command) {
        const reply = await this.deps.digest.handleCommand(command, channelTargetOf(activity));
        await sendCard(context, renderNoticeCard(reply.title, reply.text));
        return;
      }
      // The digest card's Action.Submit fallback (old clients): a fresh card, since a submit cannot replace one.
      const digestCard = isDigestActionData(activity.value) ? await this.deps.digest.refreshCard(activity.value) : null;
      if (digestCard) {
        await sendCard(context, digestCard);
        return;
      }
    }
    const timeZone = askerTimeZone(activity, this.deps.defaultTimeZone);
    // A click on an Action.Submit fallback (old clients) arrives as a message whose value is the action data (§4.2).
    const submitted = activity.value === undefined ? null : readSubmittedAction(activity.value, CARD_VERBS);
    const other = submitted ? null : await answerInventoryCardSubmit(activity.value, timeZone, this.answerDeps);
    const card = submitted
      ? await answerQuery(submitted.query, submitted.offset, { timeZone }, this.answerDeps)
      : (other ?? (await answerText(text, { timeZone }, this.answerDeps)));
    await sendCard(context, card);
  }

  /**
   * The SDK would use the card response's statusCode as the HTTP status; Teams wants HTTP 200
   * with the outcome in the body (teams-platform.md §4.3), and the SDK's own value parsing
   * throws on a value without `action`. So `adaptiveCard/action` is read here.
   */
  protected override async onInvokeActivity(context: TurnContext): Promise<InvokeResponse> {
    if (context.activity.name !== 'adaptiveCard/action') return super.onInvokeActivity(context);
    const value = readInvokeValue(context.activity.value);
    const body = value
      ? await this.onAdaptiveCardInvoke(context, value)
      : errorInvokeResponse(400, 'BadRequest', 'This button is not supported.');
    return { status: 200, body };
  }

  /** Refresh and Show more: the new card goes back in the invoke response and replaces the old one in place (§4.3). */
  protected override async onAdaptiveCardInvoke(
    context: TurnContext,
    invokeValue: AdaptiveCardInvokeValue,
  ): Promise<AdaptiveCardInvokeResponse> {
    if (!this.mayAnswer(context)) return cardInvokeResponse(renderNoticeCard(REFUSAL_TITLE, REFUSAL_TEXT));
    const verb = invokeValue.action?.verb;
    if (verb === DIGEST_VERB && this.deps.digest) return this.refreshDigest(context, invokeValue.action.data);
    if (typeof verb === 'string' && ALERT_VERBS.has(verb) && this.deps.alerts)
      return answerAlertAction(this.deps.alerts, context, verb, invokeValue.action.data, this.deps.defaultTimeZone);
    if (typeof verb === 'string' && isInventoryCardVerb(verb)) {
      const timeZone = askerTimeZone(context.activity, this.deps.defaultTimeZone);
      return answerInventoryCardInvoke(verb, invokeValue.action.data, timeZone, this.answerDeps);
    }
    if (typeof verb !== 'string' || !CARD_VERBS.has(verb)) {
      this.turnLog(context).warn('card action with an unknown verb', {
        verb: typeof verb === 'string' ? verb.slice(0, 40) : null,
      });
      return errorInvokeResponse(400, 'UnknownVerb', 'This button is not supported.');
    }
    const data = readCardActionData(invokeValue.action.data);
    if (!data) {
      this.turnLog(context).warn('card action with invalid data', { verb });
      return errorInvokeResponse(400, 'BadActionData', 'This card is out of date. Ask the question again.');
    }
    const timeZone = askerTimeZone(context.activity, this.deps.defaultTimeZone);
    return cardInvokeResponse(await answerQuery(data.query, data.offset, { timeZone }, this.answerDeps));
  }

  /**
   * The digest card re-rendered for the same period with current data. The invoke response
   * replaces it for the clicker; the channel post is updated too, so every admin sees the fresh
   * numbers (the "replace for all" pattern, teams-platform.md §4.4). That update is best effort.
   */
  private async refreshDigest(context: TurnContext, data: unknown): Promise<AdaptiveCardInvokeResponse> {
    const card = await this.deps.digest!.refreshCard(data);
    if (!card) {
      this.turnLog(context).warn('digest card action with invalid data');
      return errorInvokeResponse(400, 'BadActionData', 'This digest card is out of date.');
    }
    const messageId = context.activity.replyToId;
    if (messageId) {
      try {
        await context.updateActivity({ type: 'message', id: messageId, attachments: [CardFactory.adaptiveCard(card)] });
      } catch (error) {
        this.turnLog(context).warn('could not update the digest post for everyone', { error });
      }
    }
    return cardInvokeResponse(card);
  }
}

/** An Action.Execute invoke value, or null when the client sent something else. */
function readInvokeValue(value: unknown): AdaptiveCardInvokeValue | null {
  const action = (value as { action?: unknown } | null | undefined)?.action as Record<string, unknown> | undefined;
  if (!action || typeof action !== 'object' || action.type !== 'Action.Execute') return null;
  return {
    action: {
      type: 'Action.Execute',
      id: typeof action.id === 'string' ? action.id : '',
      verb: typeof action.verb === 'string' ? action.verb : '',
      data: action.data as Record<string, unknown>,
    },
    authentication: { id: '', connectionName: '', token: '' },
    state: '',
  };
}

async function sendCard(context: TurnContext, card: object): Promise<void> {
  // Card only, no text: text plus an attachment is split into two messages by Teams (§3.4).
  await context.sendActivity(MessageFactory.attachment(CardFactory.adaptiveCard(card)));
}
