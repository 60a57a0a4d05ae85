/**
 * SQLite schema, as an ordered list of migrations. Each runs once, in its own transaction, and is
 * recorded in `schema_migrations`. Never edit a released migration: append a new one.
 *
 * Times used for filtering and ordering are integer milliseconds since the epoch (`*_ms`): compact,
 * and free of the ISO text pitfall where "…00Z" sorts after "…00.000Z". `occurred_at` keeps the
 * text exactly as normalized so events read back unchanged.
 */
import { FLOW_IDENTITY_SQLITE } from './sqlite-flow-identity.ts';
import { CONNECTIONS_SQLITE } from './sqlite-connections.ts';
import { TRIAGE_SQLITE } from './sqlite-triage.ts';
import { BACKFILL_SQLITE } from './sqlite-backfill.ts';

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

export const SQLITE_MIGRATIONS: Migration[] = [
  {
    version: 1,
    name: 'events, inventory, sync state',
    sql: `
CREATE TABLE events (
  seq INTEGER PRIMARY KEY,
  id TEXT NOT NULL UNIQUE,
  operation TEXT NOT NULL,
  occurred_at TEXT NOT NULL,
  occurred_ms INTEGER NOT NULL,
  actor_upn TEXT,
  result_status TEXT,
  environment_id TEXT,
  flow_id TEXT,
  flow_name TEXT,
  details_url TEXT,
  connectors TEXT NOT NULL,
  sharing_permission INTEGER,
  recipient_upn TEXT,
  license_name TEXT,
  initiated_by TEXT,
  tenant_id TEXT,
  client_ip TEXT,
  raw TEXT NOT NULL,
  ingested_ms INTEGER NOT NULL
);
-- Newest-first paging and time-only counts.
CREATE INDEX events_by_time ON events (occurred_ms);
-- One index per filter/grouping key, leading with the key so a count per key is a range scan,
-- and carrying operation so an operations filter needs no table lookup.
CREATE INDEX events_by_operation ON events (operation, occurred_ms);
CREATE INDEX events_by_actor ON events (actor_upn, occurred_ms, operation);
CREATE INDEX events_by_environment ON events (environment_id, occurred_ms, operation);
CREATE INDEX events_by_flow ON events (flow_id, occurred_ms, operation);
CREATE INDEX events_by_ingested ON events (ingested_ms, occurred_ms);

-- One row per (event, connector), for connector filters and grouping in SQL.
CREATE TABLE event_connectors (
  event_seq INTEGER NOT NULL REFERENCES events (seq) ON DELETE CASCADE,
  connector_lc TEXT NOT NULL,
  connector TEXT NOT NULL,
  occurred_ms INTEGER NOT NULL,
  operation TEXT NOT NULL,
  PRIMARY KEY (event_seq, connector_lc)
) WITHOUT ROWID;
-- Covering: a connector filter or a count per connector never touches the events table.
CREATE INDEX event_connectors_by_connector ON event_connectors (connector_lc, occurred_ms, operation, connector);

-- Events per hour, operation and connector, kept in step by ingest: a week-long count per
-- connector reads ~168 hours x connectors rows instead of every event.
CREATE TABLE connector_hourly_counts (
  hour_ms INTEGER NOT NULL,
  operation TEXT NOT NULL,
  connector_lc TEXT NOT NULL,
  connector TEXT NOT NULL,
  count INTEGER NOT NULL,
  PRIMARY KEY (hour_ms, operation, connector_lc)
) WITHOUT ROWID;

CREATE TABLE flows (
  flow_id TEXT PRIMARY KEY,
  environment_id TEXT,
  flow_name TEXT,
  creator_upn TEXT,
  created_at TEXT,
  connectors TEXT NOT NULL,
  last_operation TEXT NOT NULL,
  last_event_at TEXT NOT NULL,
  deleted INTEGER NOT NULL,
  details_url TEXT,
  seen TEXT NOT NULL
);

CREATE TABLE done_blobs (
  content_id TEXT PRIMARY KEY,
  content_created TEXT NOT NULL,
  done_ms INTEGER NOT NULL
);

CREATE TABLE cursors (
  source TEXT PRIMARY KEY,
  value TEXT NOT NULL
);

CREATE TABLE coverage (
  source TEXT NOT NULL,
  from_ms INTEGER NOT NULL,
  to_ms INTEGER NOT NULL,
  PRIMARY KEY (source, from_ms)
);

CREATE TABLE gaps (
  source TEXT NOT NULL,
  -- contentId, or "from/to" for a gap that is a range: a gap is recorded once.
  gap_key TEXT NOT NULL,
  content_id TEXT,
  from_ms INTEGER NOT NULL,
  to_ms INTEGER NOT NULL,
  reason TEXT NOT NULL,
  recorded_at TEXT NOT NULL,
  PRIMARY KEY (source, gap_key)
);

CREATE TABLE sync_reports (
  id INTEGER PRIMARY KEY,
  source TEXT NOT NULL,
  started_at TEXT NOT NULL,
  finished_at TEXT NOT NULL,
  ok INTEGER NOT NULL,
  details TEXT NOT NULL
);
`,
  },
  {
    version: 2,
    name: 'digest subscriptions, digest runs, leases',
    sql: `
CREATE TABLE subscriptions (
  conversation_id TEXT PRIMARY KEY,
  tenant_id TEXT NOT NULL,
  team_id TEXT,
  team_name TEXT,
  channel_name TEXT,
  service_url TEXT NOT NULL,
  reference TEXT NOT NULL,
  digest_time TEXT NOT NULL,
  time_zone TEXT NOT NULL,
  days TEXT NOT NULL,
  enabled INTEGER NOT NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX subscriptions_by_team ON subscriptions (team_id);

-- One row per (channel, period): the digest is claimed here before it is posted and marked sent after.
CREATE TABLE digest_runs (
  conversation_id TEXT NOT NULL,
  period_key TEXT NOT NULL,
  from_at TEXT NOT NULL,
  to_at TEXT NOT NULL,
  state TEXT NOT NULL,
  claimed_by TEXT NOT NULL,
  claimed_at TEXT NOT NULL,
  claimed_ms INTEGER NOT NULL,
  sent_at TEXT,
  sent_ms INTEGER,
  activity_id TEXT,
  late INTEGER NOT NULL,
  attempts INTEGER NOT NULL,
  last_error TEXT,
  PRIMARY KEY (conversation_id, period_key)
);
CREATE INDEX digest_runs_last_sent ON digest_runs (conversation_id, state, sent_ms);

CREATE TABLE leases (
  name TEXT PRIMARY KEY,
  holder TEXT NOT NULL,
  expires_ms INTEGER NOT NULL
);
`,
  },
  {
    version: 3,
    name: 'connector index ordered by event for newest-first paging',
    sql: `
-- (connector, time, event) order lets a connector-filtered list read newest first and stop
-- after one page; operation and display name keep counts covered.
DROP INDEX event_connectors_by_connector;
CREATE INDEX event_connectors_by_connector ON event_connectors (connector_lc, occurred_ms, event_seq, operation, connector);
`,
  },
  {
    version: 4,
    name: 'events per hour and operation; key indexes ordered by operation',
    sql: `
-- Every answer counts its events per operation, and lists start with a total: per-hour counts
-- make both a few hundred rows whatever the period, like connector_hourly_counts.
CREATE TABLE operation_hourly_counts (
  hour_ms INTEGER NOT NULL,
  operation TEXT NOT NULL,
  count INTEGER NOT NULL,
  PRIMARY KEY (hour_ms, operation)
) WITHOUT ROWID;
INSERT INTO operation_hourly_counts (hour_ms, operation, count)
  SELECT (occurred_ms / 3600000) * 3600000, operation, count(*) FROM events GROUP BY 1, 2;
-- (key, operation, time): "who shared flows this month" counts only the PutPermissions entries
-- of each maker instead of all their events of the month.
DROP INDEX events_by_actor;
CREATE INDEX events_by_actor ON events (actor_upn, operation, occurred_ms);
DROP INDEX events_by_environment;
CREATE INDEX events_by_environment ON events (environment_id, operation, occurred_ms);
`,
  },
  {
    version: 5,
    name: 'blobs that ran out of retries, retried by later runs',
    sql: `
-- A blob that kept failing in a run waits here for the next runs; done_blobs says when it is
-- stored (or recorded as a gap), so a row whose blob is done is no longer pending.
CREATE TABLE failed_blobs (
  content_id TEXT PRIMARY KEY,
  source TEXT NOT NULL,
  content_uri TEXT NOT NULL,
  content_created_ms INTEGER NOT NULL,
  attempts INTEGER NOT NULL,
  last_error TEXT NOT NULL,
  first_failed_at TEXT NOT NULL,
  last_failed_at TEXT NOT NULL
);
CREATE INDEX failed_blobs_by_source ON failed_blobs (source, content_created_ms);
`,
  },
  FLOW_IDENTITY_SQLITE,
  {
    version: 7,
    name: 'alert rules, muted flows, alerted (rule, event) pairs, cursors and posts per channel',
    sql: `
CREATE TABLE alert_rules (
  conversation_id TEXT NOT NULL,
  rule_key TEXT NOT NULL,
  kind TEXT NOT NULL,
  value TEXT NOT NULL,
  created_by TEXT,
  created_at TEXT NOT NULL,
  PRIMARY KEY (conversation_id, rule_key)
);
CREATE TABLE alert_mutes (
  conversation_id TEXT NOT NULL,
  flow_id TEXT NOT NULL,
  muted_at TEXT NOT NULL,
  PRIMARY KEY (conversation_id, flow_id)
);
-- One row per (channel, rule, event) ever alerted: the claim that makes each alert go out once.
CREATE TABLE alert_matches (
  conversation_id TEXT NOT NULL,
  rule_key TEXT NOT NULL,
  event_id TEXT NOT NULL,
  claimed_by TEXT NOT NULL,
  claimed_at TEXT NOT NULL,
  PRIMARY KEY (conversation_id, rule_key, event_id)
) WITHOUT ROWID;
CREATE TABLE alert_channels (
  conversation_id TEXT PRIMARY KEY,
  cursor TEXT NOT NULL
);
CREATE TABLE alert_posts (
  conversation_id TEXT NOT NULL,
  posted_at TEXT NOT NULL,
  matches INTEGER NOT NULL
);
CREATE INDEX alert_posts_by_channel ON alert_posts (conversation_id, posted_at);
`,
  },
  {
    version: 8,
    name: 'coverage doctor incidents',
    sql: `
CREATE TABLE doctor_incidents (
  kind TEXT PRIMARY KEY,
  state TEXT NOT NULL,
  detail TEXT NOT NULL,
  opened_at TEXT NOT NULL,
  closed_at TEXT
);
`,
  },
  CONNECTIONS_SQLITE,
  TRIAGE_SQLITE,
  BACKFILL_SQLITE,
];
