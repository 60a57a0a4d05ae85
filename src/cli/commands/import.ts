/**
 * `flowwatch import FILE...`: loads audit exports (Management API blobs, Graph auditLogRecord pages,
 * legacy psws responses) into the configured store.
 */
import { readFile } from 'node:fs/promises';
import { loadConfig } from '../../config/load-config.ts';
import { openStore } from '../../store/open.ts';
import { formatImportSummary, importAuditFiles } from '../../audit/import-audit-files.ts';

export const summary = 'import audit export files (Management API blob, Graph records page, psws response)';

const HELP = `usage: flowwatch import FILE...

Reads each FILE (JSON) and stores the Power Automate events in it. Accepted formats:
  - a Management Activity API content blob (a JSON array of audit records)
  - a Microsoft Graph audit log query records page ({"@odata.context": …, "value": [{ "auditData": {…} }]})
  - a legacy Search-UnifiedAuditLog / psws response ({"odata.metadata": …, "value": [{ "AuditData": "…" }]})
Events already stored are counted as duplicates; broken records are listed with their position and skipped.
Exit code: 0 when every file was read, 1 when any file could not be read.`;

export async function run(args: string[]): Promise<number> {
  if (args.includes('--help') || args.includes('-h')) {
    console.log(HELP);
    return 0;
  }
  if (args.length === 0) {
    console.error(HELP);
    return 2;
  }
  const store = await openStore(loadConfig());
  try {
    const result = await importAuditFiles(args, {
      events: store.events,
      now: () => new Date(),
      readFile: (file) => readFile(file, 'utf8'),
    });
    for (const line of formatImportSummary(result)) console.log(line);
    return result.failed.length > 0 ? 1 : 0;
  } finally {
    await store.close();
  }
}
