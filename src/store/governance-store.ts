import type { GroupCount, Page } from '../model/event-query.ts';
import type { GovernanceAction, GovernanceEvent, ListedGovernanceEvent } from '../model/governance-event.ts';

/**
 * Connection and Power Platform admin events (issue 12), beside the flow events: stored once each
 * (deduplicated on id, across sources), read back by questions and the digest. The sync stores a
 * blob's governance events before it marks the blob done, so a crash in between stores them again
 * as duplicates: nothing lost, nothing doubled.
 */
export interface GovernanceStore {
  /** Stores events; an id already stored is a duplicate and left as is. One transaction. */
  addGovernanceEvents(
    events: GovernanceEvent[],
    options: { now: Date },
  ): Promise<{ inserted: number; duplicates: number }>;
  /** Matching events, newest first (then by id), with the total before paging. */
  listGovernanceEvents(
    filter: GovernanceFilter,
    page: Page,
  ): Promise<{ events: ListedGovernanceEvent[]; total: number }>;
  /** Events per actor (an event without one counts under ''), most first, then by actor. */
  countGovernanceByActor(filter: GovernanceFilter): Promise<GroupCount[]>;
}

export interface GovernanceFilter {
  /** Half-open [from, to) on occurredAt. */
  from: string;
  to: string;
  /** Any of these actions; absent means all. */
  actions?: readonly GovernanceAction[];
  environmentId?: string;
}
