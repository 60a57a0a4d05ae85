/**
 * Answers equal the audit log: three independent audit files (a Management API blob with a
 * duplicate, a Graph records page, a legacy psws export), each holding a flow's create and edit and
 * then a DeleteFlow that names the flow only in ObjectId, imported into a fresh demo-mode store and
 * asked about through the real `flowwatch` command.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = fileURLToPath(new URL('../../', import.meta.url));
const fixture = (name: string): string => path.join(repo, 'test/fixtures/audit-truth', name);
const TENANT = '8d2b6f41-5c3e-4a19-b7d0-2e9f1a6c4b83';
const ENV = `Default-${TENANT}`;
/** What the runtime logs when it starts the built-in emulator (src/runtime/runtime.ts). */
const EMULATOR_LINE = /built-in tenant emulator/;

interface Case {
  file: string;
  day: string;
  flowId: string;
  creator: string;
  deleter: string;
  /** As of the edit, the latest record that listed them (the delete lists none). */
  connectors: string[];
}

const CASES: Case[] = [
  {
    file: 'management-blob.json',
    day: '2026-11-20',
    flowId: '4b8e2c71-9d3a-4f60-a5b7-1c2d3e4f5a61',
    creator: 'morgan.diaz@fabrikam.example',
    deleter: 'it.admin@fabrikam.example',
    connectors: ['Recurrence', 'Office 365 Outlook', 'SharePoint', 'HTTP'],
  },
  {
    file: 'graph-records-page.json',
    day: '2026-11-21',
    flowId: '5c9f3d82-ae4b-4071-b6c8-2d3e4f5a6b72',
    creator: 'riley.chen@fabrikam.example',
    deleter: 'riley.chen@fabrikam.example',
    connectors: ['Microsoft Forms', 'Approvals', 'Microsoft Teams', 'Excel Online (Business)'],
  },
  {
    file: 'psws-response.json',
    day: '2026-11-22',
    flowId: '6da04e93-bf5c-4182-87d9-3e4f5a6b7c83',
    creator: 'sam.okafor@fabrikam.example',
    deleter: 'sam.okafor@fabrikam.example',
    connectors: ['Request', 'SQL Server', 'Office 365 Users', 'HTTP'],
  },
];

function flowwatch(args: string[], dataDir: string) {
  // Demo mode (no AUDIT_*), the store in a temp dir, a small emulated tenant, info logs to see what starts.
  const run = spawnSync(process.execPath, [path.join(repo, 'bin/flowwatch.js'), ...args], {
    cwd: repo,
    encoding: 'utf8',
    env: {
      PATH: process.env.PATH ?? '',
      DATA_DIR: dataDir,
      LOG_LEVEL: 'info',
      EMULATOR_MAKERS: '4',
      EMULATOR_FLOWS_PER_DAY: '8',
      EMULATOR_DAYS: '3',
    },
  });
  return { code: run.status, out: run.stdout, err: run.stderr };
}

interface Row {
  operation: string;
  actorUpn: string | null;
  flowId: string | null;
  tenantId: string | null;
  flow: { flowId: string; environmentId: string | null; deleted: boolean; creatorUpn: string; connectors: string[] };
}

function askJson(question: string, dir: string, extra: string[] = []) {
  const run = flowwatch(['ask', question, '--json', ...extra], dir);
  assert.equal(run.code, 0, run.err);
  const result = JSON.parse(run.out) as {
    coverage: { complete: boolean; missing: { from: string; to: string }[] };
    counts: { key: string; count: number }[];
    events: { items: Row[] };
  };
  return { result, err: run.err };
}

