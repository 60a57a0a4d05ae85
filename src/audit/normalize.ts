/**
 * Turns one audit record from any source into a FlowEvent, or says why not. Accepts the
 * Management API / Search-UnifiedAuditLog record (flat PascalCase), a Graph auditLogRecord (with
 * an `auditData` object) and a psws row (with `AuditData` as a JSON string). Field meanings and
 * the variants tolerated here: audit-apis.md §3.
 */
import type { FlowEvent, Initiator } from '../model/flow-event.ts';

export type NormalizeOutcome =
  | { kind: 'flow'; event: FlowEvent }
  | { kind: 'other-workload'; workload: string }
  | { kind: 'broken'; reason: string };

type Json = Record<string, unknown>;

const FLOW_RECORD_TYPE = 30;
const FLOW_WORKLOAD = 'microsoftflow';
/** CreationTime: ISO date-time, optional fraction, optional zone (none means UTC, §1.6). */
const ISO_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$/i;

export function normalizeRecord(raw: unknown): NormalizeOutcome {
  if (!isObject(raw)) return { kind: 'broken', reason: `a record must be a JSON object, got ${describe(raw)}` };
  const unwrapped = unwrap(raw);
  if (typeof unwrapped === 'string') return { kind: 'broken', reason: unwrapped };
  const { record, envelope } = unwrapped;

  if (!hasSourceMarker(record, envelope))
    return { kind: 'broken', reason: 'neither RecordType nor Workload: cannot tell which workload this is' };
  if (!isFlowRecord(record, envelope)) {
    return {
      kind: 'other-workload',
      workload:
        text(record.Workload) ??
        text(envelope?.service) ??
        text(record.RecordType) ??
        text(envelope?.auditLogRecordType) ??
        'unknown',
    };
  }

  const id = text(record.Id) ?? text(envelope?.id);
  if (!id) return { kind: 'broken', reason: 'no Id' };
  const operation = text(record.Operation) ?? text(envelope?.operation);
  if (!operation) return { kind: 'broken', reason: `record ${id} has no Operation` };
  const creationTime = record.CreationTime ?? envelope?.createdDateTime;
  const occurredAt = toUtcIso(creationTime);
  if (!occurredAt)
    return { kind: 'broken', reason: `record ${id} has no valid CreationTime (${describe(creationTime)})` };

  const detailsUrl = httpUrl(record.FlowDetailsUrl);
  const fromUrl = detailsUrl ? flowIdsFromUrl(detailsUrl) : { environmentId: null, flowId: null };
  // Delete records often carry no FlowDetailsUrl (flow-inventory.md §1): then ObjectId names the flow.
  const ids = fromUrl.flowId ? fromUrl : flowIdsFromObjectId(record.ObjectId ?? envelope?.objectId);
  return {
    kind: 'flow',
    event: {
      id: id.toLowerCase(),
      operation,
      occurredAt,
      actorUpn: lower(
        text(record.UserUPN) ?? text(record.UserId) ?? text(envelope?.userPrincipalName) ?? text(envelope?.userId),
      ),
      resultStatus: text(record.ResultStatus),
      environmentId: ids.environmentId,
      flowId: ids.flowId,
      flowName: text(record.FlowDisplayName),
      detailsUrl,
      connectors: splitConnectors(record.FlowConnectorNames),
      sharingPermission: wholeNumber(record.SharingPermission),
      recipientUpn: lower(text(record.RecipientUPN)),
      licenseName: text(record.LicenseDisplayName),
      // The 11/2025 docs spell the key UserTypeInititated; 2026 fixed it. Real records may carry either (§3.3).
      initiatedBy: initiator(record.UserTypeInitiated ?? record.UserTypeInititated),
      tenantId: lower(text(record.OrganizationId) ?? text(envelope?.organizationId)),
      clientIp: text(record.ClientIP) ?? text(record.ClientIp) ?? text(envelope?.clientIp),
      raw: record,
    },
  };
}

/**
 * The flat audit record inside whatever wraps it, plus the Graph envelope when there is one.
 * A string return is the reason the record is broken.
 */
export function unwrap(raw: Json): { record: Json; envelope: Json | null } | string {
  if (isObject(raw.auditData)) return { record: raw.auditData, envelope: raw };
  if (typeof raw.AuditData === 'string') {
    try {
      const parsed: unknown = JSON.parse(raw.AuditData);
      if (!isObject(parsed)) return `AuditData is not a JSON object (${describe(parsed)})`;
      return { record: parsed, envelope: null };
    } catch {
      return 'AuditData is not valid JSON';
    }
  }
  if (isObject(raw.AuditData)) return { record: raw.AuditData, envelope: null };
  return { record: raw, envelope: null };
}

