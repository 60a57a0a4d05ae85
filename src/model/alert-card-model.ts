/** What an alert card says, as plain data (src/alerts/ builds it, src/cards/alert-card.ts draws it). */
export interface AlertFlowItem {
  /** Rule keys this event matched, worded ("flows that start using HTTP …"). */
  because: string[];
  operation: string;
  occurredAt: string;
  actor: string | null;
  flowId: string | null;
  environmentId: string | null;
  flowName: string | null;
  /** Owner: the flow's creator as the events know it. */
  owner: string | null;
  /** "deleted", "exists", or what the flow inventory says (Started, Stopped, Suspended) where it knows. */
  state: string;
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

export interface FlowHistoryModel {
  flowId: string;
  flowName: string | null;
  owner: string | null;
  state: string;
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
