/** `flowwatch serve` as a user runs it: a child process on a free port, with a clean environment. */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';

const ROOT = path.resolve(import.meta.dirname, '../..');

export interface ServeChild {
  child: ChildProcess;
  /** What it printed up to "Press Ctrl+C to stop.". */
  printed: string;
  /** http://127.0.0.1:PORT */
  baseUrl: string;
  /** SIGKILL if it still runs, and wait for the exit. */
  kill(): Promise<void>;
}

/** Resolves with stdout once `marker` was printed; rejects if the process exits first. */
function waitForOutput(child: ChildProcess, marker: string): Promise<string> {
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    const onData = (chunk: Buffer) => {
      out += chunk.toString();
      if (out.includes(marker)) {
        child.stdout!.off('data', onData);
        resolve(out);
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', (chunk: Buffer) => (err += chunk.toString()));
    child.once('exit', (code) =>
      reject(new Error(`serve exited with ${code} before printing "${marker}":\n${out}\n${err.slice(-2000)}`)),
    );
  });
}

/** Starts `flowwatch serve` with exactly `env` (plus PATH) and waits until it listens. */
export async function startServeChild(env: Record<string, string>): Promise<ServeChild> {
  const child = spawn(process.execPath, ['bin/flowwatch.js', 'serve'], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const printed = await waitForOutput(child, 'Press Ctrl+C to stop.');
  const baseUrl = /Bot endpoint:\s+(http:\/\/localhost:\d+)\/api\/messages/
    .exec(printed)![1]
    .replace('localhost', '127.0.0.1');
  return {
    child,
    printed,
    baseUrl,
    async kill() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGKILL');
      await exited;
    },
  };
}
