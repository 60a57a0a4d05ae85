/**
 * PostgreSQL schema, one entry per version; never edit a released entry, append a new one.
 * Like the SQLite schema, times we filter or sort on are integer milliseconds (`*_ms`, computed by
 * the same toMillis in JS, so both stores read every timestamp alike); `occurred_at` keeps the
 * text as normalized so events read back unchanged.
 */
import type { PostgresMigration } from '../postgres/migrate.ts';
import { FLOW_IDENTITY_POSTGRES } from './postgres-flow-identity.ts';
import { CONNECTIONS_POSTGRES } from './postgres-connections.ts';
import { TRIAGE_POSTGRES } from './postgres-triage.ts';
import { BACKFILL_POSTGRES } from './postgres-backfill.ts';

export const POSTGRES_MIGRATIONS: readonly PostgresMigration[] = [
  {
    version: 1,
    name: 'events, inventory, sync state, bot state',
    sql: `
      CREATE TABLE flow_events (
        -- Arrival order: breaks ties between events of the same instant, newest stored first.
        seq bigserial NOT NULL,
        id text PRIMARY KEY,
        operation text NOT NULL,
        occurred_at text NOT NULL,
        occurred_ms bigint NOT NULL,
        actor_upn text,
        result_status text,
        environment_id text,
        flow_id text,
        flow_name text,
        details_url text,
        connectors text[] NOT NULL,
        -- Distinct trimmed lower-case connector names, and the name as first written for each.
        connector_keys text[] NOT NULL,
        connector_names text[] NOT NULL,
        sharing_permission double precision,
        recipient_upn text,
        license_name text,
        initiated_by text,
        tenant_id text,
        client_ip text,
        raw text NOT NULL,
        ingested_ms bigint NOT NULL
      );
      CREATE INDEX flow_events_by_time ON flow_events (occurred_ms, seq);
      CREATE INDEX flow_events_by_operation ON flow_events (operation, occurred_ms);
      CREATE INDEX flow_events_by_actor ON flow_events (actor_upn, occurred_ms);
      CREATE INDEX flow_events_by_environment ON flow_events (environment_id, occurred_ms);
      CREATE INDEX flow_events_by_flow ON flow_events (flow_id, occurred_ms);
      CREATE INDEX flow_events_by_ingested ON flow_events (ingested_ms, occurred_ms);
      CREATE INDEX flow_events_by_connector ON flow_events USING gin (connector_keys);

      -- The inventory; "seen" holds which event each field came from (src/store/inventory.ts).
      CREATE TABLE flows (
        flow_id text PRIMARY KEY,
        environment_id text,
        flow_name text,
        creator_upn text,
        created_at text,
        connectors text[] NOT NULL,
        last_operation text NOT NULL,
        last_event_at text NOT NULL,
        deleted boolean NOT NULL,
        details_url text,
        seen text NOT NULL
      );

      CREATE TABLE done_blobs (
        content_id text PRIMARY KEY,
        content_created text NOT NULL,
        done_ms bigint NOT NULL
      );

      CREATE TABLE sync_cursors (
        source text PRIMARY KEY,
        value text NOT NULL
      );

      CREATE TABLE sync_coverage (
        source text NOT NULL,
        from_ms bigint NOT NULL,
        to_ms bigint NOT NULL,
        PRIMARY KEY (source, from_ms)
      );

      CREATE TABLE sync_gaps (
        source text NOT NULL,
        -- contentId, or "from/to" for a gap that is a range: a gap is recorded once.
        gap_key text NOT NULL,
        content_id text,
        from_ms bigint NOT NULL,
        to_ms bigint NOT NULL,
        reason text NOT NULL,
        recorded_at text NOT NULL,
        PRIMARY KEY (source, gap_key)
      );

      CREATE TABLE sync_reports (
        id bigserial PRIMARY KEY,
        source text NOT NULL,
        started_at text NOT NULL,
        finished_at text NOT NULL,
        ok boolean NOT NULL,
        details text NOT NULL
      );

      CREATE TABLE subscriptions (
        conversation_id text PRIMARY KEY,
        tenant_id text NOT NULL,
        team_id text,
        team_name text,
        channel_name text,
        service_url text NOT NULL,
        reference text NOT NULL,
        digest_time text NOT NULL,
        time_zone text NOT NULL,
        days text NOT NULL,
        enabled boolean NOT NULL,
        created_at text NOT NULL,
        updated_at text NOT NULL
      );
      CREATE INDEX subscriptions_team ON subscriptions (team_id);

      CREATE TABLE digest_runs (
        conversation_id text NOT NULL,
        period_key text NOT NULL,
        from_at text NOT NULL,
        to_at text NOT NULL,
        state text NOT NULL,
        claimed_by text NOT NULL,
        claimed_at text NOT NULL,
        claimed_ts timestamptz NOT NULL,
        sent_at text,
        sent_ts timestamptz,
        activity_id text,
        late boolean NOT NULL,
        attempts integer NOT NULL,
        last_error text,
        PRIMARY KEY (conversation_id, period_key)
      );

      CREATE TABLE leases (
        name text PRIMARY KEY,
        holder text NOT NULL,
        expires_ts timestamptz NOT NULL
      );
    `,
  },
  {
    version: 2,
    name: 'connector rows and hourly counts; covering indexes for questions',
    sql: `
      -- One row per (event, distinct connector), like SQLite's event_connectors: ordered by
      -- (connector, time, event), a connector-filtered list reads newest first and stops after
      -- one page, and a count by operation never touches flow_events. Replaces the GIN index,
      -- which can find an event by connector but not in time order (a sort of every match).
      CREATE TABLE event_connectors (
        connector_key text NOT NULL,
        occurred_ms bigint NOT NULL,
        event_seq bigint NOT NULL,
        operation text NOT NULL,
        connector_name text NOT NULL,
        PRIMARY KEY (connector_key, occurred_ms, event_seq) INCLUDE (operation)
      );
      INSERT INTO event_connectors (connector_key, occurred_ms, event_seq, operation, connector_name)
        SELECT c.k, e.occurred_ms, e.seq, e.operation, c.name FROM flow_events e, unnest(e.connector_keys, e.connector_names) AS c(k, name);
      DROP INDEX flow_events_by_connector;
      -- Connector rows and lists join events by arrival order.
      CREATE UNIQUE INDEX flow_events_by_seq ON flow_events (seq);

      -- Events per hour (floor of occurred_ms) and operation, and per hour, operation and
      -- connector, kept in step by ingest in the same statement: every answer counts its events
      -- per operation, so a month costs ~720 x operations rows instead of every event.
      CREATE TABLE operation_hourly_counts (
        hour_ms bigint NOT NULL,
        operation text NOT NULL,
        count bigint NOT NULL,
        PRIMARY KEY (hour_ms, operation)
      );
      INSERT INTO operation_hourly_counts (hour_ms, operation, count)
        SELECT occurred_ms - mod(mod(occurred_ms, 3600000) + 3600000, 3600000), operation, count(*) FROM flow_events GROUP BY 1, 2;
      CREATE TABLE connector_hourly_counts (
        hour_ms bigint NOT NULL,
        operation text NOT NULL,
        connector_key text NOT NULL,
        -- The smallest spelling seen (byte order), as the answers show it.
        connector_name text NOT NULL,
        count bigint NOT NULL,
        PRIMARY KEY (hour_ms, operation, connector_key)
      );
      -- "… using HTTP this week" reads one connector's hours.
      CREATE INDEX connector_hourly_counts_by_connector ON connector_hourly_counts (connector_key, hour_ms) INCLUDE (operation, count);
      INSERT INTO connector_hourly_counts (hour_ms, operation, connector_key, connector_name, count)
        SELECT occurred_ms - mod(mod(occurred_ms, 3600000) + 3600000, 3600000), operation, connector_key, min(connector_name COLLATE "C"), count(*)
        FROM event_connectors GROUP BY 1, 2, 3;

      -- Covering indexes: "who shared flows this month" groups the month's PutPermissions entries
      -- by maker, and then counts each maker's flows, from the index alone (no heap pages).
      DROP INDEX flow_events_by_operation;
      CREATE INDEX flow_events_by_operation ON flow_events (operation, occurred_ms, seq) INCLUDE (actor_upn);
      DROP INDEX flow_events_by_actor;
      CREATE INDEX flow_events_by_actor ON flow_events (actor_upn, occurred_ms, seq) INCLUDE (operation, flow_id);
      -- Questions ask mostly about the newest rows. By default autovacuum visits an insert-only
      -- table after it grew by 20%: until then the newest rows are not marked all-visible (an
      -- index-only scan reads their heap pages too) and statistics do not know the new weeks.
      ALTER TABLE flow_events SET (autovacuum_vacuum_insert_scale_factor = 0.01, autovacuum_analyze_scale_factor = 0.02);
      ALTER TABLE event_connectors SET (autovacuum_vacuum_insert_scale_factor = 0.01, autovacuum_analyze_scale_factor = 0.02);
      ANALYZE flow_events;
      ANALYZE event_connectors;
    `,
  },
  {
    version: 3,
    name: 'blobs that ran out of retries, retried by later runs',
    sql: `
      -- A blob that kept failing in a run waits here for the next runs; done_blobs says when it
      -- is stored (or recorded as a gap), so a row whose blob is done is no longer pending.
      CREATE TABLE sync_failed_blobs (
        content_id text PRIMARY KEY,
        source text NOT NULL,
        content_uri text NOT NULL,
        content_created_ms bigint NOT NULL,
        attempts integer NOT NULL,
        last_error text NOT NULL,
        first_failed_at text NOT NULL,
        last_failed_at text NOT NULL
      );
      CREATE INDEX sync_failed_blobs_by_source ON sync_failed_blobs (source, content_created_ms);
    `,
  },
  FLOW_IDENTITY_POSTGRES,
  {
    version: 5,
    name: 'alert rules, muted flows, alerted (rule, event) pairs, cursors and posts per channel',
    sql: `
      CREATE TABLE alert_rules (
        conversation_id text NOT NULL,
        rule_key text NOT NULL,
        kind text NOT NULL,
        value text NOT NULL,
        created_by text,
        created_at text NOT NULL,
        PRIMARY KEY (conversation_id, rule_key)
      );
      CREATE TABLE alert_mutes (
        conversation_id text NOT NULL,
        flow_id text NOT NULL,
        muted_at text NOT NULL,
        PRIMARY KEY (conversation_id, flow_id)
      );
      -- One row per (channel, rule, event) ever alerted: the claim that makes each alert go out once.
      CREATE TABLE alert_matches (
        conversation_id text NOT NULL,
        rule_key text NOT NULL,
        event_id text NOT NULL,
        claimed_by text NOT NULL,
        claimed_at text NOT NULL,
        PRIMARY KEY (conversation_id, rule_key, event_id)
      );
      CREATE TABLE alert_channels (
        conversation_id text PRIMARY KEY,
        cursor text NOT NULL
      );
      CREATE TABLE alert_posts (
        conversation_id text NOT NULL,
        posted_at text NOT NULL,
        matches integer NOT NULL
      );
      CREATE INDEX alert_posts_by_channel ON alert_posts (conversation_id, posted_at);
    `,
  },
  {
    version: 6,
    name: 'coverage doctor incidents',
    sql: `
      CREATE TABLE doctor_incidents (
        kind text PRIMARY KEY,
        state text NOT NULL,
        detail text NOT NULL,
        opened_at text NOT NULL,
        closed_at text
      );
    `,
  },
  CONNECTIONS_POSTGRES,
  TRIAGE_POSTGRES,
  BACKFILL_POSTGRES,
];
