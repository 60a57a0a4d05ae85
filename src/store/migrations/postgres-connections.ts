/** Connection and Power Platform admin events (issue 12), kept apart like the flow identity tables. */
import type { PostgresMigration } from '../postgres/migrate.ts';

export const CONNECTIONS_POSTGRES: PostgresMigration = {
  version: 8,
  name: 'governance events: connections, data policies, environments and other Power Platform admin activity',
  sql: `
    CREATE TABLE governance_events (
      id text PRIMARY KEY,
      kind text NOT NULL,
      action text NOT NULL,
      operation text NOT NULL,
      detail_operation text,
      occurred_at text NOT NULL,
      occurred_ms bigint NOT NULL,
      actor_upn text,
      result_status text,
      environment_id text,
      resource_id text,
      resource_name text,
      tenant_id text,
      client_ip text,
      properties text NOT NULL,
      raw text NOT NULL,
      ingested_at text NOT NULL
    );
    CREATE INDEX governance_events_by_action ON governance_events (action, occurred_ms);
    CREATE INDEX governance_events_by_time ON governance_events (occurred_ms);
  `,
};
