/**
 * BotStateStore in SQLite: digest subscriptions and digest runs (tables from migration 2). A claim
 * is one INSERT … ON CONFLICT DO UPDATE … WHERE … RETURNING statement: SQLite runs it under the
 * write lock, so two processes sharing the file cannot both win.
 */
import type { BotStateStore, ChannelSubscription, ClaimRequest, DigestRun } from '../bot-state-store.ts';
import {
  MAX_ERROR_LENGTH,
  RUN_COLUMNS,
  rowToDigestRun,
  rowToSubscription,
  subscriptionValues,
  type DigestRunRow,
  type SubscriptionRow,
} from '../bot-state-rows.ts';
import type { StatementCache } from './statements.ts';
import { toIso, toMillis } from '../time-ranges.ts';

export class SqliteBotState implements BotStateStore {
  constructor(private readonly statements: StatementCache) {}

  async upsertSubscription(s: ChannelSubscription): Promise<void> {
    // created_at stays the first subscription's; everything else is the latest word.
    this.statements
      .get(
        `INSERT INTO subscriptions (conversation_id, tenant_id, team_id, team_name, channel_name, service_url, reference,
           digest_time, time_zone, days, enabled, created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (conversation_id) DO UPDATE SET tenant_id = excluded.tenant_id, team_id = excluded.team_id,
           team_name = excluded.team_name, channel_name = excluded.channel_name, service_url = excluded.service_url,
           reference = excluded.reference, digest_time = excluded.digest_time, time_zone = excluded.time_zone,
           days = excluded.days, enabled = excluded.enabled, updated_at = excluded.updated_at`,
      )
      .run(...subscriptionValues(s, (enabled) => (enabled ? 1 : 0)));
  }

  async getSubscription(conversationId: string): Promise<ChannelSubscription | null> {
    const row = this.statements.get('SELECT * FROM subscriptions WHERE conversation_id = ?').get(conversationId) as
      SubscriptionRow | undefined;
    return row ? rowToSubscription(row) : null;
  }

  async listSubscriptions(): Promise<ChannelSubscription[]> {
    const rows = this.statements
      .get('SELECT * FROM subscriptions ORDER BY created_at, conversation_id')
      .all() as SubscriptionRow[];
    return rows.map(rowToSubscription);
  }

  async removeSubscription(conversationId: string): Promise<boolean> {
    return this.statements.get('DELETE FROM subscriptions WHERE conversation_id = ?').run(conversationId).changes > 0;
  }

  async removeTeamSubscriptions(teamId: string): Promise<number> {
    return this.statements.get('DELETE FROM subscriptions WHERE team_id = ?').run(teamId).changes;
  }

  /**
   * A new run is inserted as claimed. An existing one is taken over only when it failed, when the
   * same holder asks again, or when its claim is older than staleAfterMs (claimed, then crashed
   * before sending). A sent run is never claimed again: that is what sends a digest once.
   */
  async claimDigestRun(r: ClaimRequest): Promise<DigestRun | null> {
    const nowMs = r.now.getTime();
    toMillis(r.from, 'run from');
    toMillis(r.to, 'run to');
    const row = this.statements
      .get(
        `INSERT INTO digest_runs (conversation_id, period_key, from_at, to_at, state, claimed_by, claimed_at, claimed_ms, late, attempts)
         VALUES (?, ?, ?, ?, 'claimed', ?, ?, ?, ?, 1)
         ON CONFLICT (conversation_id, period_key) DO UPDATE SET state = 'claimed', claimed_by = excluded.claimed_by,
           claimed_at = excluded.claimed_at, claimed_ms = excluded.claimed_ms, late = excluded.late,
           attempts = digest_runs.attempts + 1
         WHERE digest_runs.state = 'failed'
           OR (digest_runs.state = 'claimed' AND (digest_runs.claimed_by = excluded.claimed_by OR digest_runs.claimed_ms <= ?))
         RETURNING ${RUN_COLUMNS}`,
      )
      .get(
        r.conversationId,
        r.periodKey,
        r.from,
        r.to,
        r.claimedBy,
        toIso(nowMs),
        nowMs,
        r.late ? 1 : 0,
        nowMs - r.staleAfterMs,
      ) as DigestRunRow | undefined;
    return row ? rowToDigestRun(row) : null;
  }

  async markDigestSent(
    conversationId: string,
    periodKey: string,
    result: { activityId: string | null; sentAt: Date },
  ): Promise<void> {
    this.statements
      .get(
        `UPDATE digest_runs SET state = 'sent', sent_at = ?, sent_ms = ?, activity_id = ?, last_error = NULL WHERE conversation_id = ? AND period_key = ?`,
      )
      .run(toIso(result.sentAt.getTime()), result.sentAt.getTime(), result.activityId, conversationId, periodKey);
  }

  async markDigestFailed(conversationId: string, periodKey: string, error: string): Promise<void> {
    this.statements
      .get(
        `UPDATE digest_runs SET state = 'failed', last_error = ? WHERE conversation_id = ? AND period_key = ? AND state <> 'sent'`,
      )
      .run(error.slice(0, MAX_ERROR_LENGTH), conversationId, periodKey);
  }

  async getDigestRun(conversationId: string, periodKey: string): Promise<DigestRun | null> {
    const row = this.statements
      .get(`SELECT ${RUN_COLUMNS} FROM digest_runs WHERE conversation_id = ? AND period_key = ?`)
      .get(conversationId, periodKey) as DigestRunRow | undefined;
    return row ? rowToDigestRun(row) : null;
  }

  async lastSentDigest(conversationId: string): Promise<DigestRun | null> {
    const row = this.statements
      .get(
        `SELECT ${RUN_COLUMNS} FROM digest_runs WHERE conversation_id = ? AND state = 'sent' ORDER BY sent_ms DESC, period_key DESC LIMIT 1`,
      )
      .get(conversationId) as DigestRunRow | undefined;
    return row ? rowToDigestRun(row) : null;
  }
}
