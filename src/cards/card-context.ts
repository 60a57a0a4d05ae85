import type { FlowQuery } from '../queries/query.ts';

/** What a result card needs besides the answer: whose zone, which connectors to flag, how many rows. */
export interface CardContext {
  /** IANA zone for event times (the asker's, or the digest's). */
  timeZone: string;
  /** Connector display names to flag (RISKY_CONNECTORS), compared case-insensitively. */
  riskyConnectors: string[];
  /** Most rows (events, makers or connectors) one card shows; the size limit may cut further. */
  pageSize?: number;
  /** When the answer was computed; shown as "Updated HH:mm:ss" so a refresh is visible. */
  now?: Date;
  /** "Read as: …" when the question was not read exactly as typed (a typo corrected, a default assumed). */
  readAs?: string;
}

/** What a Refresh / Show more button carries back to the bot (teams-platform.md §4.2). */
export interface CardActionData {
  query: FlowQuery;
  offset: number;
}
