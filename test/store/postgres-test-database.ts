/**
 * PostgreSQL for tests: FLOWWATCH_TEST_DATABASE_URL (CI sets it to a throw-away database), else
 * the local server's default database. Each test file works in its own schema, created and dropped
 * here, so files running in parallel never see each other's rows. Where no server answers, tests
 * are skipped with a one-line reason; under CI=true that is a failure instead.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';

export const TEST_DATABASE_URL =
  process.env.FLOWWATCH_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export interface TestSchema {
  url: string;
  schema: string;
  /** The same URL with the schema as search_path, for processes that only take DATABASE_URL. */
  urlWithSchema: string;
  drop(): Promise<void>;
}

/** Null when PostgreSQL is reachable; otherwise why the PostgreSQL tests are skipped. */
export async function postgresSkipReason(url = TEST_DATABASE_URL): Promise<string | null> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3_000 });
  client.on('error', () => undefined); // a failed probe is reported below, not as a crash
  try {
    await client.connect();
    await client.query('SELECT 1');
    return null;
  } catch (error) {
    const reason = `PostgreSQL not reachable at ${new URL(url).host} (${(error as Error).message || String(error)}); set FLOWWATCH_TEST_DATABASE_URL`;
    if (process.env.CI === 'true') throw new Error(`CI=true and ${reason}`, { cause: error });
    return reason;
  } finally {
    await client.end().catch(() => undefined); // nothing to close when connect failed
  }
}

export async function createTestSchema(prefix = 'fw_test', url = TEST_DATABASE_URL): Promise<TestSchema> {
  const schema = `${prefix}_${process.pid}_${randomBytes(4).toString('hex')}`;
  await adminQuery(url, `CREATE SCHEMA ${schema}`);
  const withSchema = new URL(url);
  withSchema.searchParams.set('options', `-c search_path=${schema}`);
  return {
    url,
    schema,
    urlWithSchema: withSchema.toString(),
    drop: async () => {
      await adminQuery(url, `DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    },
  };
}

/** Runs one statement on a short-lived connection of its own (outside any pool under test). */
export async function adminQuery(url: string, sql: string, params: unknown[] = []): Promise<pg.QueryResult> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5_000 });
  await client.connect();
  try {
    return await client.query(sql, params);
  } finally {
    await client.end();
  }
}
