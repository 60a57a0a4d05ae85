/**
 * Group commit for the sync. Blobs are fetched in parallel but stored through one writer that
 * commits several of them per transaction (EventStore.ingestBlobs), each with its done mark: the fixed
 * cost of a commit, and for SQLite of its WAL checkpoints, is paid once per batch instead of once
 * per blob of ~100 records. Crash safety is unchanged, since a blob's events and its done mark are
 * always in the same transaction; a batch only adds other whole blobs to it.
 */
import type { FlowEvent } from '../model/flow-event.ts';
import type { EventStore, IngestResult } from '../store/event-store.ts';
import type { GovernanceEvent } from '../model/governance-event.ts';
import type { GovernanceStore } from '../store/governance-store.ts';

export interface QueuedBlob {
  events: FlowEvent[];
  /** Connection and admin events of the blob (issue 12), stored just before the batch's commit. */
  governance?: GovernanceEvent[];
  blob: { contentId: string; contentCreated: string };
  /** Called once the blob is committed (the sync counts it then, not before). */
  committed(result: IngestResult): void;
}

type Outcome = { result: IngestResult } | { error: unknown };

export interface BlobWriterOptions {
  /** Commit as soon as this many events wait. */
  maxBatchEvents: number;
  /** …or this many blobs (tenants where most blobs hold no Flow record at all). */
  maxBatchBlobs: number;
  /** Commit whatever waits after this long, so a slow feed does not hold finished blobs back. */
  maxDelayMs: number;
}

/**
 * A few hundred ms of SQLite work per commit at most: short enough that the bot's own writes
 * (digest claims, leases) wait far less than the store's busy timeout.
 */
export const DEFAULT_BLOB_WRITER: BlobWriterOptions = { maxBatchEvents: 2000, maxBatchBlobs: 200, maxDelayMs: 1000 };

export class BlobWriter {
  private readonly options: BlobWriterOptions;
  private queue: QueuedBlob[] = [];
  private queuedEvents = 0;
  private running: Promise<void> | null = null;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private failure: { error: unknown } | null = null;

  constructor(
    private readonly store: EventStore,
    private readonly now: () => Date,
    options: Partial<BlobWriterOptions> = {},
    private readonly governance: GovernanceStore | null = null,
  ) {
    this.options = { ...DEFAULT_BLOB_WRITER, ...options };
  }

  /**
   * Queues a blob. Resolves once the queue has room again (the caller that fills a batch waits for
   * its commit: back-pressure on the fetchers); rejects once any commit has failed, so the sync
   * starts no new blob after a failure.
   */
  async add(item: QueuedBlob): Promise<void> {
    this.throwIfFailed();
    this.queue.push(item);
    this.queuedEvents += item.events.length;
    if (this.queuedEvents >= this.options.maxBatchEvents || this.queue.length >= this.options.maxBatchBlobs) {
      await this.commitQueued();
      this.throwIfFailed();
    } else {
      this.timer ??= setTimeout(() => {
        this.timer = null;
        void this.commitQueued();
      }, this.options.maxDelayMs);
    }
  }

  /** Commits everything queued; rejects with the first failure of any commit. */
  async flush(): Promise<void> {
    await this.commitQueued();
    this.throwIfFailed();
  }

  private throwIfFailed(): void {
    if (this.failure) throw this.failure.error;
  }

  /** One commit at a time; blobs queued meanwhile go into the next one. Never rejects. */
  private async commitQueued(): Promise<void> {
    while (this.running) await this.running;
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = null;
    }
    if (this.queue.length === 0) return;
    const batch = this.queue;
    this.queue = [];
    this.queuedEvents = 0;
    this.running = this.commit(batch);
    try {
      await this.running;
    } finally {
      this.running = null;
    }
  }

  private async commit(batch: QueuedBlob[]): Promise<void> {
    const now = this.now();
    const outcomes = await this.ingestTogether(batch, now);
    outcomes.forEach((outcome, i) => {
      if ('result' in outcome) batch[i].committed(outcome.result);
      else this.failure ??= { error: outcome.error };
    });
  }

  private async ingestTogether(batch: QueuedBlob[], now: Date): Promise<Outcome[]> {
    try {
      await this.storeGovernance(batch, now);
    } catch (error) {
      return batch.map(() => ({ error }));
    }
    try {
      const results = await this.store.ingestBlobs(
        batch.map(({ events, blob }) => ({ events, blob })),
        { now },
      );
      return results.map((result) => ({ result }));
    } catch (error) {
      // The batch rolled back as a whole. Blob by blob, so one bad blob costs only itself, as if
      // each had been committed on its own.
      return batch.length === 1 ? [{ error }] : this.ingestOneByOne(batch, now);
    }
  }

  /**
   * The batch's governance events in one transaction of their own, before the blobs' done marks:
   * a crash in between fetches those blobs again and finds them stored (duplicates, not doubles).
   */
  private async storeGovernance(batch: QueuedBlob[], now: Date): Promise<void> {
    const events = batch.flatMap((b) => b.governance ?? []);
    if (events.length === 0) return;
    if (!this.governance) throw new Error('governance events queued on a writer without a governance store');
    await this.governance.addGovernanceEvents(events, { now });
  }

  private async ingestOneByOne(batch: QueuedBlob[], now: Date): Promise<Outcome[]> {
    const outcomes: Outcome[] = [];
    for (const { events, blob } of batch) {
      try {
        outcomes.push({ result: await this.store.ingest(events, { now, blob }) });
      } catch (error) {
        outcomes.push({ error });
      }
    }
    return outcomes;
  }
}

/**
 * Runs `work` (which queues blobs on `writer`), then commits what it queued whether or not it
 * failed, so finished blobs keep their work; rethrows the first failure of either.
 */
export async function queueThenFlush(writer: BlobWriter, work: () => Promise<unknown>): Promise<void> {
  let failure: { error: unknown } | null = null;
  try {
    await work();
  } catch (error) {
    failure = { error };
  }
  try {
    await writer.flush();
  } catch (error) {
    failure ??= { error };
  }
  if (failure) throw failure.error;
}
