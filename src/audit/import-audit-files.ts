/**
 * `flowwatch import`: reads audit export files, keeps the Flow events and stores them. A file that
 * cannot be read is reported and the others still go in; a broken record is reported with its
 * position and skipped (DESIGN.md Security: a counted skip, never a crash or lost data).
 */
import type { EventStore } from '../store/event-store.ts';
import { AuditFileError, parseAuditFile, type AuditFileFormat, type RecordPosition } from './import-file.ts';
import type { FlowEvent } from '../model/flow-event.ts';

export interface FileImportSummary {
  file: string;
  format: AuditFileFormat;
  records: number;
  inserted: number;
  duplicates: number;
  otherWorkloads: number;
  broken: { position: RecordPosition; reason: string }[];
}

export interface ImportSummary {
  files: FileImportSummary[];
  /** Files that could not be read or recognised at all. */
  failed: { file: string; reason: string }[];
}

export interface ImportDeps {
  events: Pick<EventStore, 'ingest'>;
  now: () => Date;
  readFile: (file: string) => Promise<string>;
}

export async function importAuditFiles(files: readonly string[], deps: ImportDeps): Promise<ImportSummary> {
  const summary: ImportSummary = { files: [], failed: [] };
  for (const file of files) {
    let parsed;
    try {
      parsed = parseAuditFile(await deps.readFile(file), file);
    } catch (error) {
      const reason = error instanceof AuditFileError ? error.reason : (error as Error).message;
      summary.failed.push({ file, reason });
      continue;
    }
    const events: FlowEvent[] = [];
    const fileSummary: FileImportSummary = {
      file,
      format: parsed.format,
      records: parsed.records.length,
      inserted: 0,
      duplicates: 0,
      otherWorkloads: 0,
      broken: [],
    };
    for (const outcome of parsed.records) {
      if (outcome.kind === 'flow') events.push(outcome.event);
      else if (outcome.kind === 'other-workload') fileSummary.otherWorkloads++;
      else fileSummary.broken.push({ position: outcome.position, reason: outcome.reason });
    }
    if (events.length > 0) {
      const result = await deps.events.ingest(events, { now: deps.now() });
      fileSummary.inserted = result.inserted;
      fileSummary.duplicates = result.duplicates;
    }
    summary.files.push(fileSummary);
  }
  return summary;
}

/** The summary as lines for a terminal. */
export function formatImportSummary(summary: ImportSummary): string[] {
  const lines: string[] = [];
  for (const f of summary.files) {
    lines.push(
      `${f.file}: ${f.format}, ${f.records} records: ${f.inserted} new Flow events, ${f.duplicates} duplicates, ${f.otherWorkloads} other workloads skipped, ${f.broken.length} broken`,
    );
    for (const b of f.broken) lines.push(`  broken record at ${b.position.file}[${b.position.index}]: ${b.reason}`);
  }
  for (const f of summary.failed) lines.push(`${f.file}: not imported: ${f.reason}`);
  const total = summary.files.reduce((n, f) => n + f.inserted, 0);
  const dup = summary.files.reduce((n, f) => n + f.duplicates, 0);
  lines.push(
    `total: ${summary.files.length} of ${summary.files.length + summary.failed.length} files read, ${total} new Flow events, ${dup} duplicates`,
  );
  return lines;
}
