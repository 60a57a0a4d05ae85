/**
 * Questions about the flows as they are now, not events in a period (issue 11): "which flows use
 * HTTP", "suspended flows", "flows owned by avery@contoso.com", "flows in environment Sales",
 * "how many flows use SharePoint". The flow inventory answers them (src/queries/estate.ts).
 */
import type { FlowRunState } from '../../model/flow-identity.ts';
import type { EstateQuery } from '../../queries/query.ts';
import type { Scan } from './scan.ts';

/** "owned by x@…": the flow's owner, not an event's actor. */
export const OWNED = /\bowned\s+by\s+([^\s@]+@[^\s@]+\.[^\s@]+)/i;
/**
 * A state said of flows. "on" and "off" alone are read only after "are"/"is" ("flows that are
 * off"): alone they are periods ("on Monday") or parts of other phrases.
 */
export const STATE =
  /\b(?:(?:are|is)\s+(?:currently\s+|now\s+)?)?(suspended|stopped|turned\s+off|switched\s+off|disabled)\b|\b(?:are|is)\s+(?:currently\s+|now\s+)?(off|on|running|turned\s+on|enabled|started)\b/i;
/** "which flows use HTTP", "flows that connect to SQL": present tense asks what flows do now. */
export const PRESENT_USE = /\bflows?\s+(?:that\s+|which\s+)?(?:are\s+)?(?:use|uses|connect\s+to|connects\s+to)\b/i;

const STATE_OF: Record<string, FlowRunState> = {
  suspended: 'suspended',
  stopped: 'off',
  'turned off': 'off',
  'switched off': 'off',
  disabled: 'off',
  off: 'off',
  on: 'on',
  running: 'on',
  'turned on': 'on',
  enabled: 'on',
  started: 'on',
};

export const ESTATE_VOCABULARY = ['owned', 'currently', 'now', ...Object.keys(STATE_OF).flatMap((k) => k.split(' '))];

/** Takes a state out of the text; null when none is said. */
export function takeState(scan: Scan): FlowRunState | null {
  const match = scan.take(STATE);
  if (!match) return null;
  const words = (match[1] ?? match[2]).toLowerCase().replace(/\s+/g, ' ');
  return STATE_OF[words] ?? null;
}

const STATE_WORDS: Record<FlowRunState, string> = { on: 'on', off: 'turned off', suspended: 'suspended' };

/** Owner, state and a present-tense "use", taken (or tested) before the maker and connector rules read them. */
export function takeEstateWords(scan: Scan): { owner: string | null; state: FlowRunState | null; presentUse: boolean } {
  const owner = scan.take(OWNED)?.[1]?.toLowerCase() ?? null;
  const state = takeState(scan);
  return { owner, state, presentUse: PRESENT_USE.test(scan.rest) };
}

/** The canonical question an estate query answers: what "Read as" and the CLI say. */
export function formatEstateQuestion(query: EstateQuery): string {
  const state = query.states?.length === 1 ? `${STATE_WORDS[query.states[0]]} ` : '';
  const head = query.shape === 'count' ? `how many ${state}flows` : `which ${state}flows`;
  const parts = [head];
  if (query.connector) parts.push(`use ${query.connector}`);
  if (query.owner) parts.push(`owned by ${query.owner}`);
  if (query.environment) parts.push(`in environment ${query.environment}`);
  return parts.join(' ');
}

/**
 * The estate query a question asks, when it asks about flows as they are: a state, an owner, a
 * present-tense "use" or an environment with no word about events. Undefined when it does not
 * ("flows that use HTTP today" asks about events); null when a state or an owner comes with
 * words about events (a period, an operation, a maker), which would be a guess.
 */
export function estateQueryOf(r: {
  state: FlowRunState | null;
  owner: string | null;
  presentUse: boolean;
  environment: string | null;
  connector: string | null;
  shape: string | null;
  eventWords: boolean;
}): EstateQuery | null | undefined {
  const environmentAlone = r.environment && !r.eventWords && !r.connector && !r.shape;
  if (!r.state && !r.owner && !environmentAlone && !(r.presentUse && !r.eventWords)) return undefined;
  if (r.eventWords || (r.shape !== null && r.shape !== 'count')) return null;
  const query: EstateQuery = { shape: r.shape === 'count' ? 'count' : 'list' };
  if (r.connector) query.connector = r.connector;
  if (r.state) query.states = [r.state];
  if (r.owner) query.owner = r.owner;
  if (r.environment) query.environment = r.environment;
  return query;
}
