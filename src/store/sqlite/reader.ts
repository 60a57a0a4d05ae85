import { runSqliteRead, type SqliteRead, type SqliteReadArgs, type SqliteReadResult } from './reads.ts';
import type { SqliteReaders } from './readers.ts';
import type { StatementCache } from './statements.ts';

/** Runs a question read on a reader thread when the store has them, else on its own connection. */
export type SqliteReader = <R extends SqliteRead>(read: R, ...args: SqliteReadArgs<R>) => Promise<SqliteReadResult<R>>;

export function createSqliteReader(statements: StatementCache, readers: SqliteReaders | null): SqliteReader {
  return async (read, ...args) => {
    if (readers) return readers.run(read, ...args);
    return runSqliteRead(statements, read, args);
  };
}
