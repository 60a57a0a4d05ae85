/**
 * `flowwatch import`: reads audit export files, keeps the Flow events and stores them. A file that
 * cannot be read is reported and the others still go in; a broken record is reported with its
 * position and skipped (DESIGN.md Security: a counted skip, never a crash or lost data).
 */
import type { EventStore } from '../store/event-store.ts';
import type { SyncStateStore } from '../store/sync-state-store.ts';
import type { TimeRange } from '../model/event-query.ts';
import { IMPORT_COVERAGE_SOURCE } from '../model/coverage-source.ts';
import {
  AuditFileError,
  parseAuditFile,
  type AuditFileFormat,
  type ParsedAuditFile,
  type RecordPosition,
} from './import-file.ts';
import type { FlowEvent } from '../model/flow-event.ts';

export interface FileImportSummary {
  file: string;
  format: AuditFileFormat;
  records: number;
  inserted: number;
  duplicates: number;
  otherWorkloads: number;
  broken: { position: RecordPosition; reason: string }[];
  /** The event time this file is recorded as covering (null: no Flow records and no --covers). */
  covers: TimeRange | null;
  /** With --covers: Flow events outside that range (stored, but not vouched for by it). */
  outsideCovers: number;
}

export interface ImportSummary {
  files: FileImportSummary[];
  /** Files that could not be read or recognised at all. */
  failed: { file: string; reason: string }[];
}

export interface ImportDeps {
  events: Pick<EventStore, 'ingest'>;
  syncState: Pick<SyncStateStore, 'addCoverage'>;
  /** What every file covers (`--covers`); without it, each file covers its Flow records' span. */
  covers?: TimeRange;
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
    summary.files.push(await storeFile(file, parsed, deps));
  }
  return summary;
}

async function storeFile(file: string, parsed: ParsedAuditFile, deps: ImportDeps): Promise<FileImportSummary> {
  const events: FlowEvent[] = [];
  const fileSummary: FileImportSummary = {
    file,
    format: parsed.format,
    records: parsed.records.length,
    inserted: 0,
    duplicates: 0,
    otherWorkloads: 0,
    broken: [],
    covers: null,
    outsideCovers: 0,
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
  fileSummary.covers = deps.covers ?? recordsSpan(events);
  if (deps.covers) fileSummary.outsideCovers = events.filter((e) => !within(e.occurredAt, deps.covers!)).length;
  // Recorded after the events are in, so a failed ingest never leaves a covered range without its events.
  if (fileSummary.covers) await deps.syncState.addCoverage(IMPORT_COVERAGE_SOURCE, fileSummary.covers);
  return fileSummary;
}

/**
 * From the first Flow record to just after the last (ranges are half-open). A file vouches for
 * no more than that: the quiet hours around it may hold events the export left out.
 */
function recordsSpan(events: FlowEvent[]): TimeRange | null {
  if (events.length === 0) return null;
  // A loop, not Math.min(...times): a large export would overflow the argument list.
  let first = Infinity;
  let last = -Infinity;
  for (const e of events) {
    const t = Date.parse(e.occurredAt);
    first = Math.min(first, t);
    last = Math.max(last, t);
  }
  return { from: new Date(first).toISOString(), to: new Date(last + 1).toISOString() };
}

function within(iso: string, range: TimeRange): boolean {
  const t = Date.parse(iso);
  return t >= Date.parse(range.from) && t < Date.parse(range.to);
}

/** The summary as lines for a terminal. */
export function formatImportSummary(summary: ImportSummary): string[] {
  const lines: string[] = [];
  for (const f of summary.files) {
    lines.push(
      `${f.file}: ${f.format}, ${f.records} records: ${f.inserted} new Flow events, ${f.duplicates} duplicates, ${f.otherWorkloads} other workloads skipped, ${f.broken.length} broken`,
    );
    if (f.covers) lines.push(`  covers ${f.covers.from} to ${f.covers.to}`);
    if (f.outsideCovers > 0)
      lines.push(`  ${f.outsideCovers} Flow events fall outside --covers (stored; the range is recorded as given)`);
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
