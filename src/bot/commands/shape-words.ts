import type { QueryShape } from '../../queries/query.ts';
import type { Scan } from './scan.ts';
import { wordsOfPatterns } from './vocabulary.ts';

/** Most specific first: "which connectors did new flows use" is by connector, not a list. */
const RULES: Array<[RegExp, QueryShape]> = [
  [
    /\b(?:which|what|top|list)\s+connectors(?:\s+(?:were|are|was|did))?(?:\s+used)?\b|\bconnectors?\s+(?:used|in\s+use|usage)\b|\b(?:grouped\s+)?(?:by|per)\s+connector\b|^connectors(?:\s+per\s+flow)?\b/i,
    'byConnector',
  ],
  [
    /\bwho(?:'s|\s+has|\s+have|\s+did)?\b|\b(?:which|what|top|(?:the\s+)?most\s+active|busiest)\s+(?:makers?|users?|people|creators?)\b|\b(?:grouped\s+)?(?:by|per)\s+(?:maker|user|creator|person)\b|\beach\s+maker\b/i,
    'byMaker',
  ],
  [/\bhow\s+many\b|\bcount(?:\s+of)?\b|\bnumber\s+of\b|\btotals?\b/i, 'count'],
];

/** Every word these patterns know, for the typo corrector. */
export const SHAPE_VOCABULARY = wordsOfPatterns(RULES.map(([pattern]) => pattern));

/** Takes every shape phrase; the most specific one wins. null means a plain list. */
export function takeShape(scan: Scan): QueryShape | null {
  let shape: QueryShape | null = null;
  for (const [pattern, candidate] of RULES) {
    const found = scan.takeEach(pattern).length > 0;
    if (found && shape === null) shape = candidate;
  }
  return shape;
}
