/**
 * A reader thread of the SQLite store (sqliteReaders.ts): a read-only connection of its own to
 * the store's file, running the store's question reads (SQLITE_READS) one request at a time.
 * WAL mode lets it read while the store's own connection writes; each read sees every commit
 * made before it started.
 */
import { parentPort, workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';
import { configureConnection } from './connection.ts';
import { runSqliteRead, type SqliteRead, type SqliteReadArgs } from './reads.ts';
import { StatementCache } from './statements.ts';

export interface ReaderRequest {
  id: number;
  read: SqliteRead;
  args: unknown[];
}

export type ReaderReply = { id: number; ok: true; value: unknown } | { id: number; ok: false; error: unknown };

const { file, busyTimeoutMs } = workerData as { file: string; busyTimeoutMs?: number };
const db = new Database(file, { readonly: true, fileMustExist: true });
configureConnection(db, { busyTimeoutMs });
const statements = new StatementCache(db);

parentPort!.on('message', ({ id, read, args }: ReaderRequest) => {
  let reply: ReaderReply;
  try {
    reply = { id, ok: true, value: runSqliteRead(statements, read, args as SqliteReadArgs<typeof read>) };
  } catch (error) {
    // Errors are cloned with their class (RangeError stays a RangeError) and message.
    reply = { id, ok: false, error };
  }
  parentPort!.postMessage(reply);
});