/** RecordType 30 (number, "30", or the enum name) or Workload MicrosoftFlow, or Graph's microsoftFlow (§3.1). */
function isFlowRecord(record: Json, envelope: Json | null): boolean {
  const recordType = record.RecordType;
  if (
    recordType === FLOW_RECORD_TYPE ||
    (typeof recordType === 'string' &&
      (recordType.trim() === String(FLOW_RECORD_TYPE) || recordType.trim().toLowerCase() === FLOW_WORKLOAD))
  )
    return true;
  if (typeof record.Workload === 'string' && record.Workload.trim().toLowerCase() === FLOW_WORKLOAD) return true;
  if (!envelope) return false;
  return [envelope.auditLogRecordType, envelope.service].some(
    (v) => typeof v === 'string' && v.trim().toLowerCase() === FLOW_WORKLOAD,
  );
}

function hasSourceMarker(record: Json, envelope: Json | null): boolean {
  return [record.RecordType, record.Workload, envelope?.auditLogRecordType, envelope?.service].some(
    (v) => text(v) !== null,
  );
}

/** `/environments/{env}/flows/{flow}/…` whatever the host and prefix (§3.4: parse by segment names, not index). */
export function flowIdsFromUrl(url: string): { environmentId: string | null; flowId: string | null } {
  const segments = new URL(url).pathname.split('/').filter(Boolean).map(safeDecode);
  const after = (name: string): string | null => {
    const i = segments.findIndex((s) => s.toLowerCase() === name);
    return i >= 0 && i + 1 < segments.length ? segments[i + 1] : null;
  };
  return { environmentId: after('environments'), flowId: after('flows') };
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const NO_FLOW = { environmentId: null, flowId: null };

/**
 * The flow an ObjectId names. Its content for Flow records is not documented (audit-apis.md §3.3
 * lists the key only; the fixture shapes mark it [I]), so only unambiguous forms are read: the
 * flow's URL (parsed like FlowDetailsUrl), a bare flow GUID, or "{environment}/{flow GUID}".
 * Anything else (empty, a display name, other paths) names no flow rather than a guessed one.
 */
export function flowIdsFromObjectId(value: unknown): { environmentId: string | null; flowId: string | null } {
  const s = text(value);
  if (!s) return NO_FLOW;
  if (httpUrl(s)) return flowIdsFromUrl(s);
  if (GUID.test(s)) return { environmentId: null, flowId: s };
  const parts = s.split('/');
  if (parts.length === 2 && parts[0].trim() !== '' && GUID.test(parts[1].trim()))
    return { environmentId: parts[0].trim(), flowId: parts[1].trim() };
  return NO_FLOW;
}

/** "Recurrence, Office 365 Outlook, SharePoint" → trimmed names, empties dropped, first occurrence kept. */
export function splitConnectors(value: unknown): string[] {
  const parts = Array.isArray(value)
    ? value.filter((v): v is string => typeof v === 'string')
    : typeof value === 'string'
      ? value.split(',')
      : [];
  const seen = new Set<string>();
  const out: string[] = [];
  for (const part of parts) {
    const name = part.trim();
    if (name === '' || seen.has(name)) continue;
    seen.add(name);
    out.push(name);
  }
  return out;
}

export function toUtcIso(value: unknown): string | null {
  if (typeof value !== 'string' || !ISO_DATE_TIME.test(value.trim())) return null;
  const trimmed = value.trim();
  const zoned = /(Z|[+-]\d{2}:?\d{2})$/i.test(trimmed) ? trimmed : `${trimmed}Z`;
  const ms = Date.parse(zoned);
  if (Number.isNaN(ms) || !isCalendarDate(trimmed.slice(0, 10))) return null;
  return new Date(ms).toISOString();
}

/** Date.parse rolls 2026-02-30 over to March; a record with such a date is broken, not moved. */
function isCalendarDate(ymd: string): boolean {
  const [y, m, d] = ymd.split('-').map(Number) as [number, number, number];
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}

function httpUrl(value: unknown): string | null {
  const s = text(value);
  if (!s) return null;
  try {
    const url = new URL(s);
    return url.protocol === 'https:' || url.protocol === 'http:' ? s : null;
  } catch {
    return null;
  }
}

/** SharingPermission arrives as 3 or "3" (§3.3); anything not a whole number is unknown. */
function wholeNumber(value: unknown): number | null {
  if (typeof value === 'number') return Number.isInteger(value) ? value : null;
  if (typeof value === 'string' && /^\s*-?\d+\s*$/.test(value)) return Number(value);
  return null;
}

/** UserTypeInitiated: 1 user, 2 admin (§3.3); also tolerate the words. */
function initiator(value: unknown): Initiator | null {
  const v = typeof value === 'string' ? value.trim().toLowerCase() : value;
  if (v === 1 || v === '1' || v === 'user') return 'user';
  if (v === 2 || v === '2' || v === 'admin') return 'admin';
  return null;
}

export function text(value: unknown): string | null {
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  if (typeof value !== 'string') return null;
  const trimmed = value.trim();
  return trimmed === '' ? null : trimmed;
}

function lower(value: string | null): string | null {
  return value === null ? null : value.toLowerCase();
}

export function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  return typeof value;
}
