import type { TimeRange } from '../../model/event-query.ts';
import type { BlobFailure, FailedBlob, SyncGap, SyncReportRecord, SyncStateStore } from '../sync-state-store.ts';
import { mergeRanges, toIso, toMillis } from '../time-ranges.ts';
import { getCoverageSqlite } from './coverage.ts';
import { forgetFailedBlobsSqlite, listFailedBlobsSqlite, recordFailedBlobSqlite } from './failed-blobs.ts';
import type { SqliteReader } from './reader.ts';
import { chunks, type StatementCache } from './statements.ts';

interface GapRow {
  source: string;
  content_id: string | null;
  from_ms: number;
  to_ms: number;
  reason: string;
  recorded_at: string;
}

interface ReportRow {
  source: string;
  started_at: string;
  finished_at: string;
  ok: number;
  details: string;
}

/** SyncStateStore in SQLite: cursors, coverage, done blobs, gaps and reports (migration 1). */
export class SqliteSyncState implements SyncStateStore {
  constructor(
    private readonly statements: StatementCache,
    private readonly read: SqliteReader,
    private readonly keepSyncReports: number,
  ) {}

  async doneBlobs(contentIds: string[]): Promise<Set<string>> {
    const done = new Set<string>();
    for (const ids of chunks([...new Set(contentIds)])) {
      const sql = `SELECT content_id FROM done_blobs WHERE content_id IN (${ids.map(() => '?').join(', ')})`;
      for (const id of this.statements
        .get(sql)
        .pluck()
        .all(...ids) as string[])
        done.add(id);
    }
    return done;
  }

  async getCursor(source: string): Promise<string | null> {
    const value = this.statements.get('SELECT value FROM cursors WHERE source = ?').pluck().get(source) as
      string | undefined;
    return value ?? null;
  }

  async setCursor(source: string, value: string): Promise<void> {
    toMillis(value, 'cursor');
    this.statements
      .get(
        'INSERT INTO cursors (source, value) VALUES (?, ?) ON CONFLICT (source) DO UPDATE SET value = excluded.value',
      )
      .run(source, value);
  }

  async addCoverage(source: string, range: TimeRange): Promise<void> {
    this.statements.db
      .transaction(() => {
        const merged = mergeRanges([...getCoverageSqlite(this.statements, source), range]);
        this.statements.get('DELETE FROM coverage WHERE source = ?').run(source);
        const insert = this.statements.get('INSERT INTO coverage (source, from_ms, to_ms) VALUES (?, ?, ?)');
        for (const r of merged) insert.run(source, toMillis(r.from), toMillis(r.to));
      })
      .immediate();
  }

  /** Every answer reads it, so it is one of the reads that run on reader threads. */
  getCoverage(source: string): Promise<TimeRange[]> {
    return this.read('getCoverage', source);
  }

  async recordGap(gap: SyncGap): Promise<void> {
    const from = toMillis(gap.from, 'gap.from');
    const to = toMillis(gap.to, 'gap.to');
    const key = gap.contentId ?? `${toIso(from)}/${toIso(to)}`;
    this.statements
      .get(
        'INSERT OR IGNORE INTO gaps (source, gap_key, content_id, from_ms, to_ms, reason, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
      )
      .run(gap.source, key, gap.contentId, from, to, gap.reason, gap.recordedAt);
  }

  async listGaps(since?: string): Promise<SyncGap[]> {
    const sinceMs = since === undefined ? Number.MIN_SAFE_INTEGER : toMillis(since, 'since');
    const rows = this.statements
      .get(
        'SELECT source, content_id, from_ms, to_ms, reason, recorded_at FROM gaps WHERE to_ms > ? ORDER BY from_ms, gap_key',
      )
      .all(sinceMs) as GapRow[];
    return rows.map((r) => ({
      source: r.source,
      contentId: r.content_id,
      from: toIso(r.from_ms),
      to: toIso(r.to_ms),
      reason: r.reason,
      recordedAt: r.recorded_at,
    }));
  }

  async recordFailedBlob(failure: BlobFailure): Promise<void> {
    recordFailedBlobSqlite(this.statements, failure);
  }

  async listFailedBlobs(source: string): Promise<FailedBlob[]> {
    return listFailedBlobsSqlite(this.statements, source);
  }

  async forgetFailedBlobs(contentIds: string[]): Promise<void> {
    forgetFailedBlobsSqlite(this.statements, contentIds);
  }

  async saveSyncReport(report: SyncReportRecord): Promise<void> {
    this.statements.db
      .transaction(() => {
        this.statements
          .get('INSERT INTO sync_reports (source, started_at, finished_at, ok, details) VALUES (?, ?, ?, ?, ?)')
          .run(report.source, report.startedAt, report.finishedAt, report.ok ? 1 : 0, JSON.stringify(report.details));
        this.statements
          .get('DELETE FROM sync_reports WHERE id <= (SELECT max(id) FROM sync_reports) - ?')
          .run(this.keepSyncReports);
      })
      .immediate();
  }

  async lastSyncReport(): Promise<SyncReportRecord | null> {
    const row = this.statements
      .get('SELECT source, started_at, finished_at, ok, details FROM sync_reports ORDER BY id DESC LIMIT 1')
      .get() as ReportRow | undefined;
    if (!row) return null;
    return {
      source: row.source,
      startedAt: row.started_at,
      finishedAt: row.finished_at,
      ok: row.ok === 1,
      details: JSON.parse(row.details) as Record<string, unknown>,
    };
  }
}
