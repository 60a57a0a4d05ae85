/**
 * ALERT_DEFAULT_RULES: the rules each of the admins' channels starts with. Given after a sync to
 * every admin channel Flowwatch knows (one it was installed in, or where someone said "digest
 * here" or an alert command), each rule once per channel: the store records the gift, so "alerts
 * off" sticks across restarts and replicas, and a rule added to the variable later reaches
 * channels that already had the others. Like a rule set in chat, a given rule alerts on events
 * stored from then on.
 */
import { isAdminChannel } from '../digest/channel-target.ts';
import { ruleKey, type AlertRuleSpec } from '../model/alert-rule.ts';
import type { Store } from '../store/store.ts';

/** Who a given rule's createdBy names. */
export const DEFAULT_RULE_CREATOR = 'ALERT_DEFAULT_RULES';

/** Returns how many (channel, rule) pairs this call gave. */
export async function applyDefaultRules(
  store: Pick<Store, 'alerts' | 'botState'>,
  rules: readonly AlertRuleSpec[],
  adminTeamId: string | null,
  now: Date,
): Promise<number> {
  if (rules.length === 0) return 0;
  const channels = (await store.botState.listSubscriptions()).filter((s) => isAdminChannel(s, adminTeamId));
  let given = 0;
  for (const channel of channels)
    for (const spec of rules) {
      const rule = {
        ...spec,
        conversationId: channel.conversationId,
        key: ruleKey(spec),
        createdBy: DEFAULT_RULE_CREATOR,
        createdAt: now.toISOString(),
      };
      if (await store.alerts.applyDefaultRule(rule)) given += 1;
    }
  return given;
}
