/**
 * An alert rule of one channel, set in chat: "alert on HTTP" (a connector or its family),
 * "alert on custom connectors", "alert on sharing with guests", "alert on new flows by <maker>".
 */
export type AlertRuleKind = 'connector' | 'custom' | 'guests' | 'maker';

export interface AlertRuleSpec {
  kind: AlertRuleKind;
  /** The connector name or maker UPN (lower-cased); '' for custom and guests. */
  value: string;
}

export interface AlertRule extends AlertRuleSpec {
  conversationId: string;
  /** `kind:value`, unique per channel. */
  key: string;
  createdBy: string | null;
  /** Events stored before this are not alerted on (a new rule does not replay history). */
  createdAt: string;
}

export function ruleKey(spec: AlertRuleSpec): string {
  return `${spec.kind}:${spec.value.toLowerCase()}`;
}

/** "connectors named HTTP (or HTTP …)", as a card or a status line says it. */
export function describeRule(spec: AlertRuleSpec): string {
  switch (spec.kind) {
    case 'connector':
      return `flows that start using ${spec.value} (or a connector named "${spec.value} …")`;
    case 'custom':
      return 'flows that start using a custom or third-party connector';
    case 'guests':
      return 'flows shared with someone outside the organization';
    case 'maker':
      return `new flows by ${spec.value}`;
  }
}

/** A chat command about a channel's alerts (parsed in src/bot/commands/alert-command.ts). */
export type AlertCommand =
  | { kind: 'add'; rule: AlertRuleSpec }
  | { kind: 'off' }
  | { kind: 'status' }
  | { kind: 'premium' }
  | { kind: 'invalid'; problem: string };
