import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const BIN = path.resolve('bin/flowwatch.js');

/** The environment of a fresh demo install: no tenant, no PostgreSQL, a small emulated tenant. */
function demoEnv(dataDir: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (!/^(AUDIT_|DATABASE_URL|SQLITE_PATH|EMULATOR_|DEFAULT_TIMEZONE|BOT_)/.test(k)) env[k] = v;
  }
  return {
    ...env,
    DATA_DIR: dataDir,
    LOG_LEVEL: 'warn',
    EMULATOR_MAKERS: '4',
    EMULATOR_FLOWS_PER_DAY: '8',
    EMULATOR_DAYS: '3',
  };
}

function flowwatch(args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number | null; out: string; err: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, out, err }));
  });
}

describe('flowwatch ask, end to end in demo mode', () => {
  let dir = '';
  before(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'flowwatch-ask-cli-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  test('syncs from the emulator, prints a table, and a second process answers from the same store', async () => {
    const env = demoEnv(dir);
    const first = await flowwatch(['ask', 'new flows last 3 days', '--tz', 'Europe/Berlin'], env);
    assert.equal(first.code, 0, first.err);
    const lines = first.out.split('\n');
    assert.equal(lines[0], 'New flows');
    assert.match(
      lines[1],
      /^Period: \w{3} \d{1,2} \w{3} \d{4} – \w{3} \d{1,2} \w{3} \d{4} \(Europe\/Berlin\), \d{4}-\d{2}-\d{2} 00:00 to \d{4}-\d{2}-\d{2} 00:00$/,
    );
    assert.doesNotMatch(first.out, /Coverage incomplete/);
    assert.match(first.out, /^Time\s+What\s+Maker\s+Flow\s+/m);
    assert.match(first.out, /^\d{2} \w{3} \d{2}:\d{2}\s+Created\s+\S+@contoso\.example\s/m);
    for (const line of lines) assert.ok([...line].length <= 120, `wider than 120: ${line}`);

    const second = await flowwatch(['ask', 'how many flows last 3 days', '--no-sync', '--json'], env);
    assert.equal(second.code, 0, second.err);
    const result = JSON.parse(second.out);
    assert.equal(result.question, 'how many flows last 3 days');
    assert.equal(result.coverage.complete, true);
    const created = result.counts.find((c: { key: string }) => c.key === 'CreateFlow');
    const listed = lines.filter((l) => /^\d{2} \w{3} \d{2}:\d{2}\s+Created/.test(l)).length;
    assert.ok(
      created && created.count >= listed && listed > 0,
      `counts ${JSON.stringify(result.counts)}, listed ${listed}`,
    );
  });

  test('text it cannot parse gets suggestions and exit code 2', async () => {
    const run = await flowwatch(['ask', 'new flos today'], demoEnv(dir));
    assert.equal(run.code, 2);
    assert.match(run.err, /did not understand "new flos today"/);
    assert.match(run.err, /flowwatch ask "new flows today"/);
  });

  test('a text over 500 characters is refused as too long, with exit code 2 and no sync', async () => {
    const run = await flowwatch(['ask', 'new flows today' + ' please'.repeat(80)], demoEnv(dir));
    assert.equal(run.code, 2);
    assert.match(run.err, /flowwatch ask: That text is 575 characters long; I read questions of up to 500 characters/);
    assert.equal(run.out, '');
  });
});
