/**
 * PostgreSQL schema, one entry per version; never edit an applied entry, add a new one.
 * Times the caller gave as strings are kept as given (`*_at text`) and, where we filter or sort on
 * them, also as timestamptz (`*_ts`), so answers return exactly what was stored while comparisons
 * stay correct whatever the fractional-second format.
 */
import type { PostgresMigration } from '../postgresMigrate.ts';

export const POSTGRES_MIGRATIONS: readonly PostgresMigration[] = [
  {
    version: 1,
    name: 'events, inventory, sync state, bot state',
    sql: `
      CREATE TABLE flow_events (
        id text PRIMARY KEY,
        operation text NOT NULL,
        occurred_at text NOT NULL,
        occurred_ts timestamptz NOT NULL,
        actor_upn text,
        result_status text,
        environment_id text,
        flow_id text,
        flow_name text,
        details_url text,
        connectors text[] NOT NULL DEFAULT '{}',
        sharing_permission double precision,
        recipient_upn text,
        license_name text,
        initiated_by text,
        tenant_id text,
        client_ip text,
        raw text NOT NULL,
        ingested_at text NOT NULL,
        ingested_ts timestamptz NOT NULL
      );
      CREATE INDEX flow_events_occurred ON flow_events (occurred_ts DESC, id DESC);
      CREATE INDEX flow_events_flow ON flow_events (flow_id, occurred_ts);
      CREATE INDEX flow_events_actor ON flow_events (actor_upn, occurred_ts);
      CREATE INDEX flow_events_ingested ON flow_events (ingested_ts);

      CREATE TABLE flows (
        flow_id text PRIMARY KEY,
        environment_id text,
        flow_name text,
        creator_upn text,
        created_at text,
        connectors text[] NOT NULL DEFAULT '{}',
        last_operation text NOT NULL,
        last_event_at text NOT NULL,
        deleted boolean NOT NULL,
        details_url text
      );

      CREATE TABLE done_blobs (
        content_id text PRIMARY KEY,
        content_created text NOT NULL,
        done_at timestamptz NOT NULL
      );

      CREATE TABLE sync_cursors (
        source text PRIMARY KEY,
        value text NOT NULL
      );

      CREATE TABLE sync_coverage (
        source text NOT NULL,
        from_at text NOT NULL,
        to_at text NOT NULL,
        from_ts timestamptz NOT NULL,
        PRIMARY KEY (source, from_ts)
      );

      CREATE TABLE sync_gaps (
        id bigserial PRIMARY KEY,
        source text NOT NULL,
        content_id text,
        from_at text NOT NULL,
        to_at text NOT NULL,
        reason text NOT NULL,
        recorded_at text NOT NULL,
        recorded_ts timestamptz NOT NULL
      );
      CREATE UNIQUE INDEX sync_gaps_blob ON sync_gaps (source, content_id) WHERE content_id IS NOT NULL;
      CREATE UNIQUE INDEX sync_gaps_range ON sync_gaps (source, from_at, to_at) WHERE content_id IS NULL;

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
