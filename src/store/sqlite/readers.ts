/**
 * Reader threads of the SQLite store: the question reads (SQLITE_READS) run on worker threads,
 * each with a read-only connection of its own, so a question's SQLite work no longer holds the
 * event loop that serves every other conversation, /healthz and the sync. better-sqlite3 is
 * synchronous; the PostgreSQL store gets the same effect from its server process.
 *
 * Threads start on the first read and are started again after one dies (its pending reads fail
 * with an error). A read goes to the thread with the fewest reads in flight.
 */
import { Worker } from 'node:worker_threads';
import type { ReaderReply, ReaderRequest } from './reader-thread.ts';
import type { SqliteRead, SqliteReadArgs, SqliteReadResult } from './reads.ts';

interface Pending {
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

class ReaderThread {
  private readonly worker: Worker;
  private readonly pending = new Map<number, Pending>();
  private nextId = 0;
  stopped = false;

  constructor(file: string, busyTimeoutMs: number | undefined) {
    this.worker = new Worker(new URL('./reader-entry.js', import.meta.url), {
      workerData: { file, busyTimeoutMs },
    });
    // Only reads in flight keep the process alive (see run).
    this.worker.unref();
    this.worker.on('message', (reply: ReaderReply) => this.settle(reply));
    this.worker.on('error', (error: Error) => this.stop(error));
    this.worker.on('exit', (code) => this.stop(new Error(`the SQLite reader thread exited (code ${code})`)));
  }

  get inFlight(): number {
    return this.pending.size;
  }

  run(read: SqliteRead, args: unknown[]): Promise<unknown> {
    return new Promise((resolve, reject) => {
      const id = this.nextId++;
      if (this.pending.size === 0) this.worker.ref();
      this.pending.set(id, { resolve, reject });
      this.worker.postMessage({ id, read, args } satisfies ReaderRequest);
    });
  }

  async terminate(): Promise<void> {
    this.stopped = true;
    await this.worker.terminate();
  }

  private settle(reply: ReaderReply): void {
    const pending = this.pending.get(reply.id);
    if (!pending) return;
    this.pending.delete(reply.id);
    if (this.pending.size === 0) this.worker.unref();
    if (reply.ok) pending.resolve(reply.value);
    else pending.reject(reply.error);
  }

  private stop(error: Error): void {
    this.stopped = true;
    for (const pending of this.pending.values())
      pending.reject(new Error(`SQLite read failed: ${error.message}`, { cause: error }));
    this.pending.clear();
  }
}

export class SqliteReaders {
  private readonly threads: ReaderThread[] = [];
  private closed = false;

  constructor(
    private readonly file: string,
    readonly size: number,
    private readonly busyTimeoutMs?: number,
  ) {
    if (!Number.isInteger(size) || size < 1) throw new RangeError(`reader threads ${size} is not a whole number >= 1`);
  }

  run<R extends SqliteRead>(read: R, ...args: SqliteReadArgs<R>): Promise<SqliteReadResult<R>> {
    if (this.closed) return Promise.reject(new Error('the SQLite store is closed'));
    return this.pick().run(read, args) as Promise<SqliteReadResult<R>>;
  }

  async close(): Promise<void> {
    this.closed = true;
    await Promise.all(this.threads.splice(0).map((thread) => thread.terminate()));
  }

  private pick(): ReaderThread {
    for (let i = this.threads.length - 1; i >= 0; i--) if (this.threads[i].stopped) this.threads.splice(i, 1);
    if (this.threads.length < this.size) {
      const thread = new ReaderThread(this.file, this.busyTimeoutMs);
      this.threads.push(thread);
      return thread;
    }
    return this.threads.reduce((best, thread) => (thread.inFlight < best.inFlight ? thread : best));
  }
}
