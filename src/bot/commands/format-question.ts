import type { FlowQuery, PeriodSpec } from '../../queries/query.ts';
import { groupOperations, joinWords } from '../../queries/operation-groups.ts';
import { CONNECTOR_OPERATIONS } from './connector-words.ts';
import { WEEKDAYS } from './period-words.ts';

/**
 * A canonical question for a query, one that parseQuestion reads back as the same query
 * (test/commands/format-question.test.ts checks the round trip). The period is always said,
 * so the text still means the same after DEFAULT_PERIOD changes. A connector name we do not
 * know that contains words like "by" or "flows" does not survive the round trip.
 */
export function formatQuestion(query: FlowQuery): string {
  const tail = [
    query.environment ? `in environment ${query.environment}` : '',
    query.maker ? `by ${query.maker}` : '',
    query.connector ? `using ${query.connector}` : '',
    periodText(query.period),
    query.timeZone ? `in ${query.timeZone}` : '',
  ];
  return [topHead(query) ?? connectorHead(query) ?? head(query), ...tail].filter(Boolean).join(' ');
}

/** "top 5 makers by created flows": a ranking that ends at a row (parse.ts takes "top N" before the shape). */
function topHead(query: FlowQuery): string | null {
  if (query.top === undefined) return null;
  const impliedByConnector = query.shape === 'byConnector' && sameOperations(query.operations, CONNECTOR_OPERATIONS);
  const subject = query.operations.length === 0 ? 'flow events' : listSubject(query.operations);
  switch (query.shape) {
    case 'byMaker':
      return `top ${query.top} makers by ${subject}`;
    case 'byConnector':
      return impliedByConnector ? `top ${query.top} connectors` : `top ${query.top} connectors in ${subject}`;
    case 'byEnvironment':
      return `top ${query.top} environments by ${subject}`;
    default:
      return null;
  }
}

/**
 * A connector question that names no operation reads as creates and edits (parse.ts), so that
 * query is said without its operations, and one over every operation says "flow events", which
 * reads back as every operation.
 */
function connectorHead(query: FlowQuery): string | null {
  if (!query.connector && query.shape !== 'byConnector') return null;
  if (sameOperations(query.operations, CONNECTOR_OPERATIONS)) return head({ ...query, operations: [] });
  if (query.operations.length > 0) return null;
  switch (query.shape) {
    case 'list':
      return 'flow events';
    case 'count':
      return 'how many flow events';
    case 'byMaker':
      return 'flow events grouped by maker';
    case 'byConnector':
      return 'connectors used in flow events';
    case 'byEnvironment':
      return 'flow events grouped by environment';
  }
}

function sameOperations(a: string[], b: string[]): boolean {
  return a.length === b.length && a.every((op) => b.includes(op));
}

function head(query: FlowQuery): string {
  const groups = groupOperations(query.operations);
  const onlyFlowVerbs = !groups.permissionChanges && !groups.trials && groups.others.length === 0;
  switch (query.shape) {
    case 'list':
      return listSubject(query.operations);
    case 'count':
      return groups.flowVerbs.length > 0 && onlyFlowVerbs
        ? `how many flows were ${joinWords(groups.flowVerbs, 'or')}`
        : `how many ${listSubject(query.operations)}`;
    case 'byMaker':
      return query.operations.length === 0 ? 'flows grouped by maker' : `who ${whoVerbs(query.operations)}`;
    case 'byConnector':
      return query.operations.length === 0 ? 'connectors used' : `connectors used in ${listSubject(query.operations)}`;
    case 'byEnvironment':
      return `${listSubject(query.operations)} grouped by environment`;
  }
}

/** "created or edited flows", "permission changes", "trials", "flows". */
function listSubject(operations: string[]): string {
  const groups = groupOperations(operations);
  const parts: string[] = [];
  if (groups.flowVerbs.length > 0 || operations.length === 0)
    parts.push(`${joinWords(groups.flowVerbs, 'or')} flows`.trim());
  parts.push(...extras(groups));
  return joinWords(parts);
}

/** "created or edited flows", "changed flow permissions", "started or renewed trials". */
function whoVerbs(operations: string[]): string {
  const groups = groupOperations(operations);
  const parts: string[] = [];
  if (groups.flowVerbs.length > 0) parts.push(`${joinWords(groups.flowVerbs, 'or')} flows`);
  if (groups.permissionChanges) parts.push('changed flow permissions');
  if (groups.trials) parts.push(`${groups.trials} trials`);
  parts.push(...groups.others.map((op) => `operation ${op}`));
  return joinWords(parts, 'or');
}

function extras(groups: ReturnType<typeof groupOperations>): string[] {
  const parts: string[] = [];
  if (groups.permissionChanges) parts.push('permission changes');
  if (groups.trials === 'started or renewed') parts.push('trials');
  else if (groups.trials) parts.push(`${groups.trials} trials`);
  parts.push(...groups.others.map((op) => `operation ${op}`));
  return parts;
}

/** A period as a question says it: "this week", "last 30 days", "on friday". */
export function periodText(period: PeriodSpec): string {
  switch (period.kind) {
    case 'today':
      return 'today';
    case 'yesterday':
      return 'yesterday';
    case 'thisWeek':
      return 'this week';
    case 'lastWeek':
      return 'last week';
    case 'thisMonth':
      return 'this month';
    case 'lastMonth':
      return 'last month';
    case 'weekday':
      return `on ${WEEKDAYS[period.day - 1]}`;
    case 'lastDays':
      return `last ${period.days} days`;
    case 'since':
      return `since ${period.date}`;
    case 'on':
      return `on ${period.date}`;
  }
}
