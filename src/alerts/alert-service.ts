/**
 * Alerts: rules per channel set in chat, evaluated on the events each sync stored, posted to the
 * channel once per (rule, event). After every sync, for each channel with rules: read the events
 * stored since the channel's cursor, match them (match-events.ts), claim the matches in the store
 * (a pair another replica or an earlier run claimed is skipped), post one card for what this call
 * claimed, then move the cursor. A channel over ALERT_POSTS_PER_HOUR waits: its cursor stays, and
 * the next allowed post gathers everything since, saying so on the card.
 *
 * A crash between claim and post loses that post (at most once): Teams has no idempotency key
 * for a new message, so the other choice is a duplicate; for alerts we prefer silence once. A post
 * that fails (the Bot Connector answers an error or times out) loses nothing: its pairs are given
 * back and the cursor stays, so the next run posts them.
 */
import { assessConnector } from '../cards/connector-risk.ts';
import { renderAlertCard, ALERT_ITEMS } from '../cards/alert-card.ts';
import { renderFlowHistoryCard } from '../cards/flow-history-card.ts';
import type { ChannelPoster } from '../digest/channel-poster.ts';
import type { Logger } from '../log.ts';
import type { AlertRule, AlertRuleSpec } from '../model/alert-rule.ts';
import type { InventoryState } from '../model/flow-identity.ts';
import type { Store } from '../store/store.ts';
import { applyDefaultRules } from './default-rules.ts';
import { alertCardModel, flowHistoryModel, groupByEvent } from './alert-cards.ts';
import { matchEvents, type AlertMatch } from './match-events.ts';
import { previousConnectorsOf, readNewEvents } from './new-events.ts';

export interface AlertServiceOptions {
  store: Store;
  poster: ChannelPoster;
  clock: () => Date;
  log: Logger;
  /** This replica's id, recorded on claims. */
  holder: string;
  riskyConnectors: readonly string[];
  tenantDomains: readonly string[];
  postsPerHour: number;
  timeZone: string;
  /** How this replica's flow inventory stands, so a card can say why a flow has no name; 'ok' when absent. */
  inventoryState?: () => InventoryState;
  /** ALERT_DEFAULT_RULES, given to the admins' channels (default-rules.ts) before each evaluation. */
  defaultRules?: readonly AlertRuleSpec[];
  /** ADMIN_TEAM_ID: whose channels are the admins' (every channel with the digest on without it). */
  adminTeamId?: string | null;
}

export interface AlertRunResult {
  posts: number;
  matches: number;
  rateLimited: number;
}

const HOUR_MS = 3_600_000;

export class AlertService {
  constructor(readonly options: AlertServiceOptions) {}

  /** Evaluates every channel with rules; failures of one channel are logged and do not stop the others. */
  async afterSync(): Promise<AlertRunResult> {
    const result: AlertRunResult = { posts: 0, matches: 0, rateLimited: 0 };
    const { store, defaultRules = [], adminTeamId = null, clock } = this.options;
    try {
      await applyDefaultRules(store, defaultRules, adminTeamId, clock());
    } catch (error) {
      this.options.log.error('default alert rules not given', { error });
    }
    const rules = await store.alerts.listRules();
    const byChannel = new Map<string, AlertRule[]>();
    for (const r of rules) byChannel.set(r.conversationId, [...(byChannel.get(r.conversationId) ?? []), r]);
    for (const [conversationId, channelRules] of byChannel) {
      try {
        const outcome = await this.evaluateChannel(conversationId, channelRules);
        result.posts += outcome.posted ? 1 : 0;
        result.matches += outcome.matches;
        result.rateLimited += outcome.rateLimited ? 1 : 0;
      } catch (error) {
        this.options.log.error('alert evaluation failed for a channel', { conversationId, error });
      }
    }
    return result;
  }

  /** Matches of the channel's rules among events stored in [from, to). */
  private async matchesIn(conversationId: string, rules: AlertRule[], from: string, to: string): Promise<AlertMatch[]> {
    const { store, riskyConnectors, tenantDomains } = this.options;
    const [events, muted] = await Promise.all([
      readNewEvents(store, from, to),
      store.alerts.listMutedFlows(conversationId),
    ]);
    const previousConnectors = await previousConnectorsOf(store, events);
    return matchEvents(events, rules, {
      muted: new Set(muted),
      previousConnectors,
      tenantDomains,
      isCustom: (c) => assessConnector(c, riskyConnectors) === 'nonMicrosoft',
    });
  }

