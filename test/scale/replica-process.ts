/**
 * One Flowwatch replica as a real process: `node bin/flowwatch.js serve` with its own environment,
 * its JSON log lines (stderr) collected and searchable, its bot URL read from the "bot listening"
 * line. Killed with SIGKILL by the test when it must die without warning.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';

const BIN = path.resolve('bin/flowwatch.js');

export type LogLine = Record<string, unknown> & { msg?: string };

export interface Replica {
  name: string;
  child: ChildProcess;
  logs: LogLine[];
  /** http://127.0.0.1:port of its bot, once it listens. */
  url(): Promise<string>;
  /** Resolves with the first log line (already seen or still to come) that matches. */
  waitForLog(match: (line: LogLine) => boolean, what: string, timeoutMs?: number): Promise<LogLine>;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Everything it wrote, for assertion messages. */
  output(): string;
  stop(signal?: NodeJS.Signals): Promise<void>;
}

/** The parent's environment without anything that would point a replica elsewhere. */
export function cleanEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (
      !/^(AUDIT_|DATABASE_URL|SQLITE_PATH|EMULATOR_|DEFAULT_TIMEZONE|BOT_|DIGEST_|LEASE_|SYNC_|PG_|PORT$|HOST$|LOG_LEVEL$)/.test(
        k,
      )
    )
      env[k] = v;
  }
  return env;
}

export function startReplica(name: string, env: NodeJS.ProcessEnv): Replica {
  const child = spawn(process.execPath, [BIN, 'serve'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  const logs: LogLine[] = [];
  const waiters: Array<{ match: (line: LogLine) => boolean; resolve: (line: LogLine) => void }> = [];
  let raw = '';
  let pending = '';
  child.stdout.on('data', (chunk: Buffer) => (raw += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => {
    const text = chunk.toString();
    raw += text;
    pending += text;
    let newline: number;
    while ((newline = pending.indexOf('\n')) >= 0) {
      const line = pending.slice(0, newline);
      pending = pending.slice(newline + 1);
      let parsed: LogLine;
      try {
        parsed = JSON.parse(line) as LogLine;
      } catch {
        continue; // not a log line (e.g. a Node warning); kept in raw output
      }
      logs.push(parsed);
      for (const waiter of [...waiters]) {
        if (waiter.match(parsed)) {
          waiters.splice(waiters.indexOf(waiter), 1);
          waiter.resolve(parsed);
        }
      }
    }
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );

  const waitForLog = (match: (line: LogLine) => boolean, what: string, timeoutMs = 60_000) => {
    const seen = logs.find(match);
    if (seen) return Promise.resolve(seen);
    return new Promise<LogLine>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`${name}: no log line "${what}" within ${timeoutMs} ms\n${raw.slice(-3000)}`)),
        timeoutMs,
      );
      const waiter = {
        match,
        resolve: (line: LogLine) => {
          clearTimeout(timer);
          resolve(line);
        },
      };
      waiters.push(waiter);
      void exited.then(() => {
        if (!waiters.includes(waiter)) return;
        clearTimeout(timer);
        reject(new Error(`${name} exited before logging "${what}"\n${raw.slice(-3000)}`));
      });
    });
  };

  return {
    name,
    child,
    logs,
    url: async () => {
      const line = await waitForLog((l) => l.msg === 'bot listening', 'bot listening');
      return String(line.url).replace(/\/api\/messages$/, '');
    },
    waitForLog,
    exited,
    output: () => raw,
    stop: async (signal: NodeJS.Signals = 'SIGTERM') => {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      await exited;
    },
  };
}
