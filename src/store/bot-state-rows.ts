/**
 * Rows of the bot-state tables (subscriptions, digest_runs) as both stores read and write them:
 * the same snake_case columns, except that a flag is a boolean in PostgreSQL and 0 or 1 in SQLite.
 */
import type { ChannelSubscription, DigestDaysSetting, DigestRun, DigestRunState } from './bot-state-store.ts';

/** A flag column: PostgreSQL boolean or SQLite integer. */
type Flag = boolean | number;

export interface SubscriptionRow {
  conversation_id: string;
  tenant_id: string;
  team_id: string | null;
  team_name: string | null;
  channel_name: string | null;
  service_url: string;
  reference: string;
  digest_time: string;
  time_zone: string;
  days: string;
  enabled: Flag;
  created_at: string;
  updated_at: string;
}

export interface DigestRunRow {
  conversation_id: string;
  period_key: string;
  from_at: string;
  to_at: string;
  state: string;
  claimed_by: string;
  claimed_at: string;
  sent_at: string | null;
  activity_id: string | null;
  late: Flag;
  attempts: number;
  last_error: string | null;
}

export const RUN_COLUMNS =
  'conversation_id, period_key, from_at, to_at, state, claimed_by, claimed_at, sent_at, activity_id, late, attempts, last_error';

/** Kept short in the table; the full error is in the logs. */
export const MAX_ERROR_LENGTH = 2000;

const isSet = (flag: Flag) => flag === true || flag === 1;

export function rowToSubscription(row: SubscriptionRow): ChannelSubscription {
  return {
    conversationId: row.conversation_id,
    tenantId: row.tenant_id,
    teamId: row.team_id,
    teamName: row.team_name,
    channelName: row.channel_name,
    serviceUrl: row.service_url,
    reference: JSON.parse(row.reference) as Record<string, unknown>,
    digestTime: row.digest_time,
    timeZone: row.time_zone,
    days: row.days as DigestDaysSetting,
    enabled: isSet(row.enabled),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/**
 * The values of an upsert, in the column order of both stores' INSERT (conversation_id, tenant_id,
 * team_id, team_name, channel_name, service_url, reference, digest_time, time_zone, days, enabled,
 * created_at, updated_at); `flag` writes `enabled` in the store's own type.
 */
export function subscriptionValues(s: ChannelSubscription, flag: (value: boolean) => Flag): unknown[] {
  return [
    s.conversationId,
    s.tenantId,
    s.teamId,
    s.teamName,
    s.channelName,
    s.serviceUrl,
    JSON.stringify(s.reference),
    s.digestTime,
    s.timeZone,
    s.days,
    flag(s.enabled),
    s.createdAt,
    s.updatedAt,
  ];
}

export function rowToDigestRun(row: DigestRunRow): DigestRun {
  return {
    conversationId: row.conversation_id,
    periodKey: row.period_key,
    from: row.from_at,
    to: row.to_at,
    state: row.state as DigestRunState,
    claimedBy: row.claimed_by,
    claimedAt: row.claimed_at,
    sentAt: row.sent_at,
    activityId: row.activity_id,
    late: isSet(row.late),
    attempts: row.attempts,
    lastError: row.last_error,
  };
}
