/** ALERT_*: who counts as a guest, how often one channel may get an alert post, and the rules admins' channels start with. */
import type { AlertRuleSpec } from '../model/alert-rule.ts';
import { ruleKey } from '../model/alert-rule.ts';
import { parseAlertTarget } from '../model/alert-target.ts';
import { ConfigError } from './config-error.ts';
import { int, list, type Env } from './env-readers.ts';

export interface AlertConfig {
  /** The tenant's own domains (lower-case); a flow shared with anyone else is shared with a guest. */
  tenantDomains: string[];
  /** Alert posts per channel per hour; matches beyond wait for the next allowed post. */
  postsPerHour: number;
  /** ALERT_DEFAULT_RULES: given once to each of the admins' channels (src/alerts/default-rules.ts). */
  defaultRules: AlertRuleSpec[];
}

/** The demo emulator's makers all live here (src/emulator/generator/people.ts). */
const DEMO_DOMAIN = 'contoso.example';

export function loadAlertConfig(env: Env, demo: boolean): AlertConfig {
  const domains = list(env, 'ALERT_TENANT_DOMAINS').map((d) => d.toLowerCase());
  return {
    tenantDomains: domains.length > 0 ? domains : demo ? [DEMO_DOMAIN] : [],
    postsPerHour: int(env, 'ALERT_POSTS_PER_HOUR', 6, 1, 120),
    defaultRules: defaultRules(env),
  };
}

const HINT = 'Separate rules with commas, each as said after "alert on" in chat, e.g. HTTP, custom connectors';

/** "HTTP, custom connectors, new flows by a@contoso.com": each item read as the words after "alert on" in chat. */
function defaultRules(env: Env): AlertRuleSpec[] {
  const rules = new Map<string, AlertRuleSpec>();
  for (const item of list(env, 'ALERT_DEFAULT_RULES')) {
    const words = item.replace(/^alerts? on\s+/i, '').split(/\s+/);
    const parsed = parseAlertTarget(words);
    if (parsed.kind === 'premium')
      throw new ConfigError('ALERT_DEFAULT_RULES', `"${item}": premium connectors cannot be told apart yet`, HINT);
    if (parsed.kind !== 'add') {
      const problem = parsed.kind === 'invalid' ? parsed.problem.replace(/\.$/, '') : 'not an alert rule';
      throw new ConfigError('ALERT_DEFAULT_RULES', `"${item.slice(0, 80)}": ${problem}`, HINT);
    }
    rules.set(ruleKey(parsed.rule), parsed.rule);
  }
  return [...rules.values()];
}
