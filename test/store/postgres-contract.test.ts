/**
 * The shared Store contract (contract.ts) against PostgreSQL, in a schema of this run's own.
 * Each `open` hands out an emptied store, as the contract asks.
 */
import { after, test } from 'node:test';
import pg from 'pg';
import { openPostgresStore } from '../../src/store/postgres/postgres-store.ts';
import { storeContract } from './contract.ts';
import { createTestSchema, postgresSkipReason, TEST_DATABASE_URL } from './postgres-test-database.ts';

const skip = await postgresSkipReason();

if (skip) {
  test('Store contract: postgres', { skip }, () => undefined);
} else {
  const db = await createTestSchema('fw_contract');
  const admin = new pg.Client({ connectionString: TEST_DATABASE_URL });
  await admin.connect();
  after(async () => {
    await admin.end();
    await db.drop();
  });

  storeContract('postgres', async () => {
    const store = await openPostgresStore({ connectionString: TEST_DATABASE_URL, schema: db.schema, max: 4 });
    const { rows } = await admin.query(
      `SELECT tablename FROM pg_tables WHERE schemaname = $1 AND tablename <> 'schema_migrations'`,
      [db.schema],
    );
    // DELETE, not TRUNCATE: the tables are small, and one commit is much cheaper than new files.
    await admin.query(`BEGIN; ${rows.map((r) => `DELETE FROM ${db.schema}.${r.tablename};`).join(' ')} COMMIT`);
    return store;
  });
}
