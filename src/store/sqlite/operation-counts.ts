/**
 * Events per operation in a time range, for filters of time and operations only: whole hours
 * from operation_hourly_counts, the partial hours at both ends from the (operation, time) index.
 * Every answer needs these counts, so they cost a few hundred rows whatever the period.
 */
import { HOUR_MS } from './ingest.ts';
import { placeholders } from './filter.ts';
import type { StatementCache } from './statements.ts';

/** Counts per operation in [from, to) (ms), limited to `operations` when given. Zero counts left out. */
export function countOperationsInRange(
  statements: StatementCache,
  from: number,
  to: number,
  operations: string[] | null,
): Map<string, number> {
  const totals = new Map<string, number>();
  if (to <= from) return totals;
  const add = (rows: Array<{ k: string; n: number }>) => {
    for (const r of rows) if (r.n > 0) totals.set(r.k, (totals.get(r.k) ?? 0) + r.n);
  };
  const ops = operations
    ? { sql: ` AND h.operation IN (${placeholders(operations.length)})`, params: operations }
    : { sql: '', params: [] };
  // Candidates are the operations the rollup has for the hours touched; each is counted by an index range.
  const countRows = (a: number, b: number) => {
    if (b <= a) return;
    add(
      statements
        .get(
          `SELECT h.operation AS k, (SELECT count(*) FROM events x INDEXED BY events_by_operation
             WHERE x.operation = h.operation AND x.occurred_ms >= ? AND x.occurred_ms < ?) AS n
           FROM operation_hourly_counts h WHERE h.hour_ms >= ? AND h.hour_ms < ?${ops.sql} GROUP BY h.operation`,
        )
        .all(a, b, Math.floor(a / HOUR_MS) * HOUR_MS, Math.ceil(b / HOUR_MS) * HOUR_MS, ...ops.params) as Array<{
        k: string;
        n: number;
      }>,
    );
  };
  const firstFullHour = Math.ceil(from / HOUR_MS) * HOUR_MS;
  const lastFullHour = Math.floor(to / HOUR_MS) * HOUR_MS;
  if (firstFullHour >= lastFullHour) {
    countRows(from, to);
    return totals;
  }
  countRows(from, firstFullHour);
  add(
    statements
      .get(
        `SELECT h.operation AS k, sum(h.count) AS n FROM operation_hourly_counts h WHERE h.hour_ms >= ? AND h.hour_ms < ?${ops.sql} GROUP BY h.operation`,
      )
      .all(firstFullHour, lastFullHour, ...ops.params) as Array<{ k: string; n: number }>,
  );
  countRows(lastFullHour, to);
  return totals;
}

/** The operations stored at all (one index seek each). */
export function storedOperations(statements: StatementCache): string[] {
  return statements
    .get(
      `WITH RECURSIVE keys(v) AS (
         SELECT (SELECT min(operation) FROM events INDEXED BY events_by_operation)
         UNION ALL
         SELECT (SELECT min(operation) FROM events INDEXED BY events_by_operation WHERE operation > keys.v) FROM keys WHERE keys.v IS NOT NULL
       ) SELECT v FROM keys WHERE v IS NOT NULL`,
    )
    .pluck()
    .all() as string[];
}
