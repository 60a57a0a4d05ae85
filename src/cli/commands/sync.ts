/**
 * `flowwatch sync [--once] [--json]`: pulls audit events into the store. With --once, one run and
 * its report; without, a run now and every SYNC_INTERVAL_MINUTES until Ctrl-C.
 */
import { parseArgs } from 'node:util';
import { loadConfig, type Config } from '../../config/load-config.ts';
import type { Runtime } from '../../runtime/runtime.ts';
import { formatSyncReport } from '../../sync/format-sync-report.ts';
import type { SyncReport } from '../../sync/sync-report.ts';

export const summary = 'pull audit events into the store: once (--once) or every SYNC_INTERVAL_MINUTES';

const HELP = `usage: flowwatch sync [--once] [--json]

Pulls Power Automate audit events from the Office 365 Management Activity API (in demo mode,
from the built-in tenant emulator) into the store, and prints what each run did.

  --once    sync once, print the report and exit
  --json    print reports as JSON lines
Without --once: syncs now, then every SYNC_INTERVAL_MINUTES, until Ctrl-C.

Exit code: 0 the (last) run succeeded, 1 it failed or could not start, 2 bad options.`;

export type SyncRuntime = Pick<Runtime, 'syncOnce' | 'close' | 'sync'> & { emulator?: { url: string } };

export interface SyncCommandDeps {
  loadConfig: () => Config;
  openRuntime: (config: Config, onReport: (report: SyncReport) => void) => Promise<SyncRuntime>;
  /** Resolves when the loop should stop (Ctrl-C / SIGTERM). */
  untilStopped: () => Promise<void>;
  out: (text: string) => void;
  err: (text: string) => void;
}

export async function run(args: string[]): Promise<number> {
  return syncCommand(args, {
    loadConfig: () => loadConfig(),
    openRuntime: async (config, onReport) =>
      (await import('../../runtime/runtime.ts')).openRuntime(config, { onSyncReport: onReport }),
    untilStopped: () =>
      new Promise((resolve) => {
        process.once('SIGINT', () => resolve());
        process.once('SIGTERM', () => resolve());
      }),
    out: (text) => console.log(text),
    err: (text) => console.error(text),
  });
}

/** The command with its surroundings passed in, so tests can run it on a small emulator. */
export async function syncCommand(args: string[], deps: SyncCommandDeps): Promise<number> {
  let values: { once?: boolean; json?: boolean; help?: boolean };
  try {
    ({ values } = parseArgs({
      args,
      options: { once: { type: 'boolean' }, json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    deps.err(`flowwatch sync: ${(error as Error).message}\n\n${HELP}`);
    return 2;
  }
  if (values.help) {
    deps.out(HELP);
    return 0;
  }
  const print = (report: SyncReport) =>
    deps.out(values.json ? JSON.stringify(report) : `${formatSyncReport(report)}\n`);
  const config = deps.loadConfig();
  let last: SyncReport | null = null;
  const runtime = await deps.openRuntime(config, (report) => {
    last = report;
    if (!values.once) print(report);
  });
  try {
    if (runtime.emulator)
      deps.err(
        `demo mode: syncing from the built-in tenant emulator at ${runtime.emulator.url} (set AUDIT_* for a real tenant)`,
      );
    if (values.once) {
      const report = await runtime.syncOnce();
      print(report);
      return report.ok ? 0 : 1;
    }
    deps.err(`syncing every ${Math.round(config.sync.intervalMs / 60_000)} min; Ctrl-C to stop`);
    runtime.sync.start();
    await deps.untilStopped();
    await runtime.sync.stop();
    return (last as SyncReport | null)?.ok === false ? 1 : 0;
  } finally {
    await runtime.close();
  }
}
