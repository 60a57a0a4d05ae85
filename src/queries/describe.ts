import { connectorNamesFor } from './connectors.ts';
import type { FlowQuery } from './query.ts';
import { groupOperations, joinWords } from './operation-groups.ts';

const ADJECTIVE = {
  created: 'new',
  edited: 'edited',
  deleted: 'deleted',
  shared: 'shared',
  unshared: 'unshared',
} as const;
const SHAPE_SUFFIX = {
  list: '',
  count: ', counted by operation',
  byMaker: ', grouped by maker',
  byConnector: ', grouped by connector',
  byEnvironment: ', grouped by environment',
} as const;

/**
 * The question as understood, for the top of an answer: "Edited flows, grouped by maker",
 * "New flows and permission changes using HTTP by avery@contoso.com". The period is shown
 * separately (ResolvedPeriod.label).
 */
export function describeQuery(query: FlowQuery): string {
  const top = query.top === undefined ? '' : ` (top ${query.top})`;
  const text = `${subject(query.operations)}${describeFilters(query)}${SHAPE_SUFFIX[query.shape]}${top}`;
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function subject(operations: string[]): string {
  if (operations.length === 0) return 'all flow activity';
  const groups = groupOperations(operations);
  const parts: string[] = [];
  if (groups.flowVerbs.length > 0) parts.push(`${joinWords(groups.flowVerbs.map((v) => ADJECTIVE[v]))} flows`);
  if (groups.permissionChanges) parts.push('permission changes');
  if (groups.trials === 'started or renewed') parts.push('trials');
  else if (groups.trials) parts.push(`${groups.trials} trials`);
  if (groups.others.length > 0) parts.push(`${joinWords(groups.others, 'or')} events`);
  return joinWords(parts);
}

/**
 * " using HTTP, HTTP with Microsoft Entra ID or HTTP Webhook … by … in environment …": every
 * connector name a family covers is said, so the answer shows what it included.
 */
export function describeFilters(query: Pick<FlowQuery, 'connector' | 'maker' | 'environment'>): string {
  let text = '';
  if (query.connector) text += ` using ${joinWords(connectorNamesFor(query.connector), 'or')}`;
  if (query.maker) text += ` by ${query.maker}`;
  if (query.environment) text += ` in environment ${query.environment}`;
  return text;
}
