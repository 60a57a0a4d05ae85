/** AlertStore in SQLite (tables from migration 6). Claims run under SQLite's write lock. */
import type { AlertMatchKey, AlertStore } from '../alert-store.ts';
import { rowToRule, ruleValues, type AlertRuleRow } from '../alert-rows.ts';
import type { AlertRule } from '../../model/alert-rule.ts';
import { chunks, type StatementCache } from './statements.ts';

export class SqliteAlerts implements AlertStore {
  constructor(private readonly statements: StatementCache) {}

  async putRule(rule: AlertRule): Promise<boolean> {
    const sql = `INSERT INTO alert_rules (conversation_id, rule_key, kind, value, created_by, created_at)
      VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (conversation_id, rule_key) DO NOTHING`;
    return this.statements.get(sql).run(...ruleValues(rule)).changes > 0;
  }

  async applyDefaultRule(rule: AlertRule): Promise<boolean> {
    const mark = this.statements.get(
      `INSERT INTO alert_default_rules (conversation_id, rule_key, applied_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING`,
    );
    const put = this.statements.get(
      `INSERT INTO alert_rules (conversation_id, rule_key, kind, value, created_by, created_at)
      VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (conversation_id, rule_key) DO NOTHING`,
    );
    return this.statements.db.transaction(() => {
      if (mark.run(rule.conversationId, rule.key, rule.createdAt).changes === 0) return false;
      put.run(...ruleValues(rule));
      return true;
    })();
  }

  async removeRules(conversationId: string): Promise<number> {
    return this.statements.get('DELETE FROM alert_rules WHERE conversation_id = ?').run(conversationId).changes;
  }

  async listRules(conversationId?: string): Promise<AlertRule[]> {
    const rows = (
      conversationId === undefined
        ? this.statements.get('SELECT * FROM alert_rules ORDER BY created_at, conversation_id, rule_key').all()
        : this.statements
            .get('SELECT * FROM alert_rules WHERE conversation_id = ? ORDER BY created_at, rule_key')
            .all(conversationId)
    ) as AlertRuleRow[];
    return rows.map(rowToRule);
  }

  async muteFlow(conversationId: string, flowId: string, at: string): Promise<void> {
    this.statements
      .get('INSERT INTO alert_mutes (conversation_id, flow_id, muted_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING')
      .run(conversationId, flowId.toLowerCase(), at);
  }

  async listMutedFlows(conversationId: string): Promise<string[]> {
    const rows = this.statements
      .get('SELECT flow_id FROM alert_mutes WHERE conversation_id = ? ORDER BY flow_id')
      .all(conversationId) as Array<{ flow_id: string }>;
    return rows.map((r) => r.flow_id);
  }

  async claimMatches(
    conversationId: string,
    matches: AlertMatchKey[],
    holder: string,
    at: string,
  ): Promise<AlertMatchKey[]> {
    const claimed: AlertMatchKey[] = [];
    const insert = this.statements.get(
      `INSERT INTO alert_matches (conversation_id, rule_key, event_id, claimed_by, claimed_at) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT DO NOTHING`,
    );
    for (const chunk of chunks(matches))
      this.statements.db.transaction(() => {
        for (const m of chunk)
          if (insert.run(conversationId, m.ruleKey, m.eventId, holder, at).changes > 0) claimed.push(m);
      })();
    return claimed;
  }

  async releaseMatches(conversationId: string, matches: AlertMatchKey[], holder: string): Promise<void> {
    const remove = this.statements.get(
      'DELETE FROM alert_matches WHERE conversation_id = ? AND rule_key = ? AND event_id = ? AND claimed_by = ?',
    );
    for (const chunk of chunks(matches))
      this.statements.db.transaction(() => {
        for (const m of chunk) remove.run(conversationId, m.ruleKey, m.eventId, holder);
      })();
  }

  async getCursor(conversationId: string): Promise<string | null> {
    const row = this.statements
      .get('SELECT cursor FROM alert_channels WHERE conversation_id = ?')
      .get(conversationId) as { cursor: string } | undefined;
    return row?.cursor ?? null;
  }

  async advanceCursor(conversationId: string, ingestedTo: string): Promise<void> {
    this.statements
      .get(
        `INSERT INTO alert_channels (conversation_id, cursor) VALUES (?, ?)
         ON CONFLICT (conversation_id) DO UPDATE SET cursor = excluded.cursor WHERE excluded.cursor > alert_channels.cursor`,
      )
      .run(conversationId, ingestedTo);
  }

  async recordPost(conversationId: string, at: string, matches: number): Promise<void> {
    this.statements
      .get('INSERT INTO alert_posts (conversation_id, posted_at, matches) VALUES (?, ?, ?)')
      .run(conversationId, at, matches);
  }

  async countPostsSince(conversationId: string, since: string): Promise<number> {
    const row = this.statements
      .get('SELECT count(*) AS n FROM alert_posts WHERE conversation_id = ? AND posted_at >= ?')
      .get(conversationId, since) as { n: number };
    return row.n;
  }
}
