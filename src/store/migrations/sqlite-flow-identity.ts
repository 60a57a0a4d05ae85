/** The flow identity tables (issue 11), kept apart so the sqlite migration list stays readable. */
import type { Migration } from './sqlite.ts';

export const FLOW_IDENTITY_SQLITE: Migration = {
  version: 6,
  name: 'flow identity: environments, flows by both ids, owners, state changes, inventory passes',
  sql: `
-- The flow inventory from the Power Platform admin APIs (issue 11), beside the events' own
-- flows table. Times are ISO text as the APIs give them; *_ms where the sync compares them.
CREATE TABLE inventory_environments (
environment_id TEXT PRIMARY KEY,
display_name TEXT NOT NULL,
display_name_lc TEXT NOT NULL,
type TEXT,
dataverse_url TEXT,
seen_at TEXT NOT NULL,
-- The last time a pass read its flow listing to the end.
listed_at TEXT
);
CREATE TABLE inventory_flows (
flow_id TEXT PRIMARY KEY,
dataverse_id TEXT,
environment_id TEXT NOT NULL,
display_name TEXT NOT NULL,
display_name_lc TEXT NOT NULL,
state TEXT NOT NULL,
suspension_reason TEXT,
created_at TEXT,
modified_at TEXT,
creator_object_id TEXT,
solution_aware INTEGER NOT NULL,
connectors TEXT NOT NULL,
connector_source TEXT,
connectors_as_of TEXT,
deleted INTEGER NOT NULL,
deleted_at TEXT,
last_seen_at TEXT NOT NULL,
last_seen_ms INTEGER NOT NULL
);
CREATE INDEX inventory_flows_by_name ON inventory_flows (display_name_lc, flow_id);
CREATE INDEX inventory_flows_by_dataverse_id ON inventory_flows (dataverse_id);
CREATE INDEX inventory_flows_by_environment ON inventory_flows (environment_id, last_seen_ms);
CREATE INDEX inventory_flows_by_creator ON inventory_flows (creator_object_id);
CREATE TABLE inventory_flow_connectors (
flow_id TEXT NOT NULL REFERENCES inventory_flows (flow_id) ON DELETE CASCADE,
connector_lc TEXT NOT NULL,
PRIMARY KEY (flow_id, connector_lc)
) WITHOUT ROWID;
CREATE INDEX inventory_flow_connectors_by_connector ON inventory_flow_connectors (connector_lc, flow_id);
CREATE TABLE inventory_owners (
object_id TEXT PRIMARY KEY,
upn TEXT,
upn_lc TEXT,
display_name TEXT,
gone INTEGER NOT NULL,
resolved_at TEXT NOT NULL
);
CREATE INDEX inventory_owners_by_upn ON inventory_owners (upn_lc);
CREATE TABLE inventory_state_changes (
seq INTEGER PRIMARY KEY,
flow_id TEXT NOT NULL,
from_state TEXT,
to_state TEXT NOT NULL,
suspension_reason TEXT,
seen_at TEXT NOT NULL,
seen_ms INTEGER NOT NULL
);
CREATE INDEX inventory_state_changes_by_time ON inventory_state_changes (seen_ms);
CREATE TABLE inventory_passes (
pass_id TEXT PRIMARY KEY,
started_ms INTEGER NOT NULL,
progress TEXT NOT NULL
);
`,
};
