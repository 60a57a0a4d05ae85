/**
 * Sync bookkeeping in PostgreSQL: cursors, covered ranges, known gaps, finished blobs, reports.
 * Same meaning as the SQLite store's (ranges merged by timeRanges.ts, gaps keyed by blob or range).
 */
import type pg from 'pg';
import { rowToGap, rowToReport, type GapRow, type ReportRow } from './rows.ts';
import type { BlobFailure, FailedBlob, SyncGap, SyncReportRecord, SyncStateStore } from '../sync-state-store.ts';
import { deleteFailedBlobs, selectFailedBlobs, upsertFailedBlob } from './failed-blobs.ts';
import type { PgRunner } from './pg-runner.ts';
import type { TimeRange } from '../../model/event-query.ts';
import { mergeRanges, toIso, toMillis } from '../time-ranges.ts';

type Db = pg.Pool | pg.PoolClient;

/** Sync reports kept; /healthz and `status` read only the last one. */
const REPORTS_KEPT = 1000;

async function readDoneBlobs(db: Db, contentIds: string[]): Promise<Set<string>> {
  if (contentIds.length === 0) return new Set();
  const { rows } = await db.query<{ content_id: string }>(
    'SELECT content_id FROM done_blobs WHERE content_id = ANY($1::text[])',
    [[...new Set(contentIds)]],
  );
  return new Set(rows.map((r) => r.content_id));
}

async function readCursor(db: Db, source: string): Promise<string | null> {
  const { rows } = await db.query<{ value: string }>('SELECT value FROM sync_cursors WHERE source = $1', [source]);
  return rows[0]?.value ?? null;
}

async function writeCursor(db: Db, source: string, value: string): Promise<void> {
  toMillis(value, 'cursor');
  await db.query(
    'INSERT INTO sync_cursors (source, value) VALUES ($1, $2) ON CONFLICT (source) DO UPDATE SET value = excluded.value',
    [source, value],
  );
}

/** Runs inside a transaction on `client`; the per-source lock keeps concurrent merges apart. */
async function addCoverageRange(client: pg.PoolClient, source: string, range: TimeRange): Promise<void> {
  await client.query(`SELECT pg_advisory_xact_lock(hashtext('flowwatch:coverage:' || current_schema() || ':' || $1))`, [
    source,
  ]);
  const merged = mergeRanges([...(await readCoverage(client, source)), range]);
  await client.query('DELETE FROM sync_coverage WHERE source = $1', [source]);
  await client.query(
    'INSERT INTO sync_coverage (source, from_ms, to_ms) SELECT $1::text, * FROM unnest($2::bigint[], $3::bigint[])',
    [source, merged.map((r) => toMillis(r.from)), merged.map((r) => toMillis(r.to))],
  );
}

async function readCoverage(db: Db, source: string): Promise<TimeRange[]> {
  const { rows } = await db.query<{ from_ms: string; to_ms: string }>(
    'SELECT from_ms, to_ms FROM sync_coverage WHERE source = $1 ORDER BY from_ms',
    [source],
  );
  return rows.map((r) => ({ from: toIso(Number(r.from_ms)), to: toIso(Number(r.to_ms)) }));
}

async function insertGap(db: Db, gap: SyncGap): Promise<void> {
  const from = toMillis(gap.from, 'gap.from');
  const to = toMillis(gap.to, 'gap.to');
  const key = gap.contentId ?? `${toIso(from)}/${toIso(to)}`;
  await db.query(
    `INSERT INTO sync_gaps (source, gap_key, content_id, from_ms, to_ms, reason, recorded_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT DO NOTHING`,
    [gap.source, key, gap.contentId, from, to, gap.reason, gap.recordedAt],
  );
}

/** Gaps that end after `since`, oldest first. */
async function selectGaps(db: Db, since?: string): Promise<SyncGap[]> {
  const sinceMs = since === undefined ? Number.MIN_SAFE_INTEGER : toMillis(since, 'since');
  const { rows } = await db.query<GapRow>(
    'SELECT source, content_id, from_ms, to_ms, reason, recorded_at FROM sync_gaps WHERE to_ms > $1 ORDER BY from_ms, gap_key COLLATE "C"',
    [sinceMs],
  );
  return rows.map(rowToGap);
}

async function insertReport(db: Db, report: SyncReportRecord): Promise<void> {
  await db.query(
    `WITH added AS (
       INSERT INTO sync_reports (source, started_at, finished_at, ok, details) VALUES ($1, $2, $3, $4, $5) RETURNING id
     )
     DELETE FROM sync_reports WHERE id <= (SELECT id FROM added) - $6`,
    [report.source, report.startedAt, report.finishedAt, report.ok, JSON.stringify(report.details), REPORTS_KEPT],
  );
}

async function selectLastReport(db: Db): Promise<SyncReportRecord | null> {
  const { rows } = await db.query<ReportRow>(
    'SELECT source, started_at, finished_at, ok, details FROM sync_reports ORDER BY id DESC LIMIT 1',
  );
  return rows[0] ? rowToReport(rows[0]) : null;
}

export class PostgresSyncState implements SyncStateStore {
  constructor(private readonly db: PgRunner) {}

  doneBlobs(contentIds: string[]): Promise<Set<string>> {
    return this.db.run((pool) => readDoneBlobs(pool, contentIds));
  }

  getCursor(source: string): Promise<string | null> {
    return this.db.run((pool) => readCursor(pool, source));
  }

  setCursor(source: string, value: string): Promise<void> {
    return this.db.run((pool) => writeCursor(pool, source, value));
  }

  addCoverage(source: string, range: TimeRange): Promise<void> {
    return this.db.transaction((client) => addCoverageRange(client, source, range));
  }

  getCoverage(source: string): Promise<TimeRange[]> {
    return this.db.run((pool) => readCoverage(pool, source));
  }

  recordGap(gap: SyncGap): Promise<void> {
    return this.db.run((pool) => insertGap(pool, gap));
  }

  listGaps(since?: string): Promise<SyncGap[]> {
    return this.db.run((pool) => selectGaps(pool, since));
  }

  recordFailedBlob(failure: BlobFailure): Promise<void> {
    return this.db.run((pool) => upsertFailedBlob(pool, failure));
  }

  listFailedBlobs(source: string): Promise<FailedBlob[]> {
    return this.db.run((pool) => selectFailedBlobs(pool, source));
  }

  forgetFailedBlobs(contentIds: string[]): Promise<void> {
    return this.db.run((pool) => deleteFailedBlobs(pool, contentIds));
  }

  saveSyncReport(report: SyncReportRecord): Promise<void> {
    return this.db.run((pool) => insertReport(pool, report));
  }

  lastSyncReport(): Promise<SyncReportRecord | null> {
    return this.db.run((pool) => selectLastReport(pool));
  }
}
