/**
 * The bounded connection pool of the PostgreSQL store, and the one place that decides which
 * driver errors mean "the database is not reachable right now" (so they become
 * StoreUnavailableError and callers pause instead of failing for good).
 */
import pg from 'pg';
import type { Logger } from '../../log.ts';
import { StoreUnavailableError } from '../store-unavailable-error.ts';

export interface PostgresPoolOptions {
  connectionString: string;
  /** Upper bound of open connections per process (config.pgPoolMax). */
  max: number;
  /** Schema to work in (tests isolate each run in their own); default: the URL's search_path. */
  schema?: string;
  /** How long to wait for a connection before the store counts as unavailable. */
  connectTimeoutMs?: number;
  applicationName?: string;
  logger?: Logger;
}

export function createPostgresPool(options: PostgresPoolOptions): pg.Pool {
  const pool = new pg.Pool({
    connectionString: options.connectionString,
    max: options.max,
    connectionTimeoutMillis: options.connectTimeoutMs ?? 5_000,
    idleTimeoutMillis: 30_000,
    application_name: options.applicationName ?? 'flowwatch',
    ...(options.schema ? { options: `-c search_path=${quoteIdentifier(options.schema)}` } : {}),
  });
  // An idle connection killed by a server restart emits 'error' on the pool; without a listener
  // Node would end the process. The pool drops that client and opens a new one on next use.
  pool.on('error', (error) => {
    options.logger?.warn('postgres connection lost', { error: describePgError(error) });
  });
  return pool;
}

export function quoteIdentifier(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

const UNAVAILABLE_NODE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EAI_AGAIN',
]);
// SQLSTATE: class 08 connection exception; 57P01-57P03 shutdown / not yet accepting; 53300 too
// many connections (https://www.postgresql.org/docs/current/errcodes-appendix.html).
const UNAVAILABLE_SQLSTATE = /^(08...|57P0[123]|53300)$/;
const UNAVAILABLE_MESSAGE =
  /connection terminated|connection error|not queryable|timeout exceeded when trying to connect|connection timeout|the database system is/i;

/** Whether a driver error means the database cannot be reached (as opposed to a bad query). */
export function isConnectionError(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const { code, message } = error as { code?: unknown; message?: unknown };
  if (typeof code === 'string' && (UNAVAILABLE_NODE_CODES.has(code) || UNAVAILABLE_SQLSTATE.test(code))) return true;
  if (error instanceof AggregateError) return error.errors.some(isConnectionError);
  return typeof message === 'string' && UNAVAILABLE_MESSAGE.test(message);
}

/** Rethrows connection failures as StoreUnavailableError; other errors pass through unchanged. */
export function translatePgError(error: unknown): unknown {
  if (isConnectionError(error))
    return new StoreUnavailableError(`PostgreSQL is unavailable: ${describePgError(error)}`, error);
  return error;
}

export function describePgError(error: unknown): string {
  if (error instanceof AggregateError && error.errors.length > 0) return describePgError(error.errors[0]);
  const e = error as { code?: unknown; message?: unknown };
  const message = typeof e?.message === 'string' && e.message !== '' ? e.message : String(error);
  return typeof e?.code === 'string' ? `${message} (${e.code})` : message;
}

/**
 * Runs `work` on one pooled connection. While checked out, a connection that dies emits 'error'
 * on the client, which would end the process without a listener; here it is noted instead, and a
 * dead connection is destroyed rather than handed back to the pool.
 */
export async function withPooledClient<T>(
  pool: pg.Pool,
  work: (client: pg.PoolClient) => Promise<T>,
  logger?: Logger,
): Promise<T> {
  const client = await pool.connect();
  let lost: Error | undefined;
  const onError = (error: Error) => {
    lost = error;
    logger?.warn('postgres connection lost during a transaction', { error: describePgError(error) });
  };
  client.on('error', onError);
  try {
    return await work(client);
  } catch (error) {
    if (isConnectionError(error)) lost ??= error as Error;
    throw error;
  } finally {
    client.removeListener('error', onError);
    client.release(lost);
  }
}
