/**
 * `flowwatch backfill [--since DATE] [--status]`: history beyond the Management API's 7 days
 * through the Graph audit log query API (issue 12). Plans the days from --since (else the
 * install's BACKFILL_DAYS and any gap), runs one sync and the backfill with a progress line, and
 * prints how far it got. --status only prints the progress of what is planned.
 */
import { parseArgs } from 'node:util';
import { loadConfig } from '../../config/load-config.ts';
import { daySlices } from '../../sync/backfill/plan-slices.ts';
import { backfillProgress, formatProgress } from '../../sync/backfill/progress.ts';

export const summary = 'fill history beyond 7 days from the Graph audit log query API (--since DATE, --status)';

const HELP = `usage: flowwatch backfill [--since YYYY-MM-DD] [--status]

Reads history the Management Activity API no longer has (up to 180 days) from the Microsoft Graph
audit log query API (application permission AuditLogsQuery.Read.All), one day per query, newest
first, into the store. Without --since: the BACKFILL_DAYS before today and any gap the sync left.

  --since DATE  also backfill every day from DATE (UTC) to yesterday
  --status      print how far the backfill has got and exit

Exit code: 0 done, 1 a day failed or could not start, 2 bad options.`;

export async function run(args: string[]): Promise<number> {
  let values: { since?: string; status?: boolean; help?: boolean };
  try {
    ({ values } = parseArgs({
      args,
      options: { since: { type: 'string' }, status: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
    }));
  } catch (error) {
    console.error(`flowwatch backfill: ${(error as Error).message}\n\n${HELP}`);
    return 2;
  }
  if (values.help) return (console.log(HELP), 0);
  const since = values.since === undefined ? null : Date.parse(`${values.since}T00:00:00Z`);
  if (since !== null && (!/^\d{4}-\d{2}-\d{2}$/.test(values.since!) || !Number.isFinite(since))) {
    console.error(`flowwatch backfill: --since "${values.since}" is not a date like 2026-10-01`);
    return 2;
  }
  const config = loadConfig();
  if (values.status) {
    const { openStore } = await import('../../store/open.ts');
    const store = await openStore(config);
    console.log(formatProgress(backfillProgress(await store.backfill.listSlices())));
    await store.close();
    return 0;
  }
  const runtime = await (await import('../../runtime/runtime.ts')).openRuntime(config);
  try {
    if (!runtime.backfill) {
      console.error('flowwatch backfill: backfill is off (BACKFILL_DAYS=0, or the sync is blocked)');
      return 1;
    }
    if (since !== null)
      await runtime.store.backfill.planSlices(daySlices(since, Date.now(), new Date(), 'on-demand'), new Date());
    await runtime.syncOnce();
    const line = setInterval(() => {
      void runtime.store.backfill.listSlices().then((s) => console.log(formatProgress(backfillProgress(s))));
    }, 5_000);
    const report = await runtime.backfill.settled().finally(() => clearInterval(line));
    const progress = backfillProgress(await runtime.store.backfill.listSlices());
    console.log(formatProgress(progress));
    if (report)
      console.log(
        `${report.slices} days read, ${report.records} records, ${report.inserted} new events, ${report.duplicates} already stored`,
      );
    return report && report.failed === 0 ? 0 : 1;
  } finally {
    await runtime.close();
  }
}
