/** Tables issue 14's second round adds, kept apart so the sqlite migration list stays readable. */
import type { Migration } from './sqlite.ts';

export const TRIAGE_SQLITE: Migration = {
  version: 11,
  name: 'alert default rules given to each channel',
  sql: `
-- One row per (channel, ALERT_DEFAULT_RULES rule) ever given: "alerts off" removes the rule, this
-- row stays, so a default is never given back to a channel that removed it.
CREATE TABLE alert_default_rules (
  conversation_id TEXT NOT NULL,
  rule_key TEXT NOT NULL,
  applied_at TEXT NOT NULL,
  PRIMARY KEY (conversation_id, rule_key)
) WITHOUT ROWID;
`,
};
