import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';

// src/config.ts is the one reader of the environment; every variable it reads must be documented in
// the README's configuration table and in .env.example, and nothing documented may be stale.
const source = readFileSync('src/config.ts', 'utf8');
const read = new Set([...source.matchAll(/\(\s*env,\s*'([A-Z][A-Z0-9_]+)'/g)].map((m) => m[1]));
const readme = readFileSync('README.md', 'utf8');
const example = readFileSync('.env.example', 'utf8');
const tableVariables = new Set([...readme.matchAll(/^\| `([A-Z][A-Z0-9_]+)` \|/gm)].map((m) => m[1]));
const exampleVariables = new Set([...example.matchAll(/^#?\s*([A-Z][A-Z0-9_]+)=/gm)].map((m) => m[1]));

test('config.ts reads a plausible number of variables', () => {
  assert.ok(read.size >= 30, `found only ${read.size}`);
});

test('every variable config.ts reads is in the README table and in .env.example', () => {
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

test('the README table and .env.example list nothing config.ts does not read', () => {
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

test('no other module under src/ reads process.env', () => {
  let hits = '';
  try {
    hits = execFileSync('grep', ['-rln', 'process\\.env', 'src'], { encoding: 'utf8' });
  } catch {
    // grep exits 1 when nothing matches: an empty answer, not an error.
  }
  assert.deepEqual(
    hits.split('\n').filter((f) => f && f !== 'src/config.ts'),
    [],
  );
});
