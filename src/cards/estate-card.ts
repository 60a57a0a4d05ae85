import template from '../../cards/estate.json' with { type: 'json' };
import { plural } from '../model/plural.ts';
import type { EstateFlow, EstateResult } from '../queries/estate.ts';
import type { EstateQuery } from '../queries/query.ts';
import { assessConnector } from './connector-risk.ts';
import { TONE_COLORS } from './event-row-model.ts';
import { compileTemplate } from './expand-template.ts';
import { formatClock, formatInstant, usableZone } from './format-time.ts';
import { plainText } from './plain-text.ts';
import { buildMakerFlowLink } from './safe-link.ts';

/** Flows per card: each row is at most ~1.5 KB of JSON (every text is cut), so 25 stay well under 28 KB. */
export const ESTATE_PAGE_SIZE = 25;
const MAX_CONNECTORS = 12;

/** What the estate card's Refresh and Show more carry back (verbs refreshEstate, moreEstate). */
export interface EstateActionData {
  estate: EstateQuery;
  offset: number;
}

interface EstateRowModel {
  name: string;
  hasLink: boolean;
  link: string;
  state: string;
  stateColor: string;
  where: string;
  connectorsLabel: string;
  connectors: string;
}

interface EstateCardModel {
  title: string;
  asOf: string;
  hasUpdated: boolean;
  updated: string;
  hasReadAs: boolean;
  readAs: string;
  hasNotice: boolean;
  notice: string;
  summary: string;
  hasRows: boolean;
  rows: EstateRowModel[];
  refresh: EstateActionData;
  refreshFallback: EstateActionData & { verb: 'refreshEstate' };
  hasMore: boolean;
  more: EstateActionData;
  moreFallback: EstateActionData & { verb: 'moreEstate' };
}

const expandCard = compileTemplate<EstateCardModel>(template);

export interface EstateCardContext {
  timeZone: string;
  riskyConnectors: string[];
  now?: Date;
  readAs?: string;
}

/** The card answering "which flows use HTTP", "suspended flows", …: the flows as the inventory has them now. */
export function renderEstateCard(result: EstateResult, ctx: EstateCardContext): Record<string, unknown> {
  const zone = usableZone(ctx.timeZone);
  const rows = result.flows.slice(0, ESTATE_PAGE_SIZE).map((f) => estateRow(f, ctx, zone));
  // JSON round trip: optional fields left undefined would otherwise fail to bind.
  const estate = JSON.parse(JSON.stringify(result.query)) as EstateQuery;
  const refresh = { estate, offset: result.offset };
  const next = result.offset + rows.length;
  const more = { estate, offset: next };
  return expandCard({
    title: plainText(result.understood, 300),
    asOf: result.asOf
      ? `Flow inventory as of ${formatInstant(result.asOf, zone)}`
      : 'Flow inventory: no full pass finished yet',
    hasUpdated: ctx.now !== undefined,
    updated: ctx.now ? `Updated ${formatClock(ctx.now, zone)}` : '',
    hasReadAs: ctx.readAs !== undefined,
    readAs: plainText(ctx.readAs, 400),
    hasNotice: noticeOf(result) !== '',
    notice: noticeOf(result),
    summary: summaryOf(result, rows.length),
    hasRows: rows.length > 0,
    rows,
    refresh,
    refreshFallback: { verb: 'refreshEstate', ...refresh },
    hasMore: result.query.shape === 'list' && next < result.total,
    more,
    moreFallback: { verb: 'moreEstate', ...more },
  });
}

function summaryOf(result: EstateResult, shown: number): string {
  if (result.total === 0) return 'No flows match.';
  if (result.query.shape === 'count') return plural(result.total, 'flow');
  const range =
    shown < result.total || result.offset > 0 ? `, showing ${result.offset + 1}–${result.offset + shown}` : '';
  return `${plural(result.total, 'flow')}${range}`;
}

/** Why the answer may be empty or short: said before the rows, never left to guess. */
function noticeOf(result: EstateResult): string {
  if (result.unknownEnvironment)
    return plainText(`The flow inventory knows no environment named "${result.unknownEnvironment}".`, 300);
  if (result.inventory === 'not-registered')
    return 'The Power Platform admin APIs refuse Flowwatch (403): register it as a Power Platform management app (README: deployment) to answer this.';
  if (result.inventory === 'never') return 'The flow inventory has not been read yet; ask again in a few minutes.';
  if (result.inventory === 'failed')
    return 'The last read of the flow inventory failed; this answer is from the one before (see /healthz).';
  return '';
}

function estateRow(flow: EstateFlow, ctx: EstateCardContext, zone: string): EstateRowModel {
  const link = buildMakerFlowLink(flow.environmentId, flow.flowId);
  const owner = flow.owner ? `owned by ${flow.owner}` : 'owner not known';
  const asOf =
    flow.connectorSource === 'last-edit' && flow.connectorsAsOf
      ? ` (as of the last edit, ${formatInstant(flow.connectorsAsOf, zone)})`
      : '';
  return {
    name: plainText(flow.name, 150) || `flow ${plainText(flow.flowId, 100)}`,
    hasLink: link !== null,
    link: link ?? '',
    state: plainText(flow.stateText, 120) || 'state not known',
    stateColor: TONE_COLORS[flow.tone],
    where: plainText(`${owner} · ${flow.environment ?? 'unknown environment'}`, 300),
    connectorsLabel: `Connectors${asOf}`,
    connectors: connectorText(flow.connectors, ctx.riskyConnectors),
  };
}

function connectorText(names: string[], risky: string[]): string {
  if (names.length === 0) return 'none known';
  const shown = names.slice(0, MAX_CONNECTORS).map((name) => {
    const risk = assessConnector(name, risky);
    const text = plainText(name, 80);
    return risk === 'risky' ? `⚠ ${text} (risky)` : risk === 'nonMicrosoft' ? `${text} (not Microsoft)` : text;
  });
  const more = names.length > shown.length ? ` and ${names.length - shown.length} more` : '';
  return `${shown.join(', ')}${more}`;
}
