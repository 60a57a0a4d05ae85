/** Starts bench/emulator-child.ts and returns what it printed once it is ready. */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';

export interface ChildEmulator {
  url: string;
  tenantId: string;
  clientId: string;
  clientSecret: string;
  authorityMetadata: string;
  now: string;
  /** The contentCreated range a first sync at `now` lists. */
  listed: { from: string; to: string };
  /** Distinct Flow records in the blobs of `listed`: what that sync must store. */
  flowRecords: number;
  /** CPU seconds (user + system) the emulator process has used so far; null where /proc is missing. */
  cpuSeconds(): number | null;
  stop(): void;
}

export async function startChildEmulator(
  totalRecords: number,
  mode: 'ingest' | 'backfill' = 'ingest',
): Promise<ChildEmulator> {
  const child: ChildProcess = spawn(
    process.execPath,
    ['bin/run-ts.js', 'bench/emulator-child.ts', String(totalRecords), mode],
    {
      stdio: ['pipe', 'pipe', 'inherit'],
      // Its own session, hence its own scheduling group where Linux groups by session (autogroup):
      // the emulator stands in for Microsoft's servers, so on a busy machine its CPU must not come
      // out of the measured process's share. It still exits when our end of its stdin closes.
      detached: true,
    },
  );
  const lines = createInterface({ input: child.stdout! });
  const first = await new Promise<string>((resolve, reject) => {
    lines.once('line', resolve);
    child.once('exit', (code) => reject(new Error(`emulator child exited with ${code}`)));
  });
  return {
    ...(JSON.parse(first) as Omit<ChildEmulator, 'stop' | 'cpuSeconds'>),
    cpuSeconds: () => processCpuSeconds(child.pid),
    stop: () => child.stdin!.end(),
  };
}

/** utime + stime of a process from /proc/PID/stat (fields 14 and 15, in clock ticks of 1/100 s). */
function processCpuSeconds(pid: number | undefined): number | null {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return null;
  }
}
