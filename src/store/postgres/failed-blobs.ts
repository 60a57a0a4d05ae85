/** The failed-blob set in PostgreSQL (migration 3): blobs that ran out of retries, until done. */
import type pg from 'pg';
import type { BlobFailure, FailedBlob } from '../sync-state-store.ts';
import { toIso, toMillis } from '../time-ranges.ts';

type Db = pg.Pool | pg.PoolClient;

interface FailedBlobRow {
  source: string;
  content_id: string;
  content_uri: string;
  content_created_ms: string;
  attempts: number;
  last_error: string;
  first_failed_at: string;
  last_failed_at: string;
}

export async function upsertFailedBlob(db: Db, failure: BlobFailure): Promise<void> {
  await db.query(
    `INSERT INTO sync_failed_blobs (content_id, source, content_uri, content_created_ms, attempts, last_error, first_failed_at, last_failed_at)
     VALUES ($1, $2, $3, $4, 1, $5, $6, $6)
     ON CONFLICT (content_id) DO UPDATE SET attempts = sync_failed_blobs.attempts + 1, last_error = excluded.last_error,
       last_failed_at = excluded.last_failed_at, content_uri = excluded.content_uri`,
    [
      failure.contentId,
      failure.source,
      failure.contentUri,
      toMillis(failure.contentCreated, 'contentCreated'),
      failure.error,
      failure.at,
    ],
  );
}

export async function selectFailedBlobs(db: Db, source: string): Promise<FailedBlob[]> {
  const { rows } = await db.query<FailedBlobRow>(
    `SELECT * FROM sync_failed_blobs f WHERE source = $1
       AND NOT EXISTS (SELECT 1 FROM done_blobs d WHERE d.content_id = f.content_id)
     ORDER BY content_created_ms, content_id COLLATE "C"`,
    [source],
  );
  return rows.map((r) => ({
    source: r.source,
    contentId: r.content_id,
    contentUri: r.content_uri,
    contentCreated: toIso(Number(r.content_created_ms)),
    attempts: r.attempts,
    lastError: r.last_error,
    firstFailedAt: r.first_failed_at,
    lastFailedAt: r.last_failed_at,
  }));
}

export async function deleteFailedBlobs(db: Db, contentIds: string[]): Promise<void> {
  if (contentIds.length === 0) return;
  await db.query('DELETE FROM sync_failed_blobs WHERE content_id = ANY($1::text[])', [[...new Set(contentIds)]]);
}
