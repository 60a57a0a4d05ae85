/** The failed-blob set in SQLite (migration 5): blobs that ran out of retries, until done. */
import type { BlobFailure, FailedBlob } from '../sync-state-store.ts';
import { toIso, toMillis } from '../time-ranges.ts';
import { chunks, type StatementCache } from './statements.ts';

interface FailedBlobRow {
  source: string;
  content_id: string;
  content_uri: string;
  content_created_ms: number;
  attempts: number;
  last_error: string;
  first_failed_at: string;
  last_failed_at: string;
}

export function recordFailedBlobSqlite(statements: StatementCache, failure: BlobFailure): void {
  statements
    .get(
      `INSERT INTO failed_blobs (content_id, source, content_uri, content_created_ms, attempts, last_error, first_failed_at, last_failed_at)
       VALUES (?, ?, ?, ?, 1, ?, ?, ?)
       ON CONFLICT (content_id) DO UPDATE SET attempts = attempts + 1, last_error = excluded.last_error,
         last_failed_at = excluded.last_failed_at, content_uri = excluded.content_uri`,
    )
    .run(
      failure.contentId,
      failure.source,
      failure.contentUri,
      toMillis(failure.contentCreated, 'contentCreated'),
      failure.error,
      failure.at,
      failure.at,
    );
}

export function listFailedBlobsSqlite(statements: StatementCache, source: string): FailedBlob[] {
  const rows = statements
    .get(
      `SELECT * FROM failed_blobs f WHERE source = ?
         AND NOT EXISTS (SELECT 1 FROM done_blobs d WHERE d.content_id = f.content_id)
       ORDER BY content_created_ms, content_id`,
    )
    .all(source) as FailedBlobRow[];
  return rows.map((r) => ({
    source: r.source,
    contentId: r.content_id,
    contentUri: r.content_uri,
    contentCreated: toIso(r.content_created_ms),
    attempts: r.attempts,
    lastError: r.last_error,
    firstFailedAt: r.first_failed_at,
    lastFailedAt: r.last_failed_at,
  }));
}

export function forgetFailedBlobsSqlite(statements: StatementCache, contentIds: string[]): void {
  for (const ids of chunks([...new Set(contentIds)]))
    statements.get(`DELETE FROM failed_blobs WHERE content_id IN (${ids.map(() => '?').join(', ')})`).run(...ids);
}
