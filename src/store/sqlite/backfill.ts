/** BackfillStore in SQLite (migration 12). */
import { LIST_SLICES_SQL, rowToSlice, type BackfillSliceRow } from '../backfill-rows.ts';
import type { BackfillStore, PlannedSlice } from '../backfill-store.ts';
import type { StatementCache } from './statements.ts';

export class SqliteBackfill implements BackfillStore {
  constructor(private readonly statements: StatementCache) {}

  async planSlices(slices: PlannedSlice[], now: Date) {
    const insert = this.statements.get(
      'INSERT INTO backfill_slices (slice_from, slice_to, reason, planned_at) VALUES (?, ?, ?, ?) ON CONFLICT (slice_from) DO NOTHING',
    );
    let added = 0;
    this.statements.db.transaction(() => {
      for (const s of slices) added += insert.run(s.from, s.to, s.reason, now.toISOString()).changes;
    })();
    return added;
  }

  async listSlices() {
    return (this.statements.get(LIST_SLICES_SQL("'graph:slice:'")).all() as BackfillSliceRow[]).map(rowToSlice);
  }

  async recordSliceDone(from: string, counts: { records: number; events: number }, now: Date) {
    this.statements
      .get('UPDATE backfill_slices SET records = ?, events = ?, done_at = ?, last_error = NULL WHERE slice_from = ?')
      .run(counts.records, counts.events, now.toISOString(), from);
  }

  async recordSliceFailure(from: string, error: string, now: Date) {
    void now;
    this.statements
      .get('UPDATE backfill_slices SET attempts = attempts + 1, last_error = ? WHERE slice_from = ?')
      .run(error, from);
  }
}
