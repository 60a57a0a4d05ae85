/** What an alert card says, as plain data (src/alerts/ builds it, src/cards/alert-card.ts draws it). */
import type { FlowRunState } from './flow-identity.ts';

/**
 * A flow's state as a card says it: the flow inventory's (on, off, suspended with the reason the
 * admin API gives, deleted) where the inventory knows the flow; else what the events know
 * (deleted, or nothing: audit records carry no state, flow-inventory.md §1).
 */
export interface FlowStateView {
  state: FlowRunState | 'deleted' | 'unknown';
  /** `flowSuspensionReason` as the admin API gives it (a code such as CompanyDlpViolation). */
  suspensionReason: string | null;
  source: 'inventory' | 'events';
}

/** What cards say of a flow besides its events: inventory first, the events' knowledge where it has none. */
export interface FlowFacts {
  flowName: string | null;
  /** The owner's UPN (the inventory's creator, resolved), else the creator as the events know it. */
  owner: string | null;
  /** Microsoft Graph says the owner is gone from the directory. */
  ownerGone: boolean;
  environmentId: string | null;
  /** The environment's display name from the inventory's environment list; null when it is not known. */
  environmentName: string | null;
  state: FlowStateView;
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
