/**
 * The body of `POST /security/auditLog/queries` (audit-apis.md §2.3: every field optional;
 * filterStartDateTime/filterEndDateTime DateTimeOffsets, recordTypeFilters and operationFilters
 * string collections) and Graph's error shape `{"error":{"code","message"}}`.
 */
import { apiError } from '../api/api-errors.ts';
import type { EmulatorResponse } from '../http/response.ts';

export interface QueryFilters {
  displayName: string | null;
  startMs: number;
  endMs: number;
  recordTypeFilters: string[];
  operationFilters: string[];
}

/** The audit log keeps 180 days (audit-apis.md §3.5); a query without a start searches them all. */
const SEARCHABLE_MS = 180 * 86_400_000;

/** Graph's error body has the Management API's shape, `{"error":{"code","message"}}`. */
export const graphError = apiError;

/** A DateTimeOffset string as ms, NaN for anything else. */
function dateOf(value: unknown): number {
  return typeof value === 'string' ? Date.parse(value) : Number.NaN;
}

function strings(value: unknown): string[] | null {
  if (value === undefined || value === null) return [];
  return Array.isArray(value) && value.every((v) => typeof v === 'string') ? value : null;
}

export function readQueryBody(body: string, nowMs: number): QueryFilters | { error: EmulatorResponse } {
  let parsed: Record<string, unknown>;
  try {
    parsed = JSON.parse(body === '' ? '{}' : body) as Record<string, unknown>;
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Error('not an object');
  } catch {
    return { error: graphError(400, 'BadRequest', 'The request body is not a valid auditLogQuery.') };
  }
  const start =
    parsed['filterStartDateTime'] === undefined ? nowMs - SEARCHABLE_MS : dateOf(parsed['filterStartDateTime']);
  const end = parsed['filterEndDateTime'] === undefined ? nowMs : dateOf(parsed['filterEndDateTime']);
  if (!Number.isFinite(start) || !Number.isFinite(end) || end < start)
    return {
      error: graphError(
        400,
        'BadRequest',
        'filterStartDateTime and filterEndDateTime must be dates, the start not after the end.',
      ),
    };
  const recordTypeFilters = strings(parsed['recordTypeFilters']);
  const operationFilters = strings(parsed['operationFilters']);
  if (!recordTypeFilters || !operationFilters)
    return {
      error: graphError(400, 'BadRequest', 'recordTypeFilters and operationFilters must be arrays of strings.'),
    };
  return {
    displayName: typeof parsed['displayName'] === 'string' ? parsed['displayName'] : null,
    startMs: start,
    endMs: end,
    recordTypeFilters,
    operationFilters,
  };
}
