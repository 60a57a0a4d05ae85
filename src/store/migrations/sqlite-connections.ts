/** Connection and Power Platform admin events (issue 12), kept apart like the flow identity tables. */
import type { Migration } from './sqlite.ts';

export const CONNECTIONS_SQLITE: Migration = {
  version: 10,
  name: 'governance events: connections, data policies, environments and other Power Platform admin activity',
  sql: `
CREATE TABLE governance_events (
id TEXT PRIMARY KEY,
kind TEXT NOT NULL,
action TEXT NOT NULL,
operation TEXT NOT NULL,
detail_operation TEXT,
occurred_at TEXT NOT NULL,
occurred_ms INTEGER NOT NULL,
actor_upn TEXT,
result_status TEXT,
environment_id TEXT,
resource_id TEXT,
resource_name TEXT,
tenant_id TEXT,
client_ip TEXT,
properties TEXT NOT NULL,
raw TEXT NOT NULL,
ingested_at TEXT NOT NULL
);
CREATE INDEX governance_events_by_action ON governance_events (action, occurred_ms);
CREATE INDEX governance_events_by_time ON governance_events (occurred_ms);
`,
};
