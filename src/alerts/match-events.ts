/**
 * Which newly stored events match which rules of a channel. Pure. A create matches a connector
 * rule by any of its connectors; an edit only by the connectors it ADDED, compared with the flow's
 * previous known connectors (an edit of a flow that always used HTTP is not news). A connector
 * rule names a connector or its family: "HTTP" matches "HTTP", "HTTP Webhook" and "HTTP with
 * Microsoft Entra ID" (names that start with it and a space), case-insensitively.
 */
import type { AlertRule } from '../model/alert-rule.ts';
import type { StoredFlowEvent } from '../model/flow-event.ts';

export interface AlertMatch {
  rule: AlertRule;
  event: StoredFlowEvent;
  /** Connectors this event added to the flow (all of them for a create); null: not a create or edit, or unknown. */
  added: string[] | null;
  /** The connectors that made it match (empty for sharing and maker rules). */
  matched: string[];
}

export interface MatchContext {
  /** Lower-cased flow ids muted in this channel. */
  muted: ReadonlySet<string>;
  /** Event id → the flow's connectors before that edit; null when nothing earlier is known. */
  previousConnectors: ReadonlyMap<string, string[] | null>;
  /** The tenant's own domains (lower-case); a recipient outside them is a guest. */
  tenantDomains: readonly string[];
  /** Is this connector custom or third-party? (cards/connector-risk.ts) */
  isCustom: (connector: string) => boolean;
}

export function connectorInFamily(connector: string, family: string): boolean {
  const c = connector.trim().toLowerCase();
  const f = family.trim().toLowerCase();
  return c === f || c.startsWith(`${f} `);
}

/** Entra guests have #EXT# in their UPN; anyone else outside the tenant's domains is a guest too. */
export function isGuest(recipient: string | null, tenantDomains: readonly string[]): boolean {
  if (!recipient) return false;
  const upn = recipient.toLowerCase();
  if (upn.includes('#ext#')) return true;
  const at = upn.lastIndexOf('@');
  if (at < 0 || tenantDomains.length === 0) return false;
  const domain = upn.slice(at + 1);
  return !tenantDomains.some((d) => domain === d || domain.endsWith(`.${d}`));
}

function addedConnectors(event: StoredFlowEvent, ctx: MatchContext): string[] | null {
  if (event.operation === 'CreateFlow') return event.connectors;
  if (event.operation !== 'EditFlow') return null;
  const before = ctx.previousConnectors.get(event.id) ?? null;
  if (before === null) return event.connectors;
  const had = new Set(before.map((c) => c.toLowerCase()));
  return event.connectors.filter((c) => !had.has(c.toLowerCase()));
}

function matchOne(rule: AlertRule, event: StoredFlowEvent, added: string[] | null, ctx: MatchContext): string[] | null {
  switch (rule.kind) {
    case 'connector': {
      const hits = (added ?? []).filter((c) => connectorInFamily(c, rule.value));
      return hits.length > 0 ? hits : null;
    }
    case 'custom': {
      const hits = (added ?? []).filter((c) => ctx.isCustom(c));
      return hits.length > 0 ? hits : null;
    }
    case 'guests':
      return event.operation === 'PutPermissions' && isGuest(event.recipientUpn, ctx.tenantDomains) ? [] : null;
    case 'maker':
      return event.operation === 'CreateFlow' && event.actorUpn === rule.value.toLowerCase() ? [] : null;
  }
}

/** Every (rule, event) match, events in the order given; each rule applies to events stored after it was set. */
export function matchEvents(
  events: readonly StoredFlowEvent[],
  rules: readonly AlertRule[],
  ctx: MatchContext,
): AlertMatch[] {
  const matches: AlertMatch[] = [];
  for (const event of events) {
    if (event.flowId && ctx.muted.has(event.flowId.toLowerCase())) continue;
    const added = addedConnectors(event, ctx);
    for (const rule of rules) {
      if (event.ingestedAt <= rule.createdAt) continue;
      const matched = matchOne(rule, event, added, ctx);
      if (matched) matches.push({ rule, event, added, matched });
    }
  }
  return matches;
}
