/** Starts bench/emulatorChild.ts and returns what it printed once it is ready. */
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';

export interface ChildEmulator {
  url: string;
  tenantId: string;
  clientId: string;
  clientSecret: string;
  authorityMetadata: string;
  now: string;
  flowRecords: number;
  stop(): void;
}

export async function startChildEmulator(totalRecords: number): Promise<ChildEmulator> {
  const child: ChildProcess = spawn(process.execPath, ['bin/run-ts.js', 'bench/emulatorChild.ts', String(totalRecords)], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const lines = createInterface({ input: child.stdout! });
  const first = await new Promise<string>((resolve, reject) => {
    lines.once('line', resolve);
    child.once('exit', (code) => reject(new Error(`emulator child exited with ${code}`)));
  });
  return { ...(JSON.parse(first) as Omit<ChildEmulator, 'stop'>), stop: () => child.stdin!.end() };
}
