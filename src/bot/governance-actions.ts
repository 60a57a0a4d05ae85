/**
 * The data of the governance card's Refresh and Show more (src/cards/governance-card.ts). It comes
 * back from the client, so it is read as strictly as a flow card's (card-action-data.ts): anything
 * unexpected is "bad request", never a query that could not have been typed.
 */
import { isKnownTimeZone } from '../model/known-time-zone.ts';
import { GOVERNANCE_TOPICS, type GovernanceQuery, type GovernanceTopic } from '../queries/governance.ts';
import { GOVERNANCE_MORE_VERB, GOVERNANCE_REFRESH_VERB, type GovernanceActionData } from '../cards/governance-card.ts';
import { readPeriod } from './card-action-data.ts';

export const GOVERNANCE_VERBS: ReadonlySet<string> = new Set([GOVERNANCE_REFRESH_VERB, GOVERNANCE_MORE_VERB]);
const MAX_OFFSET = 1_000_000;

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function readQuery(value: unknown): GovernanceQuery | null {
  if (!isRecord(value) || !Object.keys(value).every((k) => ['topic', 'period', 'timeZone'].includes(k))) return null;
  if (typeof value.topic !== 'string' || !(GOVERNANCE_TOPICS as readonly string[]).includes(value.topic)) return null;
  const period = readPeriod(value.period);
  if (!period) return null;
  const query: GovernanceQuery = { topic: value.topic as GovernanceTopic, period };
  if (value.timeZone !== undefined) {
    if (typeof value.timeZone !== 'string' || value.timeZone.length > 64 || !isKnownTimeZone(value.timeZone))
      return null;
    query.timeZone = value.timeZone;
  }
  return query;
}

/** `{ governance, offset }` (Teams may add `msteams`; the Action.Submit fallback adds `verb`); null otherwise. */
export function readGovernanceActionData(data: unknown): GovernanceActionData | null {
  if (!isRecord(data) || !Object.keys(data).every((k) => ['governance', 'offset', 'msteams', 'verb'].includes(k)))
    return null;
  if (data.verb !== undefined && (typeof data.verb !== 'string' || !GOVERNANCE_VERBS.has(data.verb))) return null;
  const governance = readQuery(data.governance);
  if (!governance) return null;
  const offset = data.offset ?? 0;
  if (typeof offset !== 'number' || !Number.isInteger(offset) || offset < 0 || offset > MAX_OFFSET) return null;
  return { governance, offset };
}
