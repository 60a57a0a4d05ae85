/**
 * The answer to a connection or data-policy question (issue 12): what happened, newest first, who
 * did it, where; "who changed data policies" also ranks the admins. Refresh re-runs the same query
 * (verb refreshGovernance), Show more the next page; both carry the query, which the bot reads
 * back strictly (src/bot/governance-actions.ts). Kept under the Teams size limit by fitRows.
 */
import template from '../../cards/governance.json' with { type: 'json' };
import type { GovernanceQuery, GovernanceResult } from '../queries/governance.ts';
import { backfillSentence } from '../queries/backfill-coverage.ts';
import { fitRows } from './card-size.ts';
import { compileTemplate } from './expand-template.ts';
import { formatRange, formatTime } from './format-time.ts';
import { governanceActor, governanceWhat, governanceWhere } from './governance-text.ts';
import { plural } from '../model/plural.ts';
import { plainText } from './plain-text.ts';
import type { SuspendedFlow } from '../queries/suspension-causes.ts';

export const GOVERNANCE_REFRESH_VERB = 'refreshGovernance';
export const GOVERNANCE_MORE_VERB = 'moreGovernance';

export interface GovernanceActionData {
  governance: GovernanceQuery;
  offset: number;
}

interface View {
  title: string;
  period: string;
  hasReadAs: boolean;
  readAs: string;
  hasCoverage: boolean;
  coverage: string;
  summary: string;
  hasActors: boolean;
  actors: Array<{ who: string; count: string }>;
  hasRows: boolean;
  rows: Array<{ when: string; who: string; what: string; where: string; hasSuspended: boolean; suspended: string }>;
  hasOmitted: boolean;
  omitted: string;
  refresh: GovernanceActionData;
  refreshFallback: GovernanceActionData & { verb: string };
  hasMore: boolean;
  more: GovernanceActionData;
  moreFallback: GovernanceActionData & { verb: string };
}

const expand = compileTemplate<View>(template);

export function renderGovernanceCard(result: GovernanceResult, ctx: { readAs?: string }): Record<string, unknown> {
  const render = (shown: number) => expand(view(result, ctx, shown));
  return fitRows(result.events.items.length, render).card;
}

function view(result: GovernanceResult, ctx: { readAs?: string }, shown: number): View {
  const { items, total, offset } = result.events;
  const zone = result.period.timeZone;
  const refresh = { governance: result.query, offset };
  const next = offset + shown;
  const left = total - next;
  const more = { governance: result.query, offset: next };
  return {
    title: result.understood,
    period: result.period.label,
    hasReadAs: Boolean(ctx.readAs),
    readAs: ctx.readAs ?? 'none',
    hasCoverage: !result.coverage.complete,
    coverage: result.coverage.missing.length
      ? `Not synced yet: ${result.coverage.missing.map((r) => formatRange(r, zone)).join('; ')}. What is shown may be incomplete.${backfillSentence(result.coverage.backfilling)}`
      : 'none',
    summary: summaryText(result),
    hasActors: (result.actors?.length ?? 0) > 0,
    actors: (result.actors ?? []).slice(0, 20).map((a) => ({
      who: governanceActor(a.key || null),
      count: plural(a.count, 'change'),
    })),
    hasRows: shown > 0,
    rows: items.slice(0, shown).map((e) => ({
      when: formatTime(e.occurredAt, zone, 'shortDayAndTime'),
      who: governanceActor(e.actorUpn),
      what: governanceWhat(e),
      where: governanceWhere(e.environmentId && (result.environments[e.environmentId] ?? e.environmentId)) || ' ',
      ...suspendedText(result.suspensions?.[e.id]),
    })),
    hasOmitted: left > 0,
    omitted: left > 0 ? `${plural(left, 'more event')} not shown.` : 'none',
    refresh,
    refreshFallback: { verb: GOVERNANCE_REFRESH_VERB, ...refresh },
    hasMore: left > 0,
    more,
    moreFallback: { verb: GOVERNANCE_MORE_VERB, ...more },
  };
}

function summaryText(result: GovernanceResult): string {
  const { total } = result.events;
  if (total === 0)
    return result.coverage.complete
      ? 'Nothing in this period.'
      : 'Nothing stored for this period yet, and part of it is not synced.';
  if (result.query.topic === 'policyChangers')
    return `${plural(total, 'data policy change')} by ${plural(result.actors?.length ?? 0, 'person', 'people')}.`;
  return `${plural(total, 'event')}.`;
}

/** "Flows suspended after it: Invoice intake, …": what the inventory saw suspended after a policy change. */
function suspendedText(flows: SuspendedFlow[] | undefined): { hasSuspended: boolean; suspended: string } {
  if (!flows || flows.length === 0) return { hasSuspended: false, suspended: 'none' };
  const names = flows.slice(0, 5).map((f) => plainText(f.displayName ?? f.flowId, 80));
  const more = flows.length > 5 ? ` and ${flows.length - 5} more` : '';
  return { hasSuspended: true, suspended: `Flows suspended after it: ${names.join(', ')}${more}` };
}
