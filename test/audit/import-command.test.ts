import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = fileURLToPath(new URL('../../', import.meta.url));
const fixture = (name: string): string => path.join(repo, 'test/fixtures/audit', name);

function flowwatch(args: string[], dataDir: string) {
  // A clean environment: demo mode, the store in a temp dir, nothing inherited from the caller's AUDIT_* settings.
  return spawnSync(process.execPath, [path.join(repo, 'bin/flowwatch.js'), ...args], {
    cwd: repo,
    encoding: 'utf8',
    env: { PATH: process.env.PATH ?? '', DATA_DIR: dataDir, LOG_LEVEL: 'silent' },
  });
}

test('flowwatch import stores events in the configured store and reports duplicates on a second run', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'flowwatch-import-cli-'));
  try {
    const first = flowwatch(['import', fixture('management-blob.json'), fixture('psws-response.json')], dir);
    assert.equal(first.status, 0, first.stderr);
    assert.match(first.stdout, /management-blob\.json: management-blob, 3 records: 3 new Flow events, 0 duplicates/);
    assert.match(first.stdout, /psws-response\.json: psws, 1 records: 0 new Flow events, 1 duplicates/);
    const second = flowwatch(['import', fixture('management-blob.json')], dir);
    assert.equal(second.status, 0, second.stderr);
    assert.match(second.stdout, /total: 1 of 1 files read, 0 new Flow events, 3 duplicates/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('flowwatch import exits 1 and names the file it could not read', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'flowwatch-import-cli-'));
  try {
    const run = flowwatch(['import', path.join(dir, 'missing.json')], dir);
    assert.equal(run.status, 1);
    assert.match(run.stdout, /missing\.json: not imported: ENOENT/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
