#!/usr/bin/env node
// `npm test`: type-check and lint everything (eslint, prettier --check), then run every
// test/**/*.test.ts with node's test runner.
// The file list is built here (sorted, the same on every Node); `npm test FILE...` runs only those.
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';

function findTests(dir) {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return findTests(full);
    return name.endsWith('.test.ts') ? [full] : [];
  });
}

const only = process.argv.slice(2);
if (only.length === 0) {
  const checks = [
    ['type-check', 'node_modules/typescript/bin/tsc', '--noEmit', '-p', '.'],
    ['lint', 'node_modules/eslint/bin/eslint.js', '.'],
    ['format check', 'node_modules/prettier/bin/prettier.cjs', '--check', '--log-level', 'warn', '.'],
  ];
  for (const [name, ...args] of checks) {
    const check = spawnSync(process.execPath, args, { stdio: 'inherit' });
    if (check.status !== 0) {
      console.error(`${name} failed`);
      process.exit(check.status ?? 1);
    }
  }
}
const files = only.length > 0 ? only : findTests('test').sort();
const run = spawnSync(
  process.execPath,
  ['--import', 'tsx', '--test', '--test-reporter=spec', '--test-concurrency=2', ...files],
  { stdio: 'inherit', env: { ...process.env, LOG_LEVEL: process.env.LOG_LEVEL ?? 'silent' } },
);
process.exit(run.status ?? 1);
