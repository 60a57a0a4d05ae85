import type { AlertRule } from '../model/alert-rule.ts';

/** One (rule, event) pair of a channel: alerted at most once, whichever replica gets there first. */
export interface AlertMatchKey {
  ruleKey: string;
  eventId: string;
}

/**
 * What alerts persist: each channel's rules and muted flows, how far its alerts have looked
 * (by ingest time), which (rule, event) pairs it was alerted on, and its recent posts (the rate
 * limit). Claims are one INSERT … ON CONFLICT DO NOTHING RETURNING, so two replicas evaluating
 * the same events split them and neither alerts twice.
 */
export interface AlertStore {
  /** Adds the rule (true) or leaves the existing one with that key as it is (false). */
  putRule(rule: AlertRule): Promise<boolean>;
  /**
   * Gives the channel a rule of ALERT_DEFAULT_RULES unless it was given that rule before (even if
   * it was removed since): records the gift and adds the rule in one transaction. True for the
   * one call, of any replica, that gave it.
   */
  applyDefaultRule(rule: AlertRule): Promise<boolean>;
  /** Removes every rule of the channel; returns how many. */
  removeRules(conversationId: string): Promise<number>;
  /** The channel's rules, oldest first; every channel's when no id is given. */
  listRules(conversationId?: string): Promise<AlertRule[]>;
  muteFlow(conversationId: string, flowId: string, at: string): Promise<void>;
  listMutedFlows(conversationId: string): Promise<string[]>;
  /** Claims the pairs not claimed before; returns those this call claimed. */
  claimMatches(conversationId: string, matches: AlertMatchKey[], holder: string, at: string): Promise<AlertMatchKey[]>;
  /** Gives back pairs `holder` claimed but could not post (the post failed): a later run claims them again. */
  releaseMatches(conversationId: string, matches: AlertMatchKey[], holder: string): Promise<void>;
  /** The ingest time up to which the channel's alerts have looked; null before the first look. */
  getCursor(conversationId: string): Promise<string | null>;
  /** Moves the cursor forward only (a slower replica cannot move it back). */
  advanceCursor(conversationId: string, ingestedTo: string): Promise<void>;
  recordPost(conversationId: string, at: string, matches: number): Promise<void>;
  /** Posts in the channel at or after `since`. */
  countPostsSince(conversationId: string, since: string): Promise<number>;
}
