/**
 * AlertStore in PostgreSQL. A claim is one INSERT … ON CONFLICT DO NOTHING RETURNING over the
 * batch (unnest): a replica that inserts a pair second gets no row back for it.
 */
import type { AlertMatchKey, AlertStore } from '../alert-store.ts';
import { rowToRule, ruleValues, type AlertRuleRow } from '../alert-rows.ts';
import type { AlertRule } from '../../model/alert-rule.ts';
import type { PgRunner } from './pg-runner.ts';

export class PostgresAlerts implements AlertStore {
  constructor(private readonly db: PgRunner) {}

  async putRule(rule: AlertRule): Promise<boolean> {
    const result = await this.db.run((pool) =>
      pool.query(
        `INSERT INTO alert_rules (conversation_id, rule_key, kind, value, created_by, created_at)
         VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (conversation_id, rule_key) DO NOTHING`,
        ruleValues(rule),
      ),
    );
    return (result.rowCount ?? 0) > 0;
  }

  /** One statement: the rule is inserted only from the row the gift's insert returned. */
  async applyDefaultRule(rule: AlertRule): Promise<boolean> {
    const result = await this.db.run((pool) =>
      pool.query<{ given: number }>(
        `WITH given AS (
           INSERT INTO alert_default_rules (conversation_id, rule_key, applied_at) VALUES ($1, $2, $6)
           ON CONFLICT DO NOTHING RETURNING 1
         ), added AS (
           INSERT INTO alert_rules (conversation_id, rule_key, kind, value, created_by, created_at)
           SELECT $1, $2, $3, $4, $5, $6 FROM given ON CONFLICT (conversation_id, rule_key) DO NOTHING
         )
         SELECT count(*)::int AS given FROM given`,
        ruleValues(rule),
      ),
    );
    return result.rows[0].given > 0;
  }

  async removeRules(conversationId: string): Promise<number> {
    const result = await this.db.run((pool) =>
      pool.query('DELETE FROM alert_rules WHERE conversation_id = $1', [conversationId]),
    );
    return result.rowCount ?? 0;
  }

  async listRules(conversationId?: string): Promise<AlertRule[]> {
    const { rows } = await this.db.run((pool) =>
      conversationId === undefined
        ? pool.query<AlertRuleRow>('SELECT * FROM alert_rules ORDER BY created_at, conversation_id, rule_key')
        : pool.query<AlertRuleRow>(
            'SELECT * FROM alert_rules WHERE conversation_id = $1 ORDER BY created_at, rule_key',
            [conversationId],
          ),
    );
    return rows.map(rowToRule);
  }

  async muteFlow(conversationId: string, flowId: string, at: string): Promise<void> {
    await this.db.run((pool) =>
      pool.query(
        'INSERT INTO alert_mutes (conversation_id, flow_id, muted_at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING',
        [conversationId, flowId.toLowerCase(), at],
      ),
    );
  }

  async listMutedFlows(conversationId: string): Promise<string[]> {
    const { rows } = await this.db.run((pool) =>
      pool.query<{ flow_id: string }>('SELECT flow_id FROM alert_mutes WHERE conversation_id = $1 ORDER BY flow_id', [
        conversationId,
      ]),
    );
    return rows.map((r) => r.flow_id);
  }

  async claimMatches(
    conversationId: string,
    matches: AlertMatchKey[],
    holder: string,
    at: string,
  ): Promise<AlertMatchKey[]> {
    if (matches.length === 0) return [];
    const { rows } = await this.db.run((pool) =>
      pool.query<{ rule_key: string; event_id: string }>(
        `INSERT INTO alert_matches (conversation_id, rule_key, event_id, claimed_by, claimed_at)
         SELECT $1, m.rule_key, m.event_id, $4, $5 FROM unnest($2::text[], $3::text[]) AS m(rule_key, event_id)
         ON CONFLICT DO NOTHING RETURNING rule_key, event_id`,
        [conversationId, matches.map((m) => m.ruleKey), matches.map((m) => m.eventId), holder, at],
      ),
    );
    const won = new Set(rows.map((r) => `${r.rule_key}\n${r.event_id}`));
    return matches.filter((m) => won.has(`${m.ruleKey}\n${m.eventId}`));
  }

  async releaseMatches(conversationId: string, matches: AlertMatchKey[], holder: string): Promise<void> {
    if (matches.length === 0) return;
    await this.db.run((pool) =>
      pool.query(
        `DELETE FROM alert_matches USING unnest($2::text[], $3::text[]) AS m(rule_key, event_id)
         WHERE alert_matches.conversation_id = $1 AND alert_matches.rule_key = m.rule_key
           AND alert_matches.event_id = m.event_id AND alert_matches.claimed_by = $4`,
        [conversationId, matches.map((m) => m.ruleKey), matches.map((m) => m.eventId), holder],
      ),
    );
  }

  async getCursor(conversationId: string): Promise<string | null> {
    const { rows } = await this.db.run((pool) =>
      pool.query<{ cursor: string }>('SELECT cursor FROM alert_channels WHERE conversation_id = $1', [conversationId]),
    );
    return rows[0]?.cursor ?? null;
  }

  async advanceCursor(conversationId: string, ingestedTo: string): Promise<void> {
    await this.db.run((pool) =>
      pool.query(
        `INSERT INTO alert_channels (conversation_id, cursor) VALUES ($1, $2)
         ON CONFLICT (conversation_id) DO UPDATE SET cursor = excluded.cursor WHERE excluded.cursor > alert_channels.cursor`,
        [conversationId, ingestedTo],
      ),
    );
  }

  async recordPost(conversationId: string, at: string, matches: number): Promise<void> {
    await this.db.run((pool) =>
      pool.query('INSERT INTO alert_posts (conversation_id, posted_at, matches) VALUES ($1, $2, $3)', [
        conversationId,
        at,
        matches,
      ]),
    );
  }

  async countPostsSince(conversationId: string, since: string): Promise<number> {
    const { rows } = await this.db.run((pool) =>
      pool.query<{ n: string }>(
        'SELECT count(*) AS n FROM alert_posts WHERE conversation_id = $1 AND posted_at >= $2',
        [conversationId, since],
      ),
    );
    return Number(rows[0].n);
  }
}
