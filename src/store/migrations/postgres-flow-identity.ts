/** The flow identity tables (issue 11), kept apart so the postgres migration list stays readable. */
import type { PostgresMigration } from '../postgres/migrate.ts';

export const FLOW_IDENTITY_POSTGRES: PostgresMigration = {
  version: 4,
  name: 'flow identity: environments, flows by both ids, owners, state changes, inventory passes',
  sql: `
    -- The flow inventory from the Power Platform admin APIs (issue 11), beside the events' own
    -- flows table; the same columns as SQLite's migration 6 so both stores share their SQL.
    CREATE TABLE inventory_environments (
      environment_id text PRIMARY KEY,
      display_name text NOT NULL,
      display_name_lc text NOT NULL,
      type text,
      dataverse_url text,
      seen_at text NOT NULL,
      listed_at text
    );
    CREATE TABLE inventory_flows (
      flow_id text PRIMARY KEY,
      dataverse_id text,
      environment_id text NOT NULL,
      display_name text NOT NULL,
      -- "C": byte order, as SQLite's BINARY, so both stores list flows alike.
      display_name_lc text COLLATE "C" NOT NULL,
      state text NOT NULL,
      suspension_reason text,
      created_at text,
      modified_at text,
      creator_object_id text,
      solution_aware boolean NOT NULL,
      connectors text NOT NULL,
      connector_source text,
      connectors_as_of text,
      deleted boolean NOT NULL,
      deleted_at text,
      last_seen_at text NOT NULL,
      last_seen_ms bigint NOT NULL
    );
    CREATE INDEX inventory_flows_by_name ON inventory_flows (display_name_lc, flow_id);
    CREATE INDEX inventory_flows_by_dataverse_id ON inventory_flows (dataverse_id);
    CREATE INDEX inventory_flows_by_environment ON inventory_flows (environment_id, last_seen_ms);
    CREATE INDEX inventory_flows_by_creator ON inventory_flows (creator_object_id);
    CREATE TABLE inventory_flow_connectors (
      flow_id text NOT NULL REFERENCES inventory_flows (flow_id) ON DELETE CASCADE,
      connector_lc text NOT NULL,
      PRIMARY KEY (flow_id, connector_lc)
    );
    CREATE INDEX inventory_flow_connectors_by_connector ON inventory_flow_connectors (connector_lc, flow_id);
    CREATE TABLE inventory_owners (
      object_id text PRIMARY KEY,
      upn text,
      upn_lc text,
      display_name text,
      gone boolean NOT NULL,
      resolved_at text NOT NULL
    );
    CREATE INDEX inventory_owners_by_upn ON inventory_owners (upn_lc);
    CREATE TABLE inventory_state_changes (
      seq bigserial PRIMARY KEY,
      flow_id text NOT NULL,
      from_state text,
      to_state text NOT NULL,
      suspension_reason text,
      seen_at text NOT NULL,
      seen_ms bigint NOT NULL
    );
    CREATE INDEX inventory_state_changes_by_time ON inventory_state_changes (seen_ms);
    CREATE TABLE inventory_passes (
      pass_id text PRIMARY KEY,
      started_ms bigint NOT NULL,
      progress text NOT NULL
    );
  `,
};
