import { CONNECTOR_NAME_WORDS, matchConnectorPrefix } from '../../queries/connectors.ts';
import type { Scan } from './scan.ts';
import { wordsOfPatterns } from './vocabulary.ts';

/** "flows using HTTP", "that use SharePoint", "via the Office 365 Outlook connector", "that connect to SQL". */
const USING =
  /\b(?:(?:that|which)\s+)?(?:using|uses|use|via|through|connect(?:s|ing)?\s+to|with\s+(?:the\s+)?connector)\s+(?:the\s+)?(.+)$/i;
/** "flows with HTTP": only for known connector names, since "with" also leads into other phrases. */
const WITH = /\bwith\s+(?:the\s+)?(.+)$/i;
/** Words that end a connector name we do not know ("using My API created this week"). */
const STOP = new Set([
  'and',
  'or',
  'that',
  'which',
  'who',
  'grouped',
  'by',
  'per',
  'flows',
  'flow',
  'in',
  'on',
  'were',
  'was',
  'connector',
  'connectors',
  'created',
  'new',
  'made',
  'edited',
  'changed',
  'modified',
  'updated',
  'deleted',
  'removed',
  'shared',
  'unshared',
  'sharing',
  'permissions',
  'permission',
  'trials',
  'trial',
  'please',
]);
const CONNECTOR_WORD = /^connectors?$/i;
/** Kinds of connectors (tiers and custom ones), which a filter on one connector name cannot answer. */
const CONNECTOR_KINDS = new Set(['premium', 'standard', 'custom', 'certified', 'premium-tier']);

/**
 * What a question about connectors is about when it names no operation: only create and edit
 * records carry a flow's connectors (audit-apis.md §3.3), so "flows using HTTP" means those.
 */
export const CONNECTOR_OPERATIONS = ['CreateFlow', 'EditFlow'];

/** Every word of these patterns and of the known connector names, for the typo corrector. */
export const CONNECTOR_VOCABULARY = [...wordsOfPatterns([USING, WITH]), ...STOP, ...CONNECTOR_NAME_WORDS];
const FLOW_WORD = /^(?:flows?|connectors?)$/i;

/**
 * Takes the connector the question filters on: a known display name (canonical spelling),
 * else the words after "using" as given. Returns null when no connector is named.
 */
export function takeConnector(scan: Scan): string | null {
  return takeAfter(scan, USING, true) ?? takeAfter(scan, WITH, false) ?? takeBeforeFlows(scan);
}

function takeAfter(scan: Scan, pattern: RegExp, allowUnknown: boolean): string | null {
  const match = pattern.exec(scan.rest);
  if (!match) return null;
  scan.steps += match[1].length;
  const words = match[1].split(' ');
  const stop = words.findIndex((w) => STOP.has(w.toLowerCase()));
  const span = stop === -1 ? words.length : stop;
  const known = matchConnectorPrefix(words);
  // A known name followed by more words ("HTTP Custom") is another connector, taken as given.
  const useKnown = known !== null && (known.wordCount >= span || !allowUnknown);
  let used = useKnown ? known.wordCount : allowUnknown ? span : 0;
  if (used === 0) return null;
  const name = useKnown ? known.name : words.slice(0, used).join(' ');
  // "premium connectors", "custom connectors": a kind of connector, not one named "premium".
  if (!useKnown && used === 1 && CONNECTOR_KINDS.has(name.toLowerCase())) return null;
  if (CONNECTOR_WORD.test(words[used] ?? '')) used++;
  scan.replace(match.index, match[0].length, ' ' + words.slice(used).join(' '));
  return name;
}

/** "HTTP flows", "SharePoint connector": a known name right before "flows" or "connector". */
function takeBeforeFlows(scan: Scan): string | null {
  const words = scan.words();
  for (let i = 0; i < words.length; i++) {
    scan.steps += words[i].length;
    const known = matchConnectorPrefix(words, i);
    if (!known || !FLOW_WORD.test(words[i + known.wordCount] ?? '')) continue;
    const next = words[i + known.wordCount];
    const keep = CONNECTOR_WORD.test(next) ? [] : [next];
    scan.rest = [...words.slice(0, i), ...keep, ...words.slice(i + known.wordCount + 1)].join(' ');
    return known.name;
  }
  return null;
}
