/**
 * Estate questions in the bot ("which flows use HTTP", "suspended flows": issue 11): the card,
 * and its Refresh / Show more data read back from the client as strictly as a query's.
 */
import { ESTATE_PAGE_SIZE, renderEstateCard, type EstateActionData } from '../cards/estate-card.ts';
import type { FlowRunState } from '../model/flow-identity.ts';
import { runEstate } from '../queries/estate.ts';
import type { EstateQuery } from '../queries/query.ts';
import type { AnswerContext, AnswerDeps } from './answer.ts';

export const ESTATE_VERBS: ReadonlySet<string> = new Set(['refreshEstate', 'moreEstate']);

const STATES: readonly FlowRunState[] = ['on', 'off', 'suspended'];
const QUERY_KEYS = new Set(['shape', 'connector', 'states', 'owner', 'environment']);
/** Teams may echo its own `msteams` key in action data; it carries nothing we use. */
const DATA_KEYS = new Set(['estate', 'offset', 'msteams', 'verb']);
const MAX_OFFSET = 1_000_000;
const MAX_FILTER_LENGTH = 256;

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function readText(value: unknown): string | null | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string') return null;
  const trimmed = value.trim();
  if (trimmed === '' || trimmed.length > MAX_FILTER_LENGTH || /[\u0000-\u001f\u007f]/.test(trimmed)) return null;
  return trimmed;
}

/** `{ estate, offset }` rebuilt field by field; null when anything is off (never a query one could not type). */
export function readEstateActionData(data: unknown): EstateActionData | null {
  if (!isRecord(data) || !Object.keys(data).every((k) => DATA_KEYS.has(k))) return null;
  const value = data.estate;
  if (!isRecord(value) || !Object.keys(value).every((k) => QUERY_KEYS.has(k))) return null;
  if (value.shape !== 'list' && value.shape !== 'count') return null;
  const estate: EstateQuery = { shape: value.shape };
  if (value.states !== undefined) {
    const states = value.states;
    if (!Array.isArray(states) || states.length === 0 || states.length > 3) return null;
    if (!states.every((s) => (STATES as readonly unknown[]).includes(s))) return null;
    estate.states = [...(states as FlowRunState[])];
  }
  for (const key of ['connector', 'owner', 'environment'] as const) {
    const text = readText(value[key]);
    if (text === null) return null;
    if (text !== undefined) estate[key] = key === 'owner' ? text.toLowerCase() : text;
  }
  const offset = data.offset ?? 0;
  if (typeof offset !== 'number' || !Number.isInteger(offset) || offset < 0 || offset > MAX_OFFSET) return null;
  return { estate, offset };
}

export async function answerEstate(
  query: EstateQuery,
  offset: number,
  ctx: AnswerContext,
  deps: AnswerDeps,
): Promise<Record<string, unknown>> {
  const inventory = deps.inventoryState?.() ?? 'ok';
  const result = await runEstate(deps.store, query, { offset, limit: ESTATE_PAGE_SIZE, inventory });
  return renderEstateCard(result, {
    timeZone: ctx.timeZone,
    riskyConnectors: deps.riskyConnectors,
    now: deps.now(),
    ...(ctx.readAs ? { readAs: ctx.readAs } : {}),
  });
}
