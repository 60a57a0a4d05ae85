/** The backfill plan (issue 12), kept apart so the sqlite migration list stays readable. */
import type { Migration } from './sqlite.ts';

export const BACKFILL_SQLITE: Migration = {
  version: 12,
  name: 'backfill slices',
  sql: `
-- One row per day-sized slice of event time to read from the Graph audit log query API. Done is
-- its done_blobs mark ('graph:slice:' || slice_from), committed with its events.
CREATE TABLE backfill_slices (
  slice_from TEXT PRIMARY KEY,
  slice_to TEXT NOT NULL,
  reason TEXT NOT NULL,
  planned_at TEXT NOT NULL,
  attempts INTEGER NOT NULL DEFAULT 0,
  last_error TEXT,
  records INTEGER NOT NULL DEFAULT 0,
  events INTEGER NOT NULL DEFAULT 0,
  done_at TEXT
) WITHOUT ROWID;
`,
};
