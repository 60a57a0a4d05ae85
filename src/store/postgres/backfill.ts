/** BackfillStore in PostgreSQL (migration 10): the same table and rows as SQLite's. */
import { LIST_SLICES_SQL, rowToSlice, type BackfillSliceRow } from '../backfill-rows.ts';
import type { BackfillStore, PlannedSlice } from '../backfill-store.ts';
import type { PgRunner } from './pg-runner.ts';

export class PostgresBackfill implements BackfillStore {
  constructor(private readonly db: PgRunner) {}

  async planSlices(slices: PlannedSlice[], now: Date) {
    if (slices.length === 0) return 0;
    return this.db.transaction(async (client) => {
      let added = 0;
      for (const s of slices) {
        const result = await client.query(
          'INSERT INTO backfill_slices (slice_from, slice_to, reason, planned_at) VALUES ($1, $2, $3, $4) ON CONFLICT (slice_from) DO NOTHING',
          [s.from, s.to, s.reason, now.toISOString()],
        );
        added += result.rowCount ?? 0;
      }
      return added;
    });
  }

  async listSlices() {
    const { rows } = await this.db.run((pool) =>
      pool.query<BackfillSliceRow>(
        `${LIST_SLICES_SQL("'graph:slice:'")}`.replace(
          'ORDER BY s.slice_from DESC',
          'ORDER BY s.slice_from COLLATE "C" DESC',
        ),
      ),
    );
    return rows.map(rowToSlice);
  }

  async recordSliceDone(from: string, counts: { records: number; events: number }, now: Date) {
    await this.db.run((pool) =>
      pool.query(
        'UPDATE backfill_slices SET records = $1, events = $2, done_at = $3, last_error = NULL WHERE slice_from = $4',
        [counts.records, counts.events, now.toISOString(), from],
      ),
    );
  }

  async recordSliceFailure(from: string, error: string, now: Date) {
    void now;
    await this.db.run((pool) =>
      pool.query('UPDATE backfill_slices SET attempts = attempts + 1, last_error = $1 WHERE slice_from = $2', [
        error,
        from,
      ]),
    );
  }
}
