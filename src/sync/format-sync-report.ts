import { plural } from '../model/plural.ts';
import type { SyncReport } from './sync-report.ts';

/** "850 ms", "24.8 s", "12 min 51 s", "3 h 5 min". */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  const minutes = Math.floor(ms / 60_000);
  if (minutes < 60) return `${minutes} min ${Math.floor((ms % 60_000) / 1000)} s`;
  return `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}

/** "2 blobs ran out of retries (…); 3 of 4 earlier ones stored; 3 wait for the next run". */
function describeFailed(report: SyncReport): string {
  const parts: string[] = [];
  if (report.failedBlobs.length > 0)
    parts.push(
      `${plural(report.failedBlobs.length, 'blob')} ran out of retries: ${report.failedBlobs.slice(0, 3).join(', ')}${report.failedBlobs.length > 3 ? ', …' : ''}`,
    );
  if (report.failedBlobsRetried > 0)
    parts.push(`${report.failedBlobsRecovered} of ${report.failedBlobsRetried} failed earlier stored now`);
  if (report.failedBlobsPending) parts.push(`${report.failedBlobsPending} wait for the next run`);
  return parts.join('; ');
}

/** A sync report as a few aligned lines for a terminal. Pure. */
export function formatSyncReport(report: SyncReport): string {
  const lines = [`Sync of ${report.source}: ${report.ok ? 'OK' : 'FAILED'} in ${formatDuration(report.durationMs)}`];
  const row = (label: string, text: string) => lines.push(`  ${label.padEnd(9)} ${text}`);
  if (report.range) {
    row(
      'range',
      `${report.range.from} → ${report.range.to} (${report.windowsCompleted} of ${plural(report.windows, 'window')} done, ${plural(report.pages, 'page')})`,
    );
  } else {
    row('range', 'nothing to list (the cursor is current)');
  }
  if (report.subscription)
    row(
      'subscr.',
      report.subscription === 'started'
        ? 'started the Audit.General subscription'
        : 'Audit.General subscription already enabled',
    );
  row('blobs', `${report.blobsListed} listed, ${report.blobsFetched} fetched, ${report.blobsSkippedDone} already done`);
  row(
    'records',
    `${report.recordsSeen} seen: ${plural(report.flowEventsNew, 'new Flow event')}, ${plural(report.duplicates, 'duplicate')}, ${report.otherWorkloadSkipped} from other workloads, ${report.brokenRecords} broken`,
  );
  for (const reason of report.brokenReasons) row('', `broken: ${reason}`);
  row(
    'gaps',
    report.gaps.length === 0
      ? 'none'
      : `${plural(report.gaps.length, 'expired blob')} could not be fetched (older than 7 days): ${report.gaps.slice(0, 3).join(', ')}${report.gaps.length > 3 ? ', …' : ''}`,
  );
  if (report.failedBlobs.length > 0 || report.failedBlobsRetried > 0 || report.failedBlobsPending)
    row('failed', describeFailed(report));
  const lag = [
    report.contentLagMs === null ? 'no content listed' : `newest content ${formatDuration(report.contentLagMs)} old`,
    report.cursorLagMs === null
      ? 'no cursor yet'
      : `synced up to ${report.cursor} (${formatDuration(report.cursorLagMs)} ago)`,
  ];
  row('lag', lag.join('; '));
  if (report.error) {
    const where = report.error.window ? ` in window ${report.error.window.from} → ${report.error.window.to}` : '';
    row(
      'error',
      `${report.error.code ? `${report.error.code}: ` : ''}${report.error.message}${where}. The next run resumes there.`,
    );
  }
  return lines.join('\n');
}
