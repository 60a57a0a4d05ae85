/** The row shape of alert_rules in both stores. */
import type { AlertRule, AlertRuleKind } from '../model/alert-rule.ts';

export interface AlertRuleRow {
  conversation_id: string;
  rule_key: string;
  kind: string;
  value: string;
  created_by: string | null;
  created_at: string;
}

export function rowToRule(r: AlertRuleRow): AlertRule {
  return {
    conversationId: r.conversation_id,
    key: r.rule_key,
    kind: r.kind as AlertRuleKind,
    value: r.value,
    createdBy: r.created_by,
    createdAt: r.created_at,
  };
}

export function ruleValues(r: AlertRule): Array<string | null> {
  return [r.conversationId, r.key, r.kind, r.value, r.createdBy, r.createdAt];
}
