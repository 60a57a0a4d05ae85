/**
 * `flowwatch emulator` as an operator runs it: --help lists the fault flags, and a started
 * emulator applies them (here every Management API request is throttled, AF429 as HTTP 429).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { AuditApiError } from '../../src/audit/source.ts';
import { emulatorClient } from '../sync/helpers/emulator-client.ts';

const BIN = path.resolve('bin/flowwatch.js');

function cleanEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!/^(AUDIT_|EMULATOR_|DATABASE_URL|BOT_)/.test(k)) env[k] = v;
  return { ...env, LOG_LEVEL: 'warn', EMULATOR_MAKERS: '3', EMULATOR_FLOWS_PER_DAY: '4', EMULATOR_DAYS: '1' };
}

test('flowwatch emulator --help lists the fault flags', async () => {
  const child = spawn(process.execPath, [BIN, 'emulator', '--help'], { env: cleanEnv() });
  let out = '';
  child.stdout.on('data', (d) => (out += d));
  const code = await new Promise((resolve) => child.on('close', resolve));
  assert.equal(code, 0);
  for (const flag of [
    '--throttle-rate',
    '--throttle-status',
    '--retry-after',
    '--server-error-rate',
    '--truncate-rate',
    '--slow-ms',
  ])
    assert.match(out, new RegExp(`^\\s+${flag} `, 'm'), `${flag} missing from --help`);
});

test('flowwatch emulator --throttle-rate 100% --throttle-status 429 throttles every API request', async () => {
  const child = spawn(
    process.execPath,
    [BIN, 'emulator', '--port', '0', '--throttle-rate', '100%', '--throttle-status', '429'],
    { env: cleanEnv(), stdio: ['ignore', 'pipe', 'pipe'] },
  );
  try {
    const lines: string[] = [];
    for await (const line of createInterface({ input: child.stdout })) {
      lines.push(line);
      if (line.startsWith('Ctrl-C')) break;
    }
    const field = (name: string) =>
      lines
        .find((l) => l.trim().startsWith(name))
        ?.trim()
        .split(/\s{2,}/)[1];
    const url = /on (http:\/\/\S+)/.exec(lines[0] ?? '')?.[1];
    assert.ok(url, lines.join('\n'));
    assert.equal(field('faults'), 'throttleRate=1, throttleStatus=429');
    const client = emulatorClient(
      {
        url,
        tenantId: field('tenant id')!,
        clientId: field('client id')!,
        clientSecret: field('client secret')!.split(' ')[0],
      },
      { now: () => new Date(), maxRetries: 0 },
    );
    await assert.rejects(client.ensureSubscription('Audit.General'), (error: unknown) => {
      assert.ok(error instanceof AuditApiError);
      assert.equal(error.code, 'AF429');
      assert.equal(error.status, 429);
      return true;
    });
  } finally {
    child.kill('SIGTERM');
    await new Promise((resolve) => child.once('close', resolve));
  }
});
