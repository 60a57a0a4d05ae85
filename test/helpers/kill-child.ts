/**
 * A TypeScript script run in a child process that a crash test kills without warning (SIGKILL)
 * once it has got far enough: the sync, inventory and backfill crash tests. The script reads its
 * settings as one JSON argument (only what it needs: an emulator object also holds its whole
 * tenant, too big for argv).
 */
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { waitUntil } from './wait-until.ts';

/** What every crash test's child reads: the parent's emulator, its SQLite file and its clock. */
export interface ChildSettings {
  url: string;
  tenantId: string;
  clientId: string;
  clientSecret: string;
  dbFile: string;
  now: string;
}

export function childSettings(
  emulator: Pick<ChildSettings, 'url' | 'tenantId' | 'clientId' | 'clientSecret'>,
  dbFile: string,
  now: Date | string,
): ChildSettings {
  const { url, tenantId, clientId, clientSecret } = emulator;
  return { url, tenantId, clientId, clientSecret, dbFile, now: typeof now === 'string' ? now : now.toISOString() };
}

/** In the child: the settings its parent passed (spawnKillable's second argument). */
export function readChildSettings<T extends ChildSettings = ChildSettings>(): T {
  return JSON.parse(process.argv[2] ?? '{}') as T;
}

export interface KillableChild {
  child: ChildProcess;
  /** What it has printed so far. */
  stdout(): string;
  stderr(): string;
  /** Waits until `ready()` (or the child exits by itself), kills it, and asserts it died of the kill. */
  killWhen(what: string, ready: () => boolean, timeoutMs?: number): Promise<void>;
}

export function spawnKillable(script: string, settings: unknown): KillableChild {
  const child = spawn(process.execPath, ['bin/run-ts.js', script, JSON.stringify(settings)], {
    cwd: process.cwd(),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout.on('data', (c: Buffer) => (out += c.toString()));
  child.stderr.on('data', (c: Buffer) => (err += c.toString()));
  const exited = new Promise<NodeJS.Signals | null>((resolve) =>
    child.once('exit', (_code, signal) => resolve(signal)),
  );
  return {
    child,
    stdout: () => out,
    stderr: () => err,
    async killWhen(what, ready, timeoutMs = 30_000) {
      // A child that exits first is not waited for: the signal check says it finished too soon.
      await waitUntil(what, () => child.exitCode !== null || ready(), {
        timeoutMs,
        intervalMs: 5,
        detail: () => err.slice(-2000),
      });
      child.kill('SIGKILL');
      assert.equal(await exited, 'SIGKILL', `the child finished before it was killed: ${out} ${err.slice(-2000)}`);
    },
  };
}
