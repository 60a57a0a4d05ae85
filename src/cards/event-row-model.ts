import { missingFacts, type FlowDescription } from '../queries/describe-flow.ts';
import type { EventWithFlow } from '../queries/query.ts';
import { describeOperation } from '../queries/operation-labels.ts';
import type { CardContext } from './card-context.ts';
import { assessConnector } from './connector-risk.ts';
import { formatInstant } from './format-time.ts';
import { operationColor } from './operation-color.ts';
import { plainText } from './plain-text.ts';
import { chooseFlowLink } from './safe-link.ts';
import { describeSharingPermission } from './sharing-permission.ts';

const MAX_CONNECTORS_PER_EVENT = 12;

/** Adaptive Card colours for a flow's state: on is good, off a warning, suspended or deleted needs attention. */
export const TONE_COLORS: Record<FlowDescription['tone'], string> = {
  good: 'Good',
  warning: 'Warning',
  attention: 'Attention',
  default: 'Default',
};

export interface TextRunModel {
  text: string;
  color: string;
  weight: string;
}

/** Everything cards/result-event.json binds to, for one event. */
export interface EventRowModel {
  operation: string;
  operationColor: string;
  when: string;
  flow: string;
  hasLink: boolean;
  link: string;
  environment: string;
  /** State and owner from the flow inventory (issue 11); absent when it does not know the flow. */
  hasFacts: boolean;
  hasState: boolean;
  state: string;
  stateColor: string;
  hasOwner: boolean;
  owner: string;
  /** Why the flow shows an id, or no state: said on the card rather than left to guess. */
  hasUnnamedReason: boolean;
  unnamedReason: string;
  actor: string;
  status: string;
  statusColor: string;
  hasSharing: boolean;
  sharingVerb: string;
  sharing: string;
  sharingPreposition: string;
  recipient: string;
  hasLicense: boolean;
  license: string;
  hasConnectors: boolean;
  connectorsLabel: string;
  connectors: TextRunModel[];
}

/** `zone` must be a usable zone (usableZone). */
export function buildEventRow(
  event: EventWithFlow,
  ctx: Pick<CardContext, 'riskyConnectors'>,
  zone: string,
): EventRowModel {
  const about = event.identity;
  const flowId = event.flowId ?? event.flow?.flowId ?? null;
  const environmentId = event.environmentId ?? event.flow?.environmentId ?? null;
  const link = chooseFlowLink(event.detailsUrl ?? event.flow?.detailsUrl ?? null, environmentId, flowId);
  const sharing = describeSharingPermission(event.sharingPermission);
  const removed = event.operation === 'DeletePermissions';
  const ownConnectors = event.connectors.length > 0;
  const names = ownConnectors ? event.connectors : (event.flow?.connectors ?? []);
  const status = plainText(event.resultStatus, 40) || 'status unknown';
  return {
    operation: plainText(describeOperation(event.operation), 60),
    operationColor: operationColor(event.operation),
    when: formatInstant(event.occurredAt, zone),
    flow: plainText(about.name, 150) || (flowId ? `flow ${plainText(flowId, 100)}` : 'flow not named in the record'),
    hasLink: link !== null,
    link: link ?? '',
    environment: plainText(about.environment, 150) || 'unknown environment',
    hasFacts: about.stateText !== null || about.owner !== null,
    hasState: about.stateText !== null,
    state: plainText(about.stateText, 120),
    stateColor: TONE_COLORS[about.tone],
    hasOwner: about.owner !== null,
    owner: plainText(about.owner, 150),
    hasUnnamedReason: about.unnamedBecause !== null,
    unnamedReason: about.unnamedBecause ? `${missingFacts(about)}: ${about.unnamedBecause}.` : '',
    actor: plainText(event.actorUpn, 120) || 'unknown user',
    status,
    statusColor: /^succe/i.test(status) ? 'Good' : /fail/i.test(status) ? 'Attention' : 'Default',
    hasSharing: sharing !== null || event.recipientUpn !== null,
    sharingVerb: removed ? 'Removed' : 'Gave',
    sharing: sharing ?? 'a permission',
    sharingPreposition: removed ? 'from' : 'to',
    recipient: plainText(event.recipientUpn, 120) || 'someone not named in the record',
    hasLicense: Boolean(event.licenseName),
    license: plainText(event.licenseName, 100),
    hasConnectors: names.length > 0,
    connectorsLabel: ownConnectors ? 'Connectors' : 'Connectors (last known)',
    connectors: connectorRuns(names, ctx),
  };
}

/** One TextRun per connector, separators included; flagged ones coloured and marked. */
function connectorRuns(names: string[], ctx: Pick<CardContext, 'riskyConnectors'>): TextRunModel[] {
  const shown = names.slice(0, MAX_CONNECTORS_PER_EVENT);
  const runs = shown.map((name, i) => {
    const risk = assessConnector(name, ctx.riskyConnectors);
    const sep = i < shown.length - 1 ? ', ' : '';
    const text = plainText(name, 80);
    if (risk === 'risky') return { text: `⚠ ${text} (risky)${sep}`, color: 'Attention', weight: 'Bolder' };
    if (risk === 'nonMicrosoft') return { text: `⚠ ${text} (not Microsoft)${sep}`, color: 'Warning', weight: 'Bolder' };
    return { text: `${text}${sep}`, color: 'Default', weight: 'Default' };
  });
  if (names.length > shown.length)
    runs.push({ text: ` and ${names.length - shown.length} more`, color: 'Default', weight: 'Default' });
  return mergeAdjacentRuns(runs);
}

/** Adjacent runs that look the same become one: fewer TextRuns, more rows under the size limit. */
function mergeAdjacentRuns(runs: TextRunModel[]): TextRunModel[] {
  const merged: TextRunModel[] = [];
  for (const run of runs) {
    const last = merged.at(-1);
    if (last && last.color === run.color && last.weight === run.weight) last.text += run.text;
    else merged.push({ ...run });
  }
  return merged;
}
