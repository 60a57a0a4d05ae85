/** What an alert card says, as plain data (src/alerts/ builds it, src/cards/alert-card.ts draws it). */
/**
 * What cards say of a flow besides its events, as src/queries/describe-flow.ts words it: the flow
 * inventory's name, owner, state and environment, else what the events know, with the reason.
 */
export interface FlowFacts {
  flowName: string | null;
  /** "avery@contoso.com", "… (no longer in the directory)"; the events' creator where the inventory has none. */
  owner: string | null;
  environmentId: string | null;
  /** "Sales (Production)", "the default environment", "environment 3f2…"; null without an id. */
  environment: string | null;
  /** "On", "Off", "Suspended: data policy violation", "Deleted"; null when the inventory does not know the flow. */
  stateText: string | null;
  stateTone: 'good' | 'warning' | 'attention' | 'default';
  /** Why the name or state is missing, in words an admin can act on; null when both are known. */
  unknownBecause: string | null;
}

export interface AlertFlowItem extends FlowFacts {
  /** Rule keys this event matched, worded ("flows that start using HTTP …"). */
  because: string[];
  operation: string;
  occurredAt: string;
  actor: string | null;
  flowId: string | null;
  link: string | null;
  /** The flow's connectors after this event; the ones it added flagged `added`. */
  connectors: Array<{ name: string; added: boolean }>;
  recipient: string | null;
}

export interface AlertCardModel {
  conversationId: string;
  items: AlertFlowItem[];
  /** All matches of this post (items may be fewer); the card says how many more. */
  total: number;
  timeZone: string;
  /** Shown when the channel's post limit held matches back: they are gathered here. */
  rateNote: string | null;
  /** Ingest range and offset to re-evaluate for Show more. */
  more: { from: string; to: string; offset: number } | null;
}

export interface FlowHistoryModel extends FlowFacts {
  flowId: string;
  link: string | null;
  events: Array<{
    operation: string;
    occurredAt: string;
    actor: string | null;
    connectors: string[];
    recipient: string | null;
  }>;
  total: number;
  timeZone: string;
  generatedAt: string;
}
