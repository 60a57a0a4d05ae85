/**
 * Issue #5, end to end: two real replicas (`flowwatch serve` processes) on one PostgreSQL schema
 * and one tenant emulator. A channel subscribes to the digest; POST /api/digest reaches both
 * replicas at once and the channel gets exactly one digest. One replica leads the sync; it is
 * killed with SIGKILL mid-sync; the other takes the lease over and finishes. Every Flow event ends
 * up stored exactly once.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { normalizeRecord } from '../../src/audit/normalize.ts';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.ts';
import { ADMIN, ADMIN_TEAM_ID, CHANNEL_ID, TENANT_ID, channelMessage } from '../bot/fixtures/teams-activities.ts';
import { startFakeConnector, type FakeConnector } from '../helpers/fake-connector.ts';
import { waitUntil } from '../helpers/wait-until.ts';
import {
  createTestSchema,
  postgresSkipReason,
  TEST_DATABASE_URL,
  type TestSchema,
} from '../store/postgres-test-database.ts';
import { cleanEnv, startReplica, type LogLine, type Replica } from './replica-process.ts';

const skip = await postgresSkipReason();
const LEASE_TTL_SECONDS = 5;
const TOOK_LEASE = (l: LogLine) => l.msg === 'lease acquired: this replica now leads';
const DIGEST_SECRET = 'replica-digest-secret-3Fq9';

function groundTruthIds(emulator: RunningEmulator): Set<string> {
  const ids = new Set<string>();
  for (const raw of emulator.groundTruth()) {
    const outcome = normalizeRecord(raw);
    if (outcome.kind === 'flow') ids.add(outcome.event.id);
  }
  return ids;
}

describe('two replicas on one PostgreSQL database', { skip: skip ?? false }, () => {
  let db: TestSchema;
  let admin: pg.Client;
  let emulator: RunningEmulator;
  let dataDir: string;
  let connector: FakeConnector;
  const replicas: Replica[] = [];

  before(async () => {
    db = await createTestSchema('fw_replicas');
    admin = new pg.Client({ connectionString: TEST_DATABASE_URL });
    await admin.connect();
    const startedAt = new Date();
    // A fixed emulator clock keeps the ground truth still while the replicas sync; slowMs makes
    // the sync take long enough to be killed in the middle.
    emulator = await startEmulator({
      seed: 5,
      makers: 12,
      environments: 3,
      flowsPerDay: 30,
      days: 2,
      pageSize: 10,
      maxRecordsPerBlob: 10,
      faults: { slowMs: 60 },
      now: () => startedAt,
    });
    dataDir = mkdtempSync(path.join(tmpdir(), 'flowwatch-replicas-'));
    connector = await startFakeConnector();
  });
  after(async () => {
    await Promise.all(replicas.map((r) => r.stop('SIGKILL')));
    await emulator?.close();
    await connector?.close();
    await admin?.end();
    await db?.drop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  test('one digest for two replicas; the sync leader is killed mid-sync, the other takes over, and every event is stored exactly once', async () => {
    // The scheduler must not send on its own during the test: the digest is due 12 hours from now.
    const digestTime = `${String((new Date().getUTCHours() + 12) % 24).padStart(2, '0')}:00`;
    const env = (name: string): NodeJS.ProcessEnv => ({
      ...cleanEnv(),
      ALLOWED_TENANT_ID: TENANT_ID,
      ADMIN_USER_IDS: ADMIN.aadObjectId,
      ADMIN_TEAM_ID,
      DIGEST_SECRET,
      DIGEST_TIME: digestTime,
      DIGEST_TIMEZONE: 'UTC',
      DATABASE_URL: db.urlWithSchema,
      PG_POOL_MAX: '4',
      EMULATOR_URL: emulator.url,
      HOST: '127.0.0.1',
      PORT: '0',
      LEASE_TTL_SECONDS: String(LEASE_TTL_SECONDS),
      SYNC_INTERVAL_MINUTES: '60',
      SYNC_CONCURRENCY: '2',
      LOG_LEVEL: 'info',
      DATA_DIR: path.join(dataDir, name),
    });
    replicas.push(startReplica('replica-1', env('replica-1')), startReplica('replica-2', env('replica-2')));
    const urls = await Promise.all(replicas.map((r) => r.url()));

    // An admin subscribes the channel through one replica; both send-now requests then race.
    const subscribe = await fetch(`${urls[0]}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(channelMessage({ serviceUrl: connector.serviceUrl, text: 'digest here' })),
    });
    assert.equal(subscribe.status, 200);
    connector.reset();
    const sendNow = (url: string) =>
      fetch(`${url}/api/digest`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${DIGEST_SECRET}` },
        body: '{}',
      });
    const answers = await Promise.all(urls.map(sendNow));
    const results = await Promise.all(
      answers.map(async (a) => ({
        status: a.status,
        body: (await a.json()) as { results: Array<{ status: string; conversationId: string }> },
      })),
    );
    assert.deepEqual(
      results.map((r) => r.status),
      [200, 200],
      JSON.stringify(results),
    );
    const outcomes = results.flatMap((r) => r.body.results.map((x) => x.status)).sort();
    assert.equal(
      outcomes.filter((o) => o === 'sent').length,
      1,
      `exactly one replica sends: ${JSON.stringify(results)}`,
    );
    const posted = connector.sentActivities();
    assert.equal(posted.length, 1, 'the channel got exactly one digest');
    assert.equal(posted[0].conversationId, CHANNEL_ID);
    const { rows: runs } = await admin.query(`SELECT state FROM ${db.schema}.digest_runs WHERE conversation_id = $1`, [
      CHANNEL_ID,
    ]);
    assert.deepEqual(
      runs.map((r: { state: string }) => r.state),
      ['sent'],
    );

    const truth = groundTruthIds(emulator);
    assert.ok(truth.size > 50, `the emulated tenant is too small to test anything (${truth.size} events)`);

    // Exactly one replica takes the lease and syncs.
    const leader = await Promise.race(replicas.map((r) => r.waitForLog(TOOK_LEASE, 'lease acquired').then(() => r)));
    const survivor = replicas.find((r) => r !== leader)!;
    const storedCount = async () =>
      Number((await admin.query(`SELECT count(*) AS n FROM ${db.schema}.flow_events`)).rows[0].n);
    // The count is returned only once it is at least 10, so a truthy value is a real count.
    const atKill = await waitUntil(
      'the leader to store some events',
      async () => {
        const n = await storedCount();
        return n >= Math.max(10, truth.size / 10) ? n : null;
      },
      { timeoutMs: 90_000, intervalMs: 100 },
    );
    leader.child.kill('SIGKILL');
    const { signal } = await leader.exited;
    assert.equal(signal, 'SIGKILL');
    assert.ok(
      atKill < truth.size,
      `the leader finished before it could be killed (raise slowMs): ${atKill} of ${truth.size}`,
    );
    assert.equal(
      survivor.logs.filter(TOOK_LEASE).length,
      0,
      'the survivor must not have synced while the leader held the lease',
    );
    emulator.setFaults({ slowMs: 0 });

    // The survivor takes the lease over once the dead leader's lease runs out, and finishes the sync.
    await survivor.waitForLog(TOOK_LEASE, 'lease taken over', 60_000);
    await survivor.waitForLog((l) => l.msg === 'sync done', 'sync done after the takeover', 90_000);
    const { rows: lease } = await admin.query(`SELECT holder FROM ${db.schema}.leases WHERE name = 'sync'`);
    assert.equal(lease.length, 1);
    assert.match(String(lease[0].holder), new RegExp(`:${survivor.child.pid}:`), 'the lease belongs to the survivor');

    const { rows } = await admin.query(`SELECT id FROM ${db.schema}.flow_events`);
    const stored = rows.map((r: { id: string }) => r.id);
    assert.equal(new Set(stored).size, stored.length, 'an event is stored twice');
    assert.equal(stored.length, truth.size, `stored ${stored.length} events, the tenant has ${truth.size}`);
    for (const id of stored) assert.ok(truth.has(id), `stored event ${id} is not in the ground truth`);
    const { rows: reports } = await admin.query(`SELECT ok FROM ${db.schema}.sync_reports ORDER BY id DESC LIMIT 1`);
    assert.equal(reports[0]?.ok, true);
  });
});
