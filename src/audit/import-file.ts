/**
 * Reads an audit export from disk into normalized outcomes, whatever tool wrote it:
 * (a) a Management Activity API content blob (a JSON array of records),
 * (b) a Graph auditLogRecord page (`{"@odata.context":…,"value":[{…,"auditData":{…}}]}`),
 * (c) a legacy psws response (`{"odata.metadata":…,"value":[{"AuditData":"<JSON string>"}]}`).
 * Shapes: audit-apis.md "Test fixture shapes" (a)-(d). Pure: no I/O, no clock.
 */
import { normalizeRecord, type NormalizeOutcome } from './normalize.ts';

export type AuditFileFormat = 'management-blob' | 'graph-records' | 'psws';

export interface RecordPosition {
  file: string;
  /** Zero-based index in the file's array (the blob itself, or `value`). */
  index: number;
}

export type PositionedOutcome = NormalizeOutcome & { position: RecordPosition };

export interface ParsedAuditFile {
  format: AuditFileFormat;
  records: PositionedOutcome[];
}

/** The whole file cannot be read as any known format. Individual bad records are not this. */
export class AuditFileError extends Error {
  constructor(
    readonly file: string,
    readonly reason: string,
  ) {
    super(`${file}: ${reason}`);
    this.name = 'AuditFileError';
  }
}

export function parseAuditFile(text: string, fileName: string): ParsedAuditFile {
  let parsed: unknown;
  try {
    // A byte-order mark is common in files saved by PowerShell (Out-File, Set-Content).
    parsed = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    throw new AuditFileError(
      fileName,
      `not valid JSON (${(error as Error).message}); expected a Management API blob, a Graph auditLogRecord page or a psws response`,
    );
  }
  const { format, items } = detect(parsed, fileName);
  return {
    format,
    records: items.map((item, index) => ({ ...normalizeRecord(item), position: { file: fileName, index } })),
  };
}

function detect(parsed: unknown, fileName: string): { format: AuditFileFormat; items: unknown[] } {
  if (Array.isArray(parsed)) return { format: 'management-blob', items: parsed };
  if (typeof parsed !== 'object' || parsed === null)
    throw new AuditFileError(
      fileName,
      'the top level is neither an array of records nor an OData object with a value array',
    );
  const page = parsed as Record<string, unknown>;
  if (!Array.isArray(page.value))
    throw new AuditFileError(
      fileName,
      'an object without a "value" array; expected a Graph records page or a psws response',
    );
  const items: unknown[] = page.value;
  // OData v3 (psws) says odata.metadata and serialises AuditData as a string; OData v4 (Graph)
  // says @odata.context and nests auditData as an object. Rows decide when the markers are missing.
  if (
    'odata.metadata' in page ||
    items.some((v) => typeof (v as { AuditData?: unknown } | null)?.AuditData === 'string')
  )
    return { format: 'psws', items };
  if (
    '@odata.context' in page ||
    items.some((v) => typeof (v as { auditData?: unknown } | null)?.auditData === 'object')
  )
    return { format: 'graph-records', items };
  if (items.length === 0)
    throw new AuditFileError(
      fileName,
      'an empty "value" array without odata.metadata or @odata.context; cannot tell the format',
    );
  throw new AuditFileError(fileName, 'the "value" rows carry neither auditData (Graph) nor AuditData (psws)');
}
