import type pg from 'pg';
import type { Logger } from '../../log.ts';
import { describePgError, translatePgError, withPooledClient } from './pool.ts';

/**
 * How every PostgreSQL concern reaches the database: a pool call or a transaction, with driver
 * connection errors turned into StoreUnavailableError (so the sync pauses and chat says the store
 * is unavailable; the pool reconnects on its own once the database is back).
 */
export class PgRunner {
  constructor(
    readonly pool: pg.Pool,
    private readonly logger?: Logger,
  ) {}

  async run<T>(work: (db: pg.Pool) => Promise<T>): Promise<T> {
    try {
      return await work(this.pool);
    } catch (error) {
      throw translatePgError(error);
    }
  }

  /** `work` on one pooled client, which the caller's SQL may put in a transaction itself. */
  withClient<T>(work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
    return this.run((pool) => withPooledClient(pool, work, this.logger));
  }

  transaction<T>(work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
    return this.withClient(async (client) => {
      await client.query('BEGIN');
      try {
        const result = await work(client);
        await client.query('COMMIT');
        return result;
      } catch (error) {
        await client
          .query('ROLLBACK')
          .catch((rollbackError: unknown) =>
            this.logger?.debug('rollback failed', { error: describePgError(rollbackError) }),
          );
        throw error;
      }
    });
  }
}
