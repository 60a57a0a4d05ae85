/**
 * Reads the `data` of a card action (Refresh / Show more). It comes back from the client, so it
 * is validated strictly and rebuilt field by field: anything unexpected means "bad request",
 * never a query the user could not have asked by typing.
 */
import { DateTime } from 'luxon';
import { isKnownTimeZone } from '../model/known-time-zone.ts';
import { MAX_TOP, type FlowQuery, type PeriodSpec, type QueryShape } from '../queries/query.ts';

export interface CardActionData {
  query: FlowQuery;
  offset: number;
}

const SHAPES: readonly QueryShape[] = ['list', 'count', 'byMaker', 'byConnector', 'byEnvironment'];
const SIMPLE_PERIODS = ['today', 'yesterday', 'thisWeek', 'lastWeek', 'thisMonth', 'lastMonth'] as const;
const QUERY_KEYS = new Set(['operations', 'period', 'shape', 'timeZone', 'connector', 'maker', 'environment', 'top']);
/** Shapes that rank, so may end at a `top` row. */
const RANKINGS: readonly QueryShape[] = ['byMaker', 'byConnector', 'byEnvironment'];
/** Teams may echo its own `msteams` key in action data; it carries nothing we use. */
const DATA_KEYS = new Set(['query', 'offset', 'msteams']);
const OPERATION = /^[A-Za-z][A-Za-z0-9]{0,63}$/;
const MAX_OFFSET = 1_000_000;
const MAX_DAYS = 3660;
const MAX_FILTER_LENGTH = 256;

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function onlyKeys(value: Record<string, unknown>, allowed: Set<string>): boolean {
  return Object.keys(value).every((k) => allowed.has(k));
}

export function readPeriod(value: unknown): PeriodSpec | null {
  if (!isRecord(value) || typeof value.kind !== 'string') return null;
  const kind = value.kind;
  if ((SIMPLE_PERIODS as readonly string[]).includes(kind)) {
    return onlyKeys(value, new Set(['kind'])) ? { kind: kind as (typeof SIMPLE_PERIODS)[number] } : null;
  }
  if (kind === 'lastDays') {
    const days = value.days;
    if (
      !onlyKeys(value, new Set(['kind', 'days'])) ||
      typeof days !== 'number' ||
      !Number.isInteger(days) ||
      days < 1 ||
      days > MAX_DAYS
    )
      return null;
    return { kind, days };
  }
  if (kind === 'weekday') {
    const day = value.day;
    if (
      !onlyKeys(value, new Set(['kind', 'day'])) ||
      typeof day !== 'number' ||
      !Number.isInteger(day) ||
      day < 1 ||
      day > 7
    )
      return null;
    return { kind, day };
  }
  if (kind === 'since' || kind === 'on') {
    const date = value.date;
    if (!onlyKeys(value, new Set(['kind', 'date'])) || typeof date !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(date))
      return null;
    if (!DateTime.fromISO(date, { zone: 'UTC' }).isValid) return null;
    return { kind, date };
  }
  return null;
}

function readFilter(value: unknown): string | null | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string') return null;
  const trimmed = value.trim();
  if (trimmed === '' || trimmed.length > MAX_FILTER_LENGTH || /[\u0000-\u001f\u007f]/.test(trimmed)) return null;
  return trimmed;
}

/** The query a card carried, rebuilt from validated fields; null when anything is off. */
export function readFlowQuery(value: unknown): FlowQuery | null {
  if (!isRecord(value) || !onlyKeys(value, QUERY_KEYS)) return null;
  const { operations, shape, timeZone } = value;
  if (
    !Array.isArray(operations) ||
    operations.length > 20 ||
    !operations.every((op) => typeof op === 'string' && OPERATION.test(op))
  )
    return null;
  if (typeof shape !== 'string' || !(SHAPES as readonly string[]).includes(shape)) return null;
  const period = readPeriod(value.period);
  if (!period) return null;
  const query: FlowQuery = { operations: [...(operations as string[])], period, shape: shape as QueryShape };
  if (timeZone !== undefined) {
    if (typeof timeZone !== 'string' || timeZone.length > 64 || !isKnownTimeZone(timeZone)) return null;
    query.timeZone = timeZone;
  }
  for (const key of ['connector', 'maker', 'environment'] as const) {
    const filter = readFilter(value[key]);
    if (filter === null) return null;
    if (filter !== undefined) query[key] = filter;
  }
  return withTop(query, value.top);
}

/** The query with its `top`, when that is a whole number from 1 to MAX_TOP on a ranking; null when it is not. */
function withTop(query: FlowQuery, top: unknown): FlowQuery | null {
  if (top === undefined) return query;
  if (typeof top !== 'number' || !Number.isInteger(top) || top < 1 || top > MAX_TOP) return null;
  if (!RANKINGS.includes(query.shape)) return null;
  return { ...query, top };
}

/** `{ query, offset? }` from an Action.Execute's data; null when it is not exactly that. */
export function readCardActionData(data: unknown): CardActionData | null {
  if (!isRecord(data) || !onlyKeys(data, DATA_KEYS)) return null;
  const query = readFlowQuery(data.query);
  if (!query) return null;
  const offset = data.offset ?? 0;
  if (typeof offset !== 'number' || !Number.isInteger(offset) || offset < 0 || offset > MAX_OFFSET) return null;
  return { query, offset };
}

/**
 * The value of a message sent by an Action.Submit fallback button (old clients, §4.2): the same
 * data plus the `verb` it stands in for. Null when it is not one of our buttons.
 */
export function readSubmittedAction(
  value: unknown,
  verbs: ReadonlySet<string>,
): (CardActionData & { verb: string }) | null {
  if (!isRecord(value) || typeof value.verb !== 'string' || !verbs.has(value.verb)) return null;
  const { verb, ...data } = value;
  const read = readCardActionData(data);
  return read ? { ...read, verb } : null;
}
