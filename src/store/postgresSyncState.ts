/**
 * Sync bookkeeping in PostgreSQL: cursors, covered ranges, known gaps, finished blobs, reports.
 */
import type pg from 'pg';
import { rowToGap, rowToReport, type GapRow, type ReportRow } from './postgresRows.ts';
import type { SyncGap, SyncReportRecord, TimeRange } from './store.ts';

type Db = pg.Pool | pg.PoolClient;

/** How many sync reports to keep; /healthz and `status` only read the last one. */
const REPORTS_KEPT = 200;

export async function readDoneBlobs(db: Db, contentIds: string[]): Promise<Set<string>> {
  if (contentIds.length === 0) return new Set();
  const { rows } = await db.query<{ content_id: string }>('SELECT content_id FROM done_blobs WHERE content_id = ANY($1::text[])', [contentIds]);
  return new Set(rows.map((r) => r.content_id));
}

export async function readCursor(db: Db, source: string): Promise<string | null> {
  const { rows } = await db.query<{ value: string }>('SELECT value FROM sync_cursors WHERE source = $1', [source]);
  return rows[0]?.value ?? null;
}

export async function writeCursor(db: Db, source: string, value: string): Promise<void> {
  await db.query('INSERT INTO sync_cursors (source, value) VALUES ($1, $2) ON CONFLICT (source) DO UPDATE SET value = excluded.value', [source, value]);
}

/** Sorted by start; overlapping or touching ranges become one, keeping the original strings. */
export function mergeRanges(ranges: TimeRange[]): TimeRange[] {
  const sorted = ranges.filter((r) => Date.parse(r.from) < Date.parse(r.to)).sort((a, b) => Date.parse(a.from) - Date.parse(b.from));
  const merged: TimeRange[] = [];
  for (const range of sorted) {
    const last = merged[merged.length - 1];
    if (last && Date.parse(range.from) <= Date.parse(last.to)) {
      if (Date.parse(range.to) > Date.parse(last.to)) last.to = range.to;
    } else {
      merged.push({ ...range });
    }
  }
  return merged;
}

/** Runs inside a transaction on `client`; the per-source lock keeps concurrent merges apart. */
export async function addCoverageRange(client: pg.PoolClient, source: string, range: TimeRange): Promise<void> {
  await client.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`flowwatch:coverage:${source}`]);
  const existing = await readCoverage(client, source);
  const merged = mergeRanges([...existing, range]);
  await client.query('DELETE FROM sync_coverage WHERE source = $1', [source]);
  await client.query(
    `INSERT INTO sync_coverage (source, from_at, to_at, from_ts)
     SELECT $1, r.from_at, r.to_at, r.from_at::timestamptz FROM unnest($2::text[], $3::text[]) AS r(from_at, to_at)`,
    [source, merged.map((r) => r.from), merged.map((r) => r.to)],
  );
}

export async function readCoverage(db: Db, source: string): Promise<TimeRange[]> {
  const { rows } = await db.query<{ from_at: string; to_at: string }>('SELECT from_at, to_at FROM sync_coverage WHERE source = $1 ORDER BY from_ts', [source]);
  return rows.map((r) => ({ from: r.from_at, to: r.to_at }));
}

export async function insertGap(db: Db, gap: SyncGap): Promise<void> {
  // The two partial unique indexes make a gap count once per blob, or once per range without one.
  await db.query(
    `INSERT INTO sync_gaps (source, content_id, from_at, to_at, reason, recorded_at, recorded_ts)
     VALUES ($1, $2, $3, $4, $5, $6::text, $6::text::timestamptz) ON CONFLICT DO NOTHING`,
    [gap.source, gap.contentId, gap.from, gap.to, gap.reason, gap.recordedAt],
  );
}

export async function selectGaps(db: Db, since?: string): Promise<SyncGap[]> {
  const { rows } = await db.query<GapRow>(
    `SELECT source, content_id, from_at, to_at, reason, recorded_at FROM sync_gaps
     WHERE $1::timestamptz IS NULL OR recorded_ts >= $1::timestamptz ORDER BY recorded_ts, id`,
    [since ?? null],
  );
  return rows.map(rowToGap);
}

export async function insertReport(db: Db, report: SyncReportRecord): Promise<void> {
  await db.query(
    `WITH added AS (
       INSERT INTO sync_reports (source, started_at, finished_at, ok, details) VALUES ($1, $2, $3, $4, $5) RETURNING id
     )
     DELETE FROM sync_reports WHERE id <= (SELECT id FROM added) - $6`,
    [report.source, report.startedAt, report.finishedAt, report.ok, JSON.stringify(report.details), REPORTS_KEPT],
  );
}

export async function selectLastReport(db: Db): Promise<SyncReportRecord | null> {
  const { rows } = await db.query<ReportRow>('SELECT source, started_at, finished_at, ok, details FROM sync_reports ORDER BY id DESC LIMIT 1');
  return rows[0] ? rowToReport(rows[0]) : null;
}
