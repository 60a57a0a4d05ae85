/**
 * The database goes away in the middle of a sync (a TCP proxy in front of PostgreSQL is stopped):
 * the run ends with a report that says the store is unavailable instead of crashing the process,
 * and the next run, once the database is back, completes; no event is lost or stored twice.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { normalizeRecord } from '../../src/audit/normalize.ts';
import { loadConfig } from '../../src/config/load-config.ts';
import { createLogger } from '../../src/log.ts';
import { openRuntime, type Runtime } from '../../src/runtime/runtime.ts';
import { openPostgresStore } from '../../src/store/postgres/postgres-store.ts';
import {
  createTestSchema,
  postgresSkipReason,
  TEST_DATABASE_URL,
  type TestSchema,
} from '../store/postgres-test-database.ts';
import { waitUntil } from '../helpers/wait-until.ts';
import { startTcpProxy, type TcpProxy } from './tcp-proxy.ts';

const skip = await postgresSkipReason();

describe('sync while PostgreSQL restarts', { skip: skip ?? false }, () => {
  let db: TestSchema;
  let proxy: TcpProxy;
  let admin: pg.Client;
  let runtime: Runtime;
  let dataDir: string;

  before(async () => {
    db = await createTestSchema('fw_outage');
    admin = new pg.Client({ connectionString: TEST_DATABASE_URL });
    await admin.connect();
    const target = new URL(TEST_DATABASE_URL);
    proxy = await startTcpProxy({ host: target.hostname, port: Number(target.port || 5432) });
    const viaProxy = new URL(TEST_DATABASE_URL);
    viaProxy.host = `127.0.0.1:${proxy.port}`;
    const store = await openPostgresStore({
      connectionString: viaProxy.toString(),
      schema: db.schema,
      max: 3,
      connectTimeoutMs: 2_000,
    });
    dataDir = mkdtempSync(path.join(tmpdir(), 'flowwatch-outage-'));
    const config = loadConfig({
      DATA_DIR: dataDir,
      LOG_LEVEL: 'silent',
      SYNC_CONCURRENCY: '2',
      LEASE_TTL_SECONDS: '30',
    });
    const t0 = new Date();
    runtime = await openRuntime(config, {
      store,
      now: () => t0,
      log: createLogger('silent'),
      emulator: {
        seed: 11,
        makers: 8,
        environments: 2,
        flowsPerDay: 25,
        days: 2,
        pageSize: 10,
        maxRecordsPerBlob: 10,
        faults: { slowMs: 60 },
      },
    });
  });
  after(async () => {
    await runtime?.close();
    await proxy?.close();
    await admin?.end();
    await db?.drop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  test('a sync cut off by the outage reports it, and the next one after the restart completes exactly', async () => {
    const emulator = runtime.emulator!;
    const truth = new Set<string>();
    for (const raw of emulator.groundTruth()) {
      const outcome = normalizeRecord(raw);
      if (outcome.kind === 'flow') truth.add(outcome.event.id);
    }
    const count = async () =>
      Number((await admin.query(`SELECT count(*) AS n FROM ${db.schema}.flow_events`)).rows[0].n);

    const cutOff = runtime.syncOnce();
    await waitUntil(
      'a fifth of the events to be stored before the outage',
      async () => (await count()) >= truth.size / 5,
      {
        timeoutMs: 60_000,
        intervalMs: 20,
      },
    );
    await proxy.stop();
    const report = await cutOff;
    assert.equal(report.ok, false, 'the run should have been cut off by the outage (raise slowMs)');
    assert.match(report.error?.message ?? '', /unavailable/i);
    const atOutage = await count();
    assert.ok(atOutage > 0 && atOutage < truth.size, `stored ${atOutage} of ${truth.size} before the outage`);

    // Still down: a run fails fast and says why; the process and its loop live on.
    const whileDown = await runtime.syncOnce();
    assert.equal(whileDown.ok, false);

    await proxy.start();
    emulator.setFaults({ slowMs: 0 });
    const resumed = await runtime.syncOnce();
    assert.equal(resumed.ok, true, JSON.stringify(resumed.error));
    assert.ok(resumed.blobsSkippedDone > 0, 'blobs done before the outage are not fetched again');
    const { rows } = await admin.query(`SELECT id FROM ${db.schema}.flow_events`);
    assert.equal(rows.length, truth.size);
    for (const { id } of rows as Array<{ id: string }>)
      assert.ok(truth.has(id), `stored event ${id} is not in the ground truth`);
  });
});
