import { KNOWN_OPERATIONS } from '../../model/flow-event.ts';
import type { Scan } from './scan.ts';
import { wordsOfPatterns } from './vocabulary.ts';

const TRIALS = ['StartAPaidTrial', 'RenewTrial'];
const PERMISSIONS = ['PutPermissions', 'DeletePermissions'];
const PERMISSION_NOUN = String.raw`(?:flow\s+)?(?:permissions?|access|sharing|co-?owners?)`;

/**
 * Phrases for operations, most specific first: "permission changes" must not read as an edit,
 * "new trials" not as a created flow, "unshared" not as "shared".
 */
const RULES: Array<[RegExp, string[]]> = [
  // "sharing flows" (the verb: granting access), before "sharing" as a noun of permission changes.
  [/\bsharing\s+(?:the\s+|their\s+)?flows?\b/i, ['PutPermissions']],
  [/\bstarted\s+or\s+renewed\s+(?:paid\s+)?trials?\b/i, TRIALS],
  [
    /\b(?:started|start|starts|new)\s+(?:paid\s+)?trials?\b|\b(?:paid\s+)?trials?\s+(?:started|begun)\b/i,
    ['StartAPaidTrial'],
  ],
  [
    /\b(?:renewed|renew|renews|extended)\s+(?:paid\s+)?trials?\b|\b(?:paid\s+)?trials?\s+(?:renewals?|renewed|extended)\b/i,
    ['RenewTrial'],
  ],
  [/\b(?:paid\s+)?trials?(?:\s+licen[cs]es?)?\b/i, TRIALS],
  [
    new RegExp(
      String.raw`\bun-?shared?\b|\bunsharing\b|\b(?:removed|deleted|revoked)\s+${PERMISSION_NOUN}\b|\b${PERMISSION_NOUN}\s+(?:removed|deleted|revoked)\b`,
      'i',
    ),
    ['DeletePermissions'],
  ],
  [
    new RegExp(String.raw`\b(?:added|granted)\s+${PERMISSION_NOUN}\b|\b${PERMISSION_NOUN}\s+(?:added|granted)\b`, 'i'),
    ['PutPermissions'],
  ],
  [
    new RegExp(
      String.raw`\b(?:changed|edited|updated|modified)\s+${PERMISSION_NOUN}(?:\s+(?:on|of|for|to))?\b|\bchanges?\s+(?:to|on|of)\s+${PERMISSION_NOUN}\b|\b${PERMISSION_NOUN}(?:\s+(?:changes?|changed|edits?|edited|updates?|updated))?\b`,
      'i',
    ),
    PERMISSIONS,
  ],
  [/\b(?:shared?|shares)\b/i, ['PutPermissions']],
  [/\bchanges?\s+(?:were\s+|was\s+)?made\b|\b(?:made|make|makes)\s+changes?\b/i, ['EditFlow']],
  [/\b(?:deleted|delete|deletes|deleting|deletions?|removed|remove|removes|removing)\b/i, ['DeleteFlow']],
  [
    /\b(?:edited|edit|edits|editing|changed|change|changes|changing|modified|modify|modifying|modifications?|updated|update|updates|updating)\b/i,
    ['EditFlow'],
  ],
  [/\b(?:created|create|creates|creating|creations?|new|made|make|built|build|added|add)\b/i, ['CreateFlow']],
];

/** "activity", "events", "everything": every operation, said out loud. */
const EVERY_OPERATION = /\b(?:activity|activities|events?|happened|anything|everything|all)\b/i;
/** "operation CreateFlow": an operation by its audit name, also ones we do not model yet. */
const BY_NAME = /\boperations?\s+([A-Za-z]+)\b/i;

/** Every word these patterns know, for the typo corrector. */
export const OPERATION_VOCABULARY = wordsOfPatterns([...RULES.map(([pattern]) => pattern), EVERY_OPERATION, BY_NAME]);

/**
 * Takes every operation phrase out of the question. `operations` is in the order of
 * KNOWN_OPERATIONS (unknown names after), empty when none was named; `said` tells whether
 * anything about operations was said at all ("flow activity" says "all of them").
 */
export function takeOperations(scan: Scan): { operations: string[]; said: boolean } {
  const found = new Set<string>();
  for (const match of scan.takeEach(BY_NAME)) {
    const name = match[1];
    found.add(KNOWN_OPERATIONS.find((op) => op.toLowerCase() === name.toLowerCase()) ?? name);
  }
  for (const [pattern, operations] of RULES) {
    if (scan.takeEach(pattern).length > 0) operations.forEach((op) => found.add(op));
  }
  const said = scan.takeEach(EVERY_OPERATION).length > 0;
  return { operations: sortOperations([...found]), said: said || found.size > 0 };
}

/** Known operations in their canonical order, then any others alphabetically. */
export function sortOperations(operations: string[]): string[] {
  const rank = (op: string) => {
    const i = (KNOWN_OPERATIONS as readonly string[]).indexOf(op);
    return i === -1 ? KNOWN_OPERATIONS.length : i;
  };
  return [...new Set(operations)].sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
}
