import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';

// src/config/ is the one reader of the environment (loadConfig and the section loaders it calls);
// every variable its files read must be documented in the README's configuration table and in
// .env.example, and nothing documented may be stale.
const CONFIG_DIR = 'src/config';
const configFiles = readdirSync(CONFIG_DIR)
  .filter((f) => f.endsWith('.ts'))
  .map((f) => path.join(CONFIG_DIR, f));
const source = configFiles.map((f) => readFileSync(f, 'utf8')).join('\n');
const read = new Set([...source.matchAll(/\(\s*env,\s*'([A-Z][A-Z0-9_]+)'/g)].map((m) => m[1]));
const readme = readFileSync('README.md', 'utf8');
const example = readFileSync('.env.example', 'utf8');
const tableVariables = new Set([...readme.matchAll(/^\| `([A-Z][A-Z0-9_]+)` \|/gm)].map((m) => m[1]));
const exampleVariables = new Set([...example.matchAll(/^#?\s*([A-Z][A-Z0-9_]+)=/gm)].map((m) => m[1]));

test('src/config/ reads a plausible number of variables', () => {
  assert.ok(read.size >= 30, `found only ${read.size}`);
});

test('every variable src/config/ reads is in the README table and in .env.example', () => {
  assert.deepEqual(
    [...read].filter((v) => !tableVariables.has(v)),
    [],
    'missing from the README configuration table',
  );
  assert.deepEqual(
    [...read].filter((v) => !exampleVariables.has(v)),
    [],
    'missing from .env.example',
  );
});

test('the README table and .env.example list nothing src/config/ does not read', () => {
  assert.deepEqual(
    [...tableVariables].filter((v) => !read.has(v)),
    [],
    'stale in the README',
  );
  assert.deepEqual(
    [...exampleVariables].filter((v) => !read.has(v)),
    [],
    'stale in .env.example',
  );
});

test('no module outside src/config/ reads process.env, and inside it only load-config.ts', () => {
  let hits = '';
  try {
    hits = execFileSync('grep', ['-rln', 'process\\.env', 'src'], { encoding: 'utf8' });
  } catch {
    // grep exits 1 when nothing matches: an empty answer, not an error.
  }
  assert.deepEqual(
    hits.split('\n').filter((f) => f && f !== path.join(CONFIG_DIR, 'load-config.ts')),
    [],
  );
});
