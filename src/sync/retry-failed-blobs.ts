/**
 * The start of every run: blobs that earlier runs recorded as failed are fetched again, before
 * any window. Stored ones leave the failed set; ones that fail again stay, one attempt more; ones
 * past their 7 days (audit-apis.md §1.6) become recorded gaps, fetched or not, so a blob that never
 * answers cannot stay pending for ever. A store failure stops the run like anywhere else: what was
 * not stored is still in the set, so the next run retries it.
 */
import { mapLimit } from '../audit/map-limit.ts';
import type { ContentEntry } from '../audit/source.ts';
import { plural } from '../model/plural.ts';
import type { FailedBlob } from '../store/sync-state-store.ts';
import { BlobWriter, queueThenFlush } from './blob-writer.ts';
import { CONTENT_RETENTION_MS } from './coverage.ts';
import { recordExpired, syncBlob, type BlobContext, type BlobOutcome } from './sync-blob.ts';

function toEntry(contentType: string, failed: FailedBlob): ContentEntry {
  return {
    contentType,
    contentId: failed.contentId,
    contentUri: failed.contentUri,
    contentCreated: failed.contentCreated,
    contentExpiration: new Date(Date.parse(failed.contentCreated) + CONTENT_RETENTION_MS).toISOString(),
  };
}

export async function retryFailedBlobs(ctx: Omit<BlobContext, 'writer'>, contentType: string): Promise<void> {
  const { deps, report } = ctx;
  const pending = await deps.store.syncState.listFailedBlobs(ctx.source);
  if (pending.length === 0) return;
  const writer = new BlobWriter(deps.store.events, deps.now, deps.options.commitBatch, deps.store.governance);
  const blobCtx: BlobContext = { ...ctx, writer };
  const nowMs = deps.now().getTime();
  const settled: string[] = [];
  let stored = 0;
  await queueThenFlush(writer, () =>
    mapLimit(pending, Math.max(1, deps.options.blobConcurrency), async (failed) => {
      const entry = toEntry(contentType, failed);
      let outcome: BlobOutcome;
      if (nowMs >= Date.parse(entry.contentExpiration)) {
        const reason = `not stored within 7 days: ${plural(failed.attempts, 'failed run')}, the last with ${failed.lastError}`;
        await recordExpired(blobCtx, entry, reason);
        outcome = 'gap';
      } else {
        report.failedBlobsRetried++;
        outcome = await syncBlob(blobCtx, entry);
      }
      if (outcome !== 'failed') settled.push(failed.contentId);
      if (outcome === 'queued') stored++;
    }),
  );
  // Every queued blob is committed now (flush rejects otherwise); its done mark already took it
  // out of the pending set, this only tidies the table.
  report.failedBlobsRecovered += stored;
  await deps.store.syncState.forgetFailedBlobs(settled);
}
