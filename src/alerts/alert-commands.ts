/** Answers to "alert on …", "alerts off" and "alerts status" in a channel. */
import { subscriptionFor, type ChannelTarget, type DigestDefaults } from '../digest/channel-target.ts';
import { describeRule, ruleKey, type AlertCommand } from '../model/alert-rule.ts';
import type { Store } from '../store/store.ts';
import { DEFAULT_RULE_CREATOR } from './default-rules.ts';

export interface AlertCommandDeps {
  store: Pick<Store, 'alerts' | 'botState'>;
  clock: () => Date;
  defaults: DigestDefaults;
  usage: string;
  tenantDomains: readonly string[];
  syncIntervalMinutes: number;
}

type Reply = { title: string; text: string };

/**
 * The channel's conversation reference is what a proactive post needs: a channel that has no
 * digest subscription gets one with the digest off, so alerts can reach it.
 */
async function rememberChannel(deps: AlertCommandDeps, target: ChannelTarget): Promise<void> {
  const existing = await deps.store.botState.getSubscription(target.conversationId);
  const fresh = subscriptionFor(target, existing, deps.defaults, deps.clock());
  await deps.store.botState.upsertSubscription({ ...fresh, enabled: existing?.enabled ?? false });
}

function guestNote(deps: AlertCommandDeps): string {
  return deps.tenantDomains.length > 0
    ? ` Guests: recipients outside ${deps.tenantDomains.join(', ')} or with #EXT# in their name.`
    : ' Guests: recipients with #EXT# in their name (set ALERT_TENANT_DOMAINS to flag other outside domains too).';
}

export async function handleAlertCommand(
  deps: AlertCommandDeps,
  command: AlertCommand,
  target: ChannelTarget | null,
  by: string | null,
): Promise<Reply> {
  if (command.kind === 'invalid') return { title: 'Alerts', text: `${command.problem} ${deps.usage}` };
  if (command.kind === 'premium')
    return {
      title: 'Alerts',
      text: 'Flowwatch cannot tell premium connectors yet: the flow inventory it keeps does not record connector tiers. Try "alert on HTTP" or "alert on custom connectors".',
    };
  if (!target)
    return {
      title: 'Alerts',
      text: `Alerts are posted to a channel of a team: say this in that channel. ${deps.usage}`,
    };
  const { alerts } = deps.store;
  if (command.kind === 'off') {
    const n = await alerts.removeRules(target.conversationId);
    return {
      title: 'Alerts off',
      text: n > 0 ? `Removed ${n} alert rule(s) from this channel.` : 'This channel had no alert rules.',
    };
  }
  if (command.kind === 'status') {
    const rules = await alerts.listRules(target.conversationId);
    if (rules.length === 0) return { title: 'Alerts', text: `This channel has no alert rules. ${deps.usage}` };
    const muted = await alerts.listMutedFlows(target.conversationId);
    const list = rules
      .map(
        (r) => `${describeRule(r)}${r.createdBy === DEFAULT_RULE_CREATOR ? ' (a default, ALERT_DEFAULT_RULES)' : ''}`,
      )
      .join('; ');
    return {
      title: 'Alerts',
      text: `This channel is alerted on: ${list}. Checked after every sync (every ${deps.syncIntervalMinutes} min).${muted.length > 0 ? ` Muted flows: ${muted.length}.` : ''}`,
    };
  }
  await rememberChannel(deps, target);
  const added = await alerts.putRule({
    ...command.rule,
    conversationId: target.conversationId,
    key: ruleKey(command.rule),
    createdBy: by,
    createdAt: deps.clock().toISOString(),
  });
  const what = describeRule(command.rule);
  return {
    title: 'Alert set',
    text: `${added ? 'This channel will be alerted on' : 'This channel is already alerted on'} ${what}, from events stored from now on, within one sync (every ${deps.syncIntervalMinutes} min).${command.rule.kind === 'guests' ? guestNote(deps) : ''}`,
  };
}
