/** Tables issue 14's second round adds, kept apart so the postgres migration list stays readable. */
import type { PostgresMigration } from '../postgres/migrate.ts';

export const TRIAGE_POSTGRES: PostgresMigration = {
  version: 9,
  name: 'alert default rules given to each channel',
  sql: `
    -- One row per (channel, ALERT_DEFAULT_RULES rule) ever given: "alerts off" removes the rule, this
    -- row stays, so a default is never given back to a channel that removed it.
    CREATE TABLE alert_default_rules (
      conversation_id text NOT NULL,
      rule_key text NOT NULL,
      applied_at text NOT NULL,
      PRIMARY KEY (conversation_id, rule_key)
    );
  `,
};
