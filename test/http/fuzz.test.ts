/**
 * 1,000 randomized requests against `flowwatch serve` in demo mode (issue 15; the bench sends
 * 10,000): no 5xx, no request without an answer within 10 s, no crash, /healthz answering
 * throughout. A failure names the seed and index of the request, so it can be replayed.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startFakeConnector, type FakeConnector } from '../helpers/fake-connector.ts';
import { startServeChild, type ServeChild } from '../helpers/serve-child.ts';
import { DOCUMENTED_5XX, runFuzz } from '../helpers/fuzz-run.ts';

describe('flowwatch serve under 1,000 randomized requests', () => {
  let dir: string;
  let serve: ServeChild;
  let connector: FakeConnector;

  before(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'flowwatch-fuzz-'));
    connector = await startFakeConnector();
    serve = await startServeChild({
      HOME: dir,
      DATA_DIR: dir,
      PORT: '0',
      LOG_LEVEL: 'silent',
      EMULATOR_MAKERS: '5',
      EMULATOR_FLOWS_PER_DAY: '20',
      EMULATOR_DAYS: '3',
    });
  });

  after(async () => {
    await serve.kill();
    await connector.close();
    rmSync(dir, { recursive: true, force: true });
  });

  test('every request gets an answer within 10 s, none a 5xx, and the process stays up and healthy', async () => {
    const result = await runFuzz({
      baseUrl: serve.baseUrl,
      connectorUrl: connector.serviceUrl,
      count: 1_000,
      seed: 15,
      concurrency: 8,
      limitMs: 10_000,
      allowed5xx: DOCUMENTED_5XX,
    });
    assert.deepEqual(result.failures, []);
    assert.equal(result.sent, 1_000);
    assert.deepEqual(result.healthFailures, []);
    assert.ok(result.healthChecks > 0);
    assert.equal(serve.child.exitCode, null, 'serve is still running');
    assert.equal(serve.child.signalCode, null);
    // Both answered and refused requests were made: the run exercised more than the 400 path.
    assert.ok((result.byStatus['200'] ?? 0) > 100, JSON.stringify(result.byStatus));
    assert.ok((result.byStatus['400'] ?? 0) > 10, JSON.stringify(result.byStatus));
    assert.ok(connector.sentActivities().length > 100, 'the bot replied to many of them');
  });
});
