/**
 * The SQLite store's question reads, as plain functions of a statement cache: the store runs them
 * on its own connection, or hands them to reader threads (sqliteReaders.ts), which run the same
 * functions on read-only connections of their own.
 */
import { countBySqlite } from './counts.ts';
import { getCoverageSqlite } from './coverage.ts';
import { findEventsSqlite, listEventsSqlite } from './find.ts';
import { getFlowsSqlite } from './flows.ts';
import { countFlowsByActorSqlite } from './flows-by-actor.ts';
import type { StatementCache } from './statements.ts';

export const SQLITE_READS = {
  findEvents: findEventsSqlite,
  listEvents: listEventsSqlite,
  countBy: countBySqlite,
  countFlowsByActor: countFlowsByActorSqlite,
  getFlows: getFlowsSqlite,
  getCoverage: getCoverageSqlite,
};

export type SqliteRead = keyof typeof SQLITE_READS;
/** The arguments of a read, after the statement cache. */
export type SqliteReadArgs<R extends SqliteRead> = (typeof SQLITE_READS)[R] extends (
  statements: never,
  ...args: infer A
) => unknown
  ? A
  : never;
export type SqliteReadResult<R extends SqliteRead> = ReturnType<(typeof SQLITE_READS)[R]>;

/** Runs the read `read` on a connection's statements (the store's own, or a reader thread's). */
export function runSqliteRead<R extends SqliteRead>(
  statements: StatementCache,
  read: R,
  args: SqliteReadArgs<R>,
): SqliteReadResult<R> {
  return (SQLITE_READS[read] as (statements: StatementCache, ...args: unknown[]) => SqliteReadResult<R>)(
    statements,
    ...args,
  );
}
