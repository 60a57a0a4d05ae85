/**
 * PostgreSQL schema, one entry per version; never edit a released entry, append a new one.
 * Like the SQLite schema, times we filter or sort on are integer milliseconds (`*_ms`, computed by
 * the same toMillis in JS, so both stores read every timestamp alike); `occurred_at` keeps the
 * text as normalized so events read back unchanged.
 */
import type { PostgresMigration } from '../postgresMigrate.ts';

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
];
