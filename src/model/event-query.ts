/**
 * What a question asks of the audit events and what comes back: the types shared by the store
 * (which answers), the queries (which ask) and the cards and digest (which show the answers).
 * Times are ISO 8601 UTC strings; ranges are half-open [from, to).
 */
export interface TimeRange {
  from: string;
  to: string;
}

export interface EventFilter {
  /** Event time range, half-open [from, to). */
  from: string;
  to: string;
  /** Any of these operations; absent means all. */
  operations?: string[];
  /** Exact actor UPN (lower-case). */
  actorUpn?: string;
  /**
   * Connector display names, case-insensitive exact match: an event matches when it names any of
   * them, and counts once however many it names ("HTTP" asks for the HTTP family: queries/connectors.ts).
   */
  connectors?: string[];
  environmentId?: string;
  flowId?: string;
  /** Only events stored at or after this instant (late arrivals for a digest). */
  ingestedFrom?: string;
  /** Only events stored before this instant. */
  ingestedTo?: string;
}

export interface Page {
  limit: number;
  offset: number;
}

export type GroupKey = 'operation' | 'actor' | 'connector' | 'environment' | 'flow';

export interface GroupCount {
  key: string;
  count: number;
}

export interface ActorFlowCounts {
  actor: string;
  /** Flow ids with their counts. */
  flows: GroupCount[];
}
