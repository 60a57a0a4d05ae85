/**
 * Questions about connections and data policies (issue 12), read before the flow questions:
 * "connections shared this week", "connections turned off by data policy this month", "data policy
 * changes this month", "who changed data policies". Pure and bounded like parse.ts. The period is
 * taken out with the flow parser's own rules; what is left, filler words dropped, must match one
 * topic's pattern whole, so a question this does not know falls through to the flow parser (and
 * its "not understood") instead of being read as a near one.
 */
import { canonicalTimeZone } from '../../queries/period.ts';
import { TOPIC_TEXT, type GovernanceQuery, type GovernanceTopic } from '../../queries/governance.ts';
import { DEFAULT_PERIOD, MAX_QUESTION_CHARS } from './parse.ts';
import { periodText } from './format-question.ts';
import { takePeriod } from './period-words.ts';
import { Scan } from './scan.ts';

export interface GovernanceReading {
  query: GovernanceQuery;
  /** The canonical question when the period was assumed (the answer says so), else absent. */
  readAs?: string;
}

const FILLER = new Set(
  (
    "what what's whats show me list give get tell see any all please pls the our were was are is been have has " +
    'there in on during over tenant power platform recently lately i we my did do does anyone someone anybody ' +
    'somebody which that a of'
  ).split(' '),
);

const ZONE = /\b(?:in|at)\s+(?:the\s+)?(?:time\s*zone\s+)?([A-Za-z][\w+-]*(?:\/[\w+-]+)+|utc|gmt)(?:\s+time)?(?=\s|$)/i;
const POLICY = String.raw`(?:(?:data|dlp|data loss prevention) polic(?:y|ies)|dlp(?: rules?)?|dlps)`;
const CONNECTION = String.raw`connections?`;
const CHANGED = String.raw`(?:changed|edited|updated|modified|created|deleted|removed|touched)`;
const TURNED_OFF = String.raw`(?:turned off|disabled|blocked|switched off|shut off)`;
const BY_POLICY = String.raw`(?: (?:by|due to|because of|under) ${POLICY})?`;

const TOPICS: ReadonlyArray<readonly [GovernanceTopic, RegExp]> = (
  [
    ['policyChangers', `(?:who|admins?|users?|people) ${CHANGED} ${POLICY}`],
    ['policyChangers', `who (?:made|is making|are making) ${POLICY} changes`],
    ['policyChangers', `who (?:changes|is changing|are changing) ${POLICY}`],
    ['policyChanges', `${POLICY} (?:changes|changed|updates|updated|edits|edited|modified|activity|history|events)`],
    ['policyChanges', `(?:changes|updates|edits|modifications) (?:to|on) ${POLICY}`],
    ['policyChanges', `(?:${CHANGED}|new) ${POLICY}`],
    ['connectionsTurnedOff', `${CONNECTION} ${TURNED_OFF}${BY_POLICY}`],
    ['connectionsTurnedOff', `${TURNED_OFF} ${CONNECTION}${BY_POLICY}`],
    ['connectionsTurnedOff', `${CONNECTION} ${POLICY} ${TURNED_OFF}`],
    ['connectionsTurnedOff', `${POLICY} ${TURNED_OFF} ${CONNECTION}`],
    ['connectionsShared', `(?:who )?shared ${CONNECTION}`],
    ['connectionsShared', `${CONNECTION} (?:shared|being shared)(?: with (?:others|other people|users|people))?`],
    ['connectionsShared', `connection (?:sharing|shares)`],
    ['connectionActivity', `${CONNECTION} (?:changes|activity|events|history)`],
    ['connectionActivity', `(?:changes|activity) (?:to|on) ${CONNECTION}`],
  ] as const
).map(([topic, pattern]) => [topic, new RegExp(`^${pattern}$`, 'i')] as const);

/** The question as a GovernanceQuery, or null when it is not one about connections or data policies. */
export function parseGovernanceQuestion(text: string): GovernanceReading | null {
  if (text.length > MAX_QUESTION_CHARS) return null;
  const normalized = text
    .replace(/<at>[^<]*<\/at>/gi, ' ')
    .replace(/[\u2018\u2019]/g, "'")
    .replace(/[,;!?"`\u201c\u201d]|[.:]+$/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/^@\S+\s*/, '');
  // Cheap gate: the flow questions, nearly all of them, never reach the topic patterns.
  if (!/connection|polic|dlp/i.test(normalized)) return null;
  const scan = new Scan(normalized);
  const zoneMatch = scan.take(ZONE);
  const timeZone = zoneMatch ? canonicalTimeZone(zoneMatch[1]) : null;
  if (zoneMatch && !timeZone) return null;
  const period = takePeriod(scan);
  if (period && 'error' in period) return null;
  const rest = scan
    .words()
    .filter((w) => !FILLER.has(w.toLowerCase()))
    .join(' ');
  const topic = TOPICS.find(([, pattern]) => pattern.test(rest))?.[0];
  if (!topic) return null;
  const query: GovernanceQuery = { topic, period: period?.period ?? DEFAULT_PERIOD };
  if (timeZone) query.timeZone = timeZone;
  return period
    ? { query }
    : { query, readAs: `Read as: ${governanceQuestionText(query)} (no period was said, so the last 7 days)` };
}

/** The canonical question of a query: parseGovernanceQuestion reads it back as the same query. */
export function governanceQuestionText(query: GovernanceQuery): string {
  const zone = query.timeZone ? ` in ${query.timeZone}` : '';
  return `${TOPIC_TEXT[query.topic].question} ${periodText(query.period)}${zone}`;
}
