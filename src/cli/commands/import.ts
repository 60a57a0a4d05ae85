/**
 * `flowwatch import [--covers FROM..TO] FILE...`: loads audit exports (Management API blobs, Graph
 * auditLogRecord pages, legacy psws responses) into the configured store, and records the event
 * time they cover so answers over that time come from them instead of saying "not synced yet".
 */
import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { loadConfig } from '../../config/load-config.ts';
import { openStore } from '../../store/open.ts';
import { formatImportSummary, importAuditFiles } from '../../audit/import-audit-files.ts';
import { parseCoversRange } from '../../audit/covers-range.ts';
import type { TimeRange } from '../../model/event-query.ts';

export const summary = 'import audit export files (Management API blob, Graph records page, psws response)';

const HELP = `usage: flowwatch import [--covers FROM..TO] FILE...

Reads each FILE (JSON) and stores the Power Automate events in it. Accepted formats:
  - a Management Activity API content blob (a JSON array of audit records)
  - a Microsoft Graph audit log query records page ({"@odata.context": …, "value": [{ "auditData": {…} }]})
  - a legacy Search-UnifiedAuditLog / psws response ({"odata.metadata": …, "value": [{ "AuditData": "…" }]})
Events already stored are counted as duplicates; broken records are listed with their position and skipped.

Each file is recorded as covering the time from its first to its last Flow record, so questions
over that time are answered from it. When the export covers more (all of a search's date range,
quiet hours included), say so:
  --covers FROM..TO   the files hold every Flow event from FROM up to (not including) TO;
                      each end a date (2026-11-01, 00:00 UTC) or an ISO date-time (2026-11-01T08:00Z)
A store holding imported data is never synced from the demo emulator (its generated tenant would
mix in).
Exit code: 0 when every file was read, 1 when any file could not be read, 2 bad options.`;

export async function run(args: string[]): Promise<number> {
  const options = readOptions(args);
  if ('error' in options) {
    console.error(`flowwatch import: ${options.error}\n\n${HELP}`);
    return 2;
  }
  if (options.help) {
    console.log(HELP);
    return 0;
  }
  const store = await openStore(loadConfig());
  try {
    const result = await importAuditFiles(options.files, {
      events: store.events,
      syncState: store.syncState,
      ...(options.covers ? { covers: options.covers } : {}),
      now: () => new Date(),
      readFile: (file) => readFile(file, 'utf8'),
    });
    for (const line of formatImportSummary(result)) console.log(line);
    return result.failed.length > 0 ? 1 : 0;
  } finally {
    await store.close();
  }
}

interface ImportOptions {
  files: string[];
  covers: TimeRange | null;
  help: boolean;
}

function readOptions(args: string[]): ImportOptions | { error: string } {
  let parsed;
  try {
    parsed = parseArgs({
      args,
      allowPositionals: true,
      options: { covers: { type: 'string' }, help: { type: 'boolean', short: 'h', default: false } },
    });
  } catch (error) {
    return { error: (error as Error).message };
  }
  const { values, positionals } = parsed;
  if (values.help) return { files: [], covers: null, help: true };
  if (positionals.length === 0) return { error: 'no FILE given' };
  if (values.covers === undefined) return { files: positionals, covers: null, help: false };
  const covers = parseCoversRange(values.covers);
  if ('error' in covers) return covers;
  return { files: positionals, covers, help: false };
}