  private async evaluateChannel(
    conversationId: string,
    rules: AlertRule[],
  ): Promise<{ posted: boolean; matches: number; rateLimited: boolean }> {
    const { store, clock, holder, postsPerHour } = this.options;
    const now = clock();
    const from = (await store.alerts.getCursor(conversationId)) ?? rules[0].createdAt;
    // Events stored by the sync that just ended carry its clock: one millisecond on, they are in.
    const to = new Date(now.getTime() + 1).toISOString();
    const posts = await store.alerts.countPostsSince(conversationId, new Date(now.getTime() - HOUR_MS).toISOString());
    const matches = await this.matchesIn(conversationId, rules, from, to);
    if (matches.length === 0) {
      await store.alerts.advanceCursor(conversationId, to);
      return { posted: false, matches: 0, rateLimited: false };
    }
    if (posts >= postsPerHour) return { posted: false, matches: matches.length, rateLimited: true };
    const claimed = new Set(
      (
        await store.alerts.claimMatches(
          conversationId,
          matches.map((m) => ({ ruleKey: m.rule.key, eventId: m.event.id })),
          holder,
          now.toISOString(),
        )
      ).map((k) => `${k.ruleKey}\n${k.eventId}`),
    );
    const mine = matches.filter((m) => claimed.has(`${m.rule.key}\n${m.event.id}`));
    if (mine.length === 0) {
      await store.alerts.advanceCursor(conversationId, to);
      return { posted: false, matches: 0, rateLimited: false };
    }
    try {
      await this.post(conversationId, mine, { from, to, limitedSince: posts >= postsPerHour - 1 ? from : null });
    } catch (error) {
      // The Bot Connector refused or did not answer: give the pairs back and leave the cursor, so
      // the next sync's run posts them (a post that failed is not a crash: nothing is lost).
      await store.alerts.releaseMatches(
        conversationId,
        mine.map((m) => ({ ruleKey: m.rule.key, eventId: m.event.id })),
        holder,
      );
      throw error;
    }
    // After the post: a crash before this line re-reads the events, whose pairs are claimed already.
    await store.alerts.advanceCursor(conversationId, to);
    await store.alerts.recordPost(conversationId, now.toISOString(), mine.length);
    return { posted: true, matches: mine.length, rateLimited: false };
  }

  private async post(
    conversationId: string,
    matches: AlertMatch[],
    range: { from: string; to: string; limitedSince: string | null },
  ): Promise<void> {
    const { store, poster, log, postsPerHour, timeZone } = this.options;
    const subscription = await store.botState.getSubscription(conversationId);
    if (!subscription) {
      log.warn('alert matched but the channel has no stored conversation reference', { conversationId });
      return;
    }
    const rateNote =
      range.limitedSince !== null
        ? `This channel gets at most ${postsPerHour} alert posts an hour; this is the last one this hour, later matches wait for the next.`
        : null;
    const model = await alertCardModel(store, matches, {
      conversationId,
      timeZone,
      rateNote,
      more: groupByEvent(matches).length > ALERT_ITEMS ? { from: range.from, to: range.to, offset: 0 } : null,
      shown: ALERT_ITEMS,
      inventoryState: this.inventoryState(),
    });
    await poster.postCard(subscription, renderAlertCard(model));
    log.info('alert posted', { conversationId, matches: matches.length });
  }

  /** Show more on an alert card: the channel's matches in that ingest range, from `offset`. */
  async moreCard(conversationId: string, data: unknown): Promise<Record<string, unknown> | null> {
    const d = data as { from?: unknown; to?: unknown; offset?: unknown } | null;
    if (!d || typeof d.from !== 'string' || typeof d.to !== 'string' || !Number.isInteger(d.offset)) return null;
    if (Number.isNaN(Date.parse(d.from)) || Number.isNaN(Date.parse(d.to))) return null;
    const rules = await this.options.store.alerts.listRules(conversationId);
    const matches = await this.matchesIn(conversationId, rules, d.from, d.to);
    const offset = Math.max(0, d.offset as number);
    const model = await alertCardModel(this.options.store, matches, {
      conversationId,
      timeZone: this.options.timeZone,
      rateNote: null,
      more: { from: d.from, to: d.to, offset },
      shown: ALERT_ITEMS,
      inventoryState: this.inventoryState(),
    });
    return renderAlertCard(model);
  }

  async historyCard(flowId: string, timeZone: string): Promise<Record<string, unknown>> {
    const { store, clock } = this.options;
    return renderFlowHistoryCard(await flowHistoryModel(store, flowId, timeZone, clock(), this.inventoryState()));
  }

  private inventoryState(): InventoryState {
    return this.options.inventoryState?.() ?? 'ok';
  }

  async muteFlow(conversationId: string, flowId: string): Promise<{ title: string; text: string }> {
    await this.options.store.alerts.muteFlow(conversationId, flowId, this.options.clock().toISOString());
    return { title: 'Flow muted', text: `No more alerts in this channel for flow ${flowId}.` };
  }
}
