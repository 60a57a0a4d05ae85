/** The backfill plan (issue 12), kept apart so the postgres migration list stays readable. */
import type { PostgresMigration } from '../postgres/migrate.ts';

export const BACKFILL_POSTGRES: PostgresMigration = {
  version: 10,
  name: 'backfill slices',
  sql: `
    -- One row per day-sized slice of event time to read from the Graph audit log query API. Done is
    -- its done_blobs mark ('graph:slice:' || slice_from), committed with its events.
    CREATE TABLE backfill_slices (
      slice_from text PRIMARY KEY,
      slice_to text NOT NULL,
      reason text NOT NULL,
      planned_at text NOT NULL,
      attempts integer NOT NULL DEFAULT 0,
      last_error text,
      records integer NOT NULL DEFAULT 0,
      events integer NOT NULL DEFAULT 0,
      done_at text
    );
  `,
};
