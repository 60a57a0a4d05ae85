/** getCoverage for the SQLite store: the ranges sync has covered for a source, in order. */
import type { StatementCache } from './statements.ts';
import type { TimeRange } from '../../model/event-query.ts';
import { toIso } from '../time-ranges.ts';

export function getCoverageSqlite(statements: StatementCache, source: string): TimeRange[] {
  const rows = statements
    .get('SELECT from_ms, to_ms FROM coverage WHERE source = ? ORDER BY from_ms')
    .all(source) as Array<{ from_ms: number; to_ms: number }>;
  return rows.map((r) => ({ from: toIso(r.from_ms), to: toIso(r.to_ms) }));
}
