/**
 * BotStateStore in PostgreSQL: digest subscriptions and digest runs. A claim is a single INSERT …
 * ON CONFLICT DO UPDATE … WHERE statement, so two replicas asking at the same moment cannot both
 * win: the second waits on the row lock and then re-checks the condition.
 */
import type pg from 'pg';
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
import { toMillis } from '../time-ranges.ts';
import type { PgRunner } from './pg-runner.ts';

type Db = pg.Pool | pg.PoolClient;

async function upsertSubscriptionRow(db: Db, s: ChannelSubscription): Promise<void> {
  // created_at stays the first install's; everything else is the latest word.
  await db.query(
    `INSERT INTO subscriptions (conversation_id, tenant_id, team_id, team_name, channel_name, service_url, reference,
       digest_time, time_zone, days, enabled, created_at, updated_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)
     ON CONFLICT (conversation_id) DO UPDATE SET tenant_id = excluded.tenant_id, team_id = excluded.team_id,
       team_name = excluded.team_name, channel_name = excluded.channel_name, service_url = excluded.service_url,
       reference = excluded.reference, digest_time = excluded.digest_time, time_zone = excluded.time_zone,
       days = excluded.days, enabled = excluded.enabled, updated_at = excluded.updated_at`,
    subscriptionValues(s, (enabled) => enabled),
  );
}

async function selectSubscription(db: Db, conversationId: string): Promise<ChannelSubscription | null> {
  const { rows } = await db.query<SubscriptionRow>('SELECT * FROM subscriptions WHERE conversation_id = $1', [
    conversationId,
  ]);
  return rows[0] ? rowToSubscription(rows[0]) : null;
}

async function selectSubscriptions(db: Db): Promise<ChannelSubscription[]> {
  const { rows } = await db.query<SubscriptionRow>('SELECT * FROM subscriptions ORDER BY created_at, conversation_id');
  return rows.map(rowToSubscription);
}

async function deleteSubscription(db: Db, conversationId: string): Promise<boolean> {
  const result = await db.query('DELETE FROM subscriptions WHERE conversation_id = $1', [conversationId]);
  return (result.rowCount ?? 0) > 0;
}

async function deleteTeamSubscriptions(db: Db, teamId: string): Promise<number> {
  const result = await db.query('DELETE FROM subscriptions WHERE team_id = $1', [teamId]);
  return result.rowCount ?? 0;
}

/**
 * A new run is inserted as claimed; an existing one is taken over only when it failed, when the
 * same holder asks again, or when its claim is older than staleAfterMs (claimed, then crashed
 * before sending). A sent run is never claimed again: that is what makes a digest go out once.
 */
async function claimRun(db: Db, r: ClaimRequest): Promise<DigestRun | null> {
  toMillis(r.from, 'run from');
  toMillis(r.to, 'run to');
  const staleBefore = new Date(r.now.getTime() - r.staleAfterMs);
  const { rows } = await db.query<DigestRunRow>(
    `INSERT INTO digest_runs (conversation_id, period_key, from_at, to_at, state, claimed_by, claimed_at, claimed_ts, late, attempts)
     VALUES ($1, $2, $3, $4, 'claimed', $5, $6::text, $6::text::timestamptz, $7, 1)
     ON CONFLICT (conversation_id, period_key) DO UPDATE SET state = 'claimed', claimed_by = excluded.claimed_by,
       claimed_at = excluded.claimed_at, claimed_ts = excluded.claimed_ts, late = excluded.late,
       attempts = digest_runs.attempts + 1
     WHERE digest_runs.state = 'failed'
       OR (digest_runs.state = 'claimed' AND (digest_runs.claimed_by = excluded.claimed_by OR digest_runs.claimed_ts <= $8))
     RETURNING ${RUN_COLUMNS}`,
    [r.conversationId, r.periodKey, r.from, r.to, r.claimedBy, r.now.toISOString(), r.late, staleBefore],
  );
  return rows[0] ? rowToDigestRun(rows[0]) : null;
}

async function markRunSent(
  db: Db,
  conversationId: string,
  periodKey: string,
  result: { activityId: string | null; sentAt: Date },
): Promise<void> {
  await db.query(
    `UPDATE digest_runs SET state = 'sent', sent_at = $3::text, sent_ts = $3::text::timestamptz, activity_id = $4, last_error = NULL
     WHERE conversation_id = $1 AND period_key = $2`,
    [conversationId, periodKey, result.sentAt.toISOString(), result.activityId],
  );
}

async function markRunFailed(db: Db, conversationId: string, periodKey: string, error: string): Promise<void> {
  await db.query(
    `UPDATE digest_runs SET state = 'failed', last_error = $3 WHERE conversation_id = $1 AND period_key = $2 AND state <> 'sent'`,
    [conversationId, periodKey, error.slice(0, MAX_ERROR_LENGTH)],
  );
}

async function selectRun(db: Db, conversationId: string, periodKey: string): Promise<DigestRun | null> {
  const { rows } = await db.query<DigestRunRow>(
    `SELECT ${RUN_COLUMNS} FROM digest_runs WHERE conversation_id = $1 AND period_key = $2`,
    [conversationId, periodKey],
  );
  return rows[0] ? rowToDigestRun(rows[0]) : null;
}

async function selectLastSentRun(db: Db, conversationId: string): Promise<DigestRun | null> {
  const { rows } = await db.query<DigestRunRow>(
    `SELECT ${RUN_COLUMNS} FROM digest_runs WHERE conversation_id = $1 AND state = 'sent' ORDER BY sent_ts DESC, period_key DESC LIMIT 1`,
    [conversationId],
  );
  return rows[0] ? rowToDigestRun(rows[0]) : null;
}

export class PostgresBotState implements BotStateStore {
  constructor(private readonly db: PgRunner) {}

  upsertSubscription(subscription: ChannelSubscription): Promise<void> {
    return this.db.run((pool) => upsertSubscriptionRow(pool, subscription));
  }

  getSubscription(conversationId: string): Promise<ChannelSubscription | null> {
    return this.db.run((pool) => selectSubscription(pool, conversationId));
  }

  listSubscriptions(): Promise<ChannelSubscription[]> {
    return this.db.run((pool) => selectSubscriptions(pool));
  }

  removeSubscription(conversationId: string): Promise<boolean> {
    return this.db.run((pool) => deleteSubscription(pool, conversationId));
  }

  removeTeamSubscriptions(teamId: string): Promise<number> {
    return this.db.run((pool) => deleteTeamSubscriptions(pool, teamId));
  }

  claimDigestRun(request: ClaimRequest): Promise<DigestRun | null> {
    return this.db.run((pool) => claimRun(pool, request));
  }

  markDigestSent(
    conversationId: string,
    periodKey: string,
    result: { activityId: string | null; sentAt: Date },
  ): Promise<void> {
    return this.db.run((pool) => markRunSent(pool, conversationId, periodKey, result));
  }

  markDigestFailed(conversationId: string, periodKey: string, error: string): Promise<void> {
    return this.db.run((pool) => markRunFailed(pool, conversationId, periodKey, error));
  }

  getDigestRun(conversationId: string, periodKey: string): Promise<DigestRun | null> {
    return this.db.run((pool) => selectRun(pool, conversationId, periodKey));
  }

  lastSentDigest(conversationId: string): Promise<DigestRun | null> {
    return this.db.run((pool) => selectLastSentRun(pool, conversationId));
  }
}
