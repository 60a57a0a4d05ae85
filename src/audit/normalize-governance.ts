/**
 * Turns one audit record into a GovernanceEvent (a connection or Power Platform admin event), or
 * says it is none. A function of the record object alone, whatever wraps it: a Management API blob
 * record, a Graph auditLogRecord (auditData an object), a psws row (AuditData a string), through the
 * same unwrap as normalize.ts. The sources of every key: governance-sources.ts.
 */
import type { GovernanceAction, GovernanceEvent, GovernanceKind } from '../model/governance-event.ts';
import {
  ADMIN_RECORD_TYPE,
  ADMIN_RECORD_TYPE_NAME,
  ADMIN_WORKLOAD,
  CONNECTION_OPERATIONS,
  ENVIRONMENT_PATH,
  isEnvironmentOperation,
  LEGACY_CONNECTOR_WORKLOADS,
  LEGACY_DLP_RECORD_TYPE,
  LEGACY_DLP_RECORD_TYPE_NAME,
  POLICY_ACTIVITY,
  policyAction,
  PROP,
} from './governance-sources.ts';
import { isObject, text, toUtcIso, unwrap } from './normalize.ts';

export type GovernanceOutcome =
  { kind: 'governance'; event: GovernanceEvent } | { kind: 'not-governance' } | { kind: 'broken'; reason: string };

type Json = Record<string, unknown>;
const NOT_GOVERNANCE: GovernanceOutcome = { kind: 'not-governance' };

export function normalizeGovernanceRecord(raw: unknown): GovernanceOutcome {
  if (!isObject(raw)) return NOT_GOVERNANCE;
  const unwrapped = unwrap(raw);
  if (typeof unwrapped === 'string') return NOT_GOVERNANCE;
  const { record, envelope } = unwrapped;
  const source = recordSource(record, envelope);
  if (!source) return NOT_GOVERNANCE;

  const properties = propertyMap(record.PropertyCollection ?? record.Properties);
  const operation = text(record.Operation) ?? properties[PROP.activityName] ?? text(envelope?.operation);
  // A PowerApps record that is no connection event is Power Apps activity: not ours.
  if (source === 'legacy-connector' && !(operation && CONNECTION_OPERATIONS.has(operation.toLowerCase())))
    return NOT_GOVERNANCE;
  const id = text(record.Id) ?? text(envelope?.id);
  if (!id) return { kind: 'broken', reason: 'admin record without Id' };
  if (!operation) return { kind: 'broken', reason: `admin record ${id} has no Operation` };
  const occurredAt = toUtcIso(record.CreationTime ?? envelope?.createdDateTime);
  if (!occurredAt) return { kind: 'broken', reason: `admin record ${id} has no valid CreationTime` };

  const detailOperation = properties[PROP.policyOperation] ?? null;
  const { kind, action } = classify(operation, detailOperation, source);
  const additional = additionalInfo(record.AdditionalInfo);
  return {
    kind: 'governance',
    event: {
      id: id.toLowerCase(),
      kind,
      action,
      operation,
      detailOperation,
      occurredAt,
      actorUpn: actorOf(properties[PROP.userName] ?? text(record.UserId) ?? text(envelope?.userPrincipalName)),
      resultStatus: text(record.ResultStatus),
      environmentId: environmentIdOf(properties[PROP.environmentId] ?? text(additional.EnvironmentName)),
      resourceId:
        properties[PROP.connectionId] ??
        properties[PROP.resourceId] ??
        text(record.ResourceId) ??
        text(record.PolicyId) ??
        null,
      resourceName: properties[PROP.displayName] ?? text(record.PolicyName) ?? null,
      tenantId: (text(record.OrganizationId) ?? properties[PROP.tenantId] ?? null)?.toLowerCase() ?? null,
      clientIp: ipOf(properties[PROP.userIp]) ?? text(record.ClientIP) ?? text(envelope?.clientIp),
      properties,
      raw: record,
    },
  };
}

type Source = 'admin' | 'legacy-dlp' | 'legacy-connector';

/** Which of the record types here it is, if any (governance-sources.ts "Record type"). */
function recordSource(record: Json, envelope: Json | null): Source | null {
  const types = [record.RecordType, envelope?.auditLogRecordType].map((v) => text(v)?.toLowerCase() ?? null);
  const workloads = [record.Workload, envelope?.service].map((v) => text(v)?.toLowerCase() ?? null);
  if (types.some((t) => t === String(ADMIN_RECORD_TYPE) || t === ADMIN_RECORD_TYPE_NAME)) return 'admin';
  if (types.some((t) => t === String(LEGACY_DLP_RECORD_TYPE) || t === LEGACY_DLP_RECORD_TYPE_NAME)) return 'legacy-dlp';
  if (workloads.includes(ADMIN_WORKLOAD)) return 'admin';
  if (workloads.some((w) => w !== null && LEGACY_CONNECTOR_WORKLOADS.has(w))) return 'legacy-connector';
  return null;
}

function classify(
  operation: string,
  detail: string | null,
  source: Source,
): { kind: GovernanceKind; action: GovernanceAction } {
  const connection = CONNECTION_OPERATIONS.get(operation.toLowerCase());
  if (connection) return { kind: 'connection', action: connection };
  if (operation.toLowerCase() === POLICY_ACTIVITY.toLowerCase())
    return { kind: 'data-policy', action: policyAction(detail) };
  if (source === 'legacy-dlp') return { kind: 'data-policy', action: policyAction(operation) };
  if (isEnvironmentOperation(operation)) return { kind: 'environment', action: 'environment' };
  return { kind: 'other', action: 'other' };
}

/** The Name/Value list (or, as Log Analytics shows it, an object) as a map of trimmed strings. */
export function propertyMap(value: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  const put = (name: unknown, v: unknown): void => {
    const key = typeof name === 'string' ? name.trim() : '';
    if (key === '' || v === null || v === undefined) return;
    const s = typeof v === 'string' ? v.trim() : JSON.stringify(v);
    if (s !== '') out[key] = s;
  };
  if (Array.isArray(value)) {
    for (const item of value) if (isObject(item)) put(item.Name ?? item.name, item.Value ?? item.value);
  } else if (isObject(value)) {
    for (const [k, v] of Object.entries(value)) put(k, v);
  }
  return out;
}

/** AdditionalInfo as an object: the Azure Monitor column is dynamic, raw records may carry a JSON string. */
function additionalInfo(value: unknown): Json {
  if (isObject(value)) return value;
  if (typeof value !== 'string') return {};
  try {
    const parsed: unknown = JSON.parse(value);
    return isObject(parsed) ? parsed : {};
  } catch {
    return {};
  }
}

function environmentIdOf(value: string | null): string | null {
  if (!value) return null;
  const id = value.replace(ENVIRONMENT_PATH, '').replace(/\/+$/, '').trim();
  return id === '' ? null : id;
}

/** A UPN lower-cased; a name that is no UPN (the lockbox sample's "Test user") as given. */
function actorOf(value: string | null): string | null {
  if (!value) return null;
  return value.includes('@') ? value.toLowerCase() : value;
}

function ipOf(value: string | undefined): string | null {
  if (!value) return null;
  const ip = value.replace(/^::ffff:/i, '').trim();
  return ip === '' ? null : ip;
}
