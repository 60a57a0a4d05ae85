import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { syncCommand, type SyncCommandDeps } from '../../src/cli/commands/sync.ts';
import { loadConfig } from '../../src/config/load-config.ts';
import { createLogger } from '../../src/log.ts';
import { openRuntime } from '../../src/runtime/runtime.ts';
import { formatSyncReport } from '../../src/sync/format-sync-report.ts';
import { emptyReport, type SyncReport } from '../../src/sync/sync-report.ts';

const dir = mkdtempSync(path.join(tmpdir(), 'flowwatch-synccli-'));
after(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;

function deps(untilStopped: () => Promise<void> = async () => undefined) {
  const out: string[] = [];
  const err: string[] = [];
  const dataDir = path.join(dir, `data-${++n}`);
  const d: SyncCommandDeps = {
    loadConfig: () => loadConfig({ DATA_DIR: dataDir, LOG_LEVEL: 'silent' }),
    openRuntime: (config, onReport) =>
      openRuntime(config, {
        log: createLogger('silent'),
        onSyncReport: onReport,
        emulator: { seed: 5, makers: 6, environments: 2, flowsPerDay: 6, days: 2 },
      }),
    untilStopped,
    out: (t) => out.push(t),
    err: (t) => err.push(t),
  };
  return { d, out, err, dataDir };
}

describe('flowwatch sync', () => {
  test('--once syncs the demo tenant into the SQLite file under DATA_DIR and prints the report', async () => {
    const { d, out, err, dataDir } = deps();
    assert.equal(await syncCommand(['--once'], d), 0);
    assert.ok(existsSync(path.join(dataDir, 'flowwatch.db')));
    assert.match(err.join('\n'), /demo mode: syncing from the built-in tenant emulator at http:\/\/127\.0\.0\.1:\d+/);
    const text = out.join('\n');
    assert.match(text, /^Sync of mgmt:Audit\.General: OK in /);
    assert.match(text, /records\s+\d+ seen: [1-9]\d* new Flow events/);
  });

  test('--json prints the report as JSON; a second run resumes from the stored cursor', async () => {
    const { d, out } = deps();
    assert.equal(await syncCommand(['--once', '--json'], d), 0);
    assert.equal(await syncCommand(['--once', '--json'], d), 0);
    const [first, second] = out.map((line) => JSON.parse(line) as SyncReport);
    assert.ok(first.flowEventsNew > 0);
    assert.equal(first.subscription, 'started');
    assert.equal(second.ok, true);
    assert.equal(second.range?.from, new Date(Date.parse(first.cursor!) - 15 * 60_000).toISOString());
  });

  test('without --once it runs the loop until stopped', async () => {
    let stop!: () => void;
    const stopped = new Promise<void>((resolve) => (stop = resolve));
    const { d, out } = deps(() => stopped);
    const printedFirst = new Promise<void>((resolve) => {
      const original = d.out;
      d.out = (t) => {
        original(t);
        resolve();
      };
    });
    const exit = syncCommand([], d);
    await printedFirst;
    stop();
    assert.equal(await exit, 0);
    assert.match(out[0], /^Sync of mgmt:Audit\.General: OK/);
  });

  test('rejects unknown options with the usage', async () => {
    const { d, err } = deps();
    assert.equal(await syncCommand(['--forever'], d), 2);
    assert.match(err.join('\n'), /usage: flowwatch sync/);
  });
});

describe('formatSyncReport', () => {
  test('says what failed, where, and that the next run resumes', () => {
    const report: SyncReport = {
      ...emptyReport('mgmt:Audit.General', new Date('2026-05-04T10:00:00.000Z')),
      ok: false,
      durationMs: 1500,
      range: { from: '2026-05-03T10:00:00.000Z', to: '2026-05-04T10:00:00.000Z' },
      windows: 2,
      windowsCompleted: 1,
      gaps: ['a$b$audit_general$Audit_General$na0031'],
      brokenRecords: 1,
      brokenReasons: ['x: record 1 has no valid CreationTime'],
      error: {
        message: 'Too many requests',
        code: 'AF429',
        window: { from: '2026-05-04T09:00:00.000Z', to: '2026-05-04T10:00:00.000Z' },
      },
    };
    const text = formatSyncReport(report);
    assert.match(text, /FAILED in 1\.5 s/);
    assert.match(text, /1 of 2 windows done/);
    assert.match(text, /1 expired blob could not be fetched/);
    assert.match(text, /broken: x: record 1 has no valid CreationTime/);
    assert.match(
      text,
      /AF429: Too many requests in window 2026-05-04T09:00:00\.000Z → 2026-05-04T10:00:00\.000Z\. The next run resumes there\./,
    );
  });

  test('counts the blobs that ran out of retries, those stored again, and those still waiting', () => {
    const report: SyncReport = {
      ...emptyReport('mgmt:Audit.General', new Date('2026-05-04T10:00:00.000Z')),
      failedBlobs: ['a$1', 'a$2', 'a$3', 'a$4'],
      failedBlobsRetried: 5,
      failedBlobsRecovered: 3,
      failedBlobsPending: 6,
    };
    assert.match(
      formatSyncReport(report),
      /^ {2}failed {4}4 blobs ran out of retries: a\$1, a\$2, a\$3, …; 3 of 5 failed earlier stored now; 6 wait for the next run$/m,
    );
    assert.doesNotMatch(formatSyncReport(emptyReport('mgmt:Audit.General', new Date())), /failed/);
  });
});