function withDir(body: (dir: string) => void): void {
  const dir = mkdtempSync(path.join(tmpdir(), 'flowwatch-truth-'));
  try {
    body(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Every event in the store (since long before any file, flows of every operation). */
function allEvents(dir: string): Row[] {
  const { result } = askJson('flows since 2026-01-01', dir, ['--no-sync', '--limit', '1000']);
  return result.events.items;
}

for (const c of CASES) {
  describe(`imported ${c.file}: answers equal the file`, () => {
    test('with --covers its day: the delete names its flow, the inventory marks it deleted, nothing else mixes in', () => {
      withDir((dir) => {
        const imported = flowwatch(['import', '--covers', `${c.day}..${nextDay(c.day)}`, fixture(c.file)], dir);
        assert.equal(imported.code, 0, imported.err);
        assert.match(imported.out, new RegExp(`covers ${c.day}T00:00:00.000Z to ${nextDay(c.day)}T00:00:00.000Z`));

        // A plain ask (sync allowed) over the covered day answers from the file.
        const { result, err } = askJson(`deleted flows on ${c.day}`, dir);
        assert.equal(result.coverage.complete, true, JSON.stringify(result.coverage));
        assert.equal(result.events.items.length, 1);
        const [deleted] = result.events.items;
        assert.equal(deleted.operation, 'DeleteFlow');
        assert.equal(deleted.actorUpn, c.deleter);
        assert.equal(deleted.flowId, c.flowId);
        assert.equal(deleted.flow.deleted, true);
        assert.equal(deleted.flow.creatorUpn, c.creator);
        assert.equal(deleted.flow.environmentId, ENV);
        assert.deepEqual(deleted.flow.connectors, c.connectors);
        assert.doesNotMatch(err, EMULATOR_LINE);

        // The table says the same, with no "not synced yet".
        const table = flowwatch(['ask', `deleted flows on ${c.day}`], dir);
        assert.doesNotMatch(table.out, /not synced yet/);
        assert.match(table.out, /Deleted/);

        // Outside the file's range the period is still not covered, and asking does not sync the emulator.
        const outside = askJson(`new flows on ${nextDay(c.day)}`, dir);
        assert.equal(outside.result.coverage.complete, false);
        assert.match(outside.err, /not syncing: the store holds imported audit files/);
        assert.doesNotMatch(outside.err, EMULATOR_LINE);

        const events = allEvents(dir);
        assert.equal(events.length, 3, 'the create, the edit and the delete; no emulator events, the duplicate once');
        assert.ok(events.every((e) => e.tenantId === TENANT && e.flowId === c.flowId));
      });
    });

    test("without --covers it covers its records' span, not the whole day", () => {
      withDir((dir) => {
        assert.equal(flowwatch(['import', fixture(c.file)], dir).code, 0);
        const { result } = askJson(`flows on ${c.day}`, dir, ['--no-sync']);
        assert.equal(result.coverage.missing.length, 2, JSON.stringify(result.coverage));
        const [before, after] = result.coverage.missing;
        assert.equal(before.from, `${c.day}T00:00:00.000Z`);
        assert.equal(after.to, `${nextDay(c.day)}T00:00:00.000Z`);
        const times = result.events.items.map((e) => (e as unknown as { occurredAt: string }).occurredAt).sort();
        assert.equal(before.to, times[0]);
        assert.equal(Date.parse(after.from), Date.parse(times.at(-1)!) + 1);
        assert.equal(allEvents(dir).length, 3);
      });
    });
  });
}

describe('the digest over an imported file', () => {
  test('the delete shows its flow, not "The audit record names no flow"', () => {
    withDir((dir) => {
      assert.equal(
        flowwatch(['import', '--covers', '2026-11-20..2026-11-21', fixture('management-blob.json')], dir).code,
        0,
      );
      const out = path.join(dir, 'preview');
      const run = flowwatch(['digest', '--preview', '--date', '2026-11-20', '--out', out], dir);
      assert.equal(run.code, 0, run.err);
      assert.match(run.out, /1 new, 1 edited, 1 deleted flows/);
      assert.doesNotMatch(run.out, /Sync has not covered/);
      const card = readFileSync(path.join(out, 'digest-2026-11-20.json'), 'utf8');
      assert.doesNotMatch(card, /names no flow/);
      assert.doesNotMatch(run.err, EMULATOR_LINE);
    });
  });
});

describe('ask --no-sync', () => {
  test('on an empty demo store starts no emulator and leaves the sync state untouched', () => {
    withDir((dir) => {
      const first = flowwatch(['ask', 'new flows today', '--no-sync', '--json'], dir);
      assert.equal(first.code, 0, first.err);
      assert.doesNotMatch(first.err, EMULATOR_LINE);
      assert.equal(JSON.parse(first.out).coverage.complete, false);
      // Nothing was synced by it: the store still holds no events and no coverage.
      const { result, err } = askJson('flows last 3 days', dir, ['--no-sync']);
      assert.doesNotMatch(err, EMULATOR_LINE);
      assert.deepEqual(result.counts, []);
      assert.equal(result.coverage.complete, false);
      assert.equal(result.coverage.missing.length, 1);
    });
  });
});

function nextDay(day: string): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
}
