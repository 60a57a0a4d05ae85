import type { EventWithFlow, FlowQuery, MakerGroup, QueryResult } from '../queries/query.ts';
import type { GroupCount } from '../model/event-query.ts';
import { plural } from '../model/plural.ts';
import { PAGE_SIZE } from '../queries/page-size.ts';
import { assessConnector } from './connector-risk.ts';
import { formatClock, formatInstant, formatRange, usableZone } from './format-time.ts';
import { describeNothingFound, describeOperation } from '../queries/operation-labels.ts';
import { operationColor } from './operation-color.ts';
import { plainText } from './plain-text.ts';
import { chooseFlowLink } from './safe-link.ts';
import { describeSharingPermission } from './sharing-permission.ts';

export interface CardContext {
  /** IANA zone for event times (the asker's, or the digest's). */
  timeZone: string;
  /** Connector display names to flag (RISKY_CONNECTORS), compared case-insensitively. */
  riskyConnectors: string[];
  /** Most rows (events, makers or connectors) one card shows; the size limit may cut further. */
  pageSize?: number;
  /** When the answer was computed; shown as "Updated HH:mm:ss" so a refresh is visible. */
  now?: Date;
}

const MAX_CONNECTORS_PER_EVENT = 12;
const MAX_FLOWS_PER_MAKER = 8;
const LEGEND =
  '⚠ risky: named in RISKY_CONNECTORS · ⚠ not Microsoft: not a Microsoft connector name (custom or third-party)';

/** What a Refresh / Show more button carries back to the bot (teams-platform.md §4.2). */
export interface CardActionData {
  query: FlowQuery;
  offset: number;
}

interface TextRunModel {
  text: string;
  color: string;
  weight: string;
}

export interface EventRowModel {
  operation: string;
  operationColor: string;
  when: string;
  flow: string;
  hasLink: boolean;
  link: string;
  environment: string;
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

export interface MakerRowModel {
  maker: string;
  countText: string;
  flows: Array<{ flow: string; hasLink: boolean; link: string; detail: string }>;
}

export interface ConnectorRowModel {
  connector: string;
  color: string;
  flag: string;
  countText: string;
}

export interface CountRowModel {
  label: string;
  count: string;
  weight: string;
}

/** Everything cards/result.json binds to; complete (no missing or null field) by construction. */
export interface ResultCardModel {
  title: string;
  period: string;
  /** Said only when event times use another zone than the period's label names. */
  hasZoneNote: boolean;
  zoneNote: string;
  hasUpdated: boolean;
  updated: string;
  hasCoverage: boolean;
  coverage: string;
  isEmpty: boolean;
  empty: string;
  hasCounts: boolean;
  countsTitle: string;
  counts: CountRowModel[];
  hasRows: boolean;
  /** Rows already expanded from cards/result-{event,maker,connector}.json; inserted as values. */
  rowElements: object[];
  hasLegend: boolean;
  legend: string;
  hasOmitted: boolean;
  omitted: string;
  refresh: CardActionData;
  refreshFallback: CardActionData & { verb: 'refresh' };
  hasMore: boolean;
  more: CardActionData;
  moreFallback: CardActionData & { verb: 'more' };
}

/** The rows of the answer's shape, and where they start in the whole answer. */
export interface ResultRows {
  kind: 'events' | 'makers' | 'connectors' | 'none';
  /** Rows available to show (already capped at the page size). */
  count: number;
  offset: number;
  total: number;
}

/** The part of the answer that is paged: list → events, byMaker → makers, byConnector → connectors. */
export function pageOf(result: QueryResult, pageSize: number): ResultRows {
  const page = result.events ?? result.makers ?? result.connectors;
  if (!page) return { kind: 'none', count: 0, offset: 0, total: 0 };
  const kind = result.events ? 'events' : result.makers ? 'makers' : 'connectors';
  return { kind, count: Math.min(page.items.length, pageSize), offset: page.offset, total: page.total };
}

/** The row models of the page (at most the page size), one kind per answer shape. */
export type RowModels =
  | { kind: 'events'; rows: EventRowModel[] }
  | { kind: 'makers'; rows: MakerRowModel[] }
  | { kind: 'connectors'; rows: ConnectorRowModel[] }
  | { kind: 'none'; rows: [] };

export function buildRowModels(result: QueryResult, ctx: CardContext): RowModels {
  const zone = usableZone(ctx.timeZone);
  const page = pageOf(result, ctx.pageSize ?? PAGE_SIZE);
  switch (page.kind) {
    case 'events':
      return {
        kind: 'events',
        rows: (result.events?.items ?? []).slice(0, page.count).map((e) => eventRow(e, ctx, zone)),
      };
    case 'makers':
      return { kind: 'makers', rows: (result.makers?.items ?? []).slice(0, page.count).map(makerRow) };
    case 'connectors':
      return {
        kind: 'connectors',
        rows: (result.connectors?.items ?? []).slice(0, page.count).map((c) => connectorRow(c, ctx)),
      };
    default:
      return { kind: 'none', rows: [] };
  }
}

/** Whether a row shows a flagged connector (then the card explains the flags). */
export function rowHasFlag(row: EventRowModel | MakerRowModel | ConnectorRowModel): boolean {
  if ('connectors' in row) return row.connectors.some((c) => c.color !== 'Default');
  return 'color' in row && row.color !== 'Default';
}

/**
 * The view model of a result card around `shown`, the first rows of the page, already
 * expanded: header, coverage, empty text, counts, the left-out count and the actions.
 */
export function buildResultCardModel(
  result: QueryResult,
  ctx: CardContext,
  shown: { elements: object[]; flagged: boolean },
): ResultCardModel {
  return resultCardModels(result, ctx)(shown);
}

/**
 * buildResultCardModel for one answer and any rows shown: what does not depend on the rows is
 * worked out once, since fitting the size limit builds the card several times.
 */
export function resultCardModels(
  result: QueryResult,
  ctx: CardContext,
): (shown: { elements: object[]; flagged: boolean }) => ResultCardModel {
  const zone = usableZone(ctx.timeZone);
  const rows = pageOf(result, ctx.pageSize ?? PAGE_SIZE);
  const isEmpty = rows.kind === 'none' ? sumCounts(result.counts) === 0 : rows.total === 0;
  // JSON round trip: optional fields left undefined would otherwise fail to bind.
  const query = JSON.parse(JSON.stringify(result.query)) as FlowQuery;
  const refresh = { query, offset: rows.offset };
  const counts = countRows(result);
  const title = plainText(result.understood, 300);
  const period = plainText(result.period.label, 200);
  const hasZoneNote = zone !== usableZone(result.period.timeZone);
  const updated = ctx.now ? `Updated ${formatClock(ctx.now, zone)}` : '';
  const coverage = result.coverage.complete ? '' : describeCoverageGap(result, isEmpty);
  const empty = isEmpty ? describeEmpty(result) : '';
  // A list of one operation needs no totals: its rows and the left-out count say it all.
  const hasCounts =
    counts.length > 0 && !(isEmpty && rows.kind === 'none') && !(rows.kind === 'events' && counts.length === 1);
  const refreshFallback = { verb: 'refresh' as const, ...refresh };
  return (shown) => {
    const visible = Math.min(shown.elements.length, rows.count);
    const nextOffset = rows.offset + visible;
    const left = Math.max(0, rows.total - nextOffset);
    const more = { query, offset: nextOffset };
    // One literal with every member, not `{ ...fixedPart, hasRows, … }`: members added to a spread
    // copy cost V8 a new hidden class per copy (about 8 us here, and this runs a few times per card).
    return {
      title,
      period,
      hasZoneNote,
      zoneNote: `Times in ${zone}`,
      hasUpdated: ctx.now !== undefined,
      updated,
      hasCoverage: !result.coverage.complete,
      coverage,
      isEmpty: isEmpty && result.coverage.complete,
      empty,
      hasCounts,
      countsTitle: rows.kind === 'none' ? 'Events per operation' : 'Totals per operation',
      counts,
      hasRows: visible > 0,
      rowElements: shown.elements.slice(0, visible),
      hasLegend: shown.flagged,
      legend: LEGEND,
      hasOmitted: left > 0,
      omitted: left > 0 ? `${plural(left, `more ${rowNoun(rows.kind)}`)} not shown. Use Show more.` : '',
      refresh,
      refreshFallback,
      hasMore: left > 0,
      more,
      moreFallback: { verb: 'more', ...more },
    };
  };
}

function rowNoun(kind: ResultRows['kind']): string {
  return kind === 'makers' ? 'maker' : kind === 'connectors' ? 'connector' : 'event';
}

function sumCounts(counts: GroupCount[] | undefined): number {
  return (counts ?? []).reduce((n, c) => n + c.count, 0);
}

function countRows(result: QueryResult): CountRowModel[] {
  const counts = (result.counts ?? []).filter((c) => c.count > 0);
  if (counts.length === 0) return [];
  const rows = counts.map((c) => ({
    label: plainText(describeOperation(c.key), 80),
    count: String(c.count),
    weight: 'Default',
  }));
  return counts.length > 1 ? [...rows, { label: 'Total', count: String(sumCounts(counts)), weight: 'Bolder' }] : rows;
}

/** "No new flows using HTTP between Mon 4 May 2026, 00:00 and Tue 5 May 2026, 00:00." */
function describeEmpty(result: QueryResult): string {
  const { query, period } = result;
  const filters = [
    query.connector ? ` using ${query.connector}` : '',
    query.maker ? ` by ${query.maker}` : '',
    query.environment ? ` in environment ${query.environment}` : '',
  ].join('');
  const from = formatInstant(period.from, period.timeZone);
  const to = formatInstant(period.to, period.timeZone);
  return plainText(`${describeNothingFound(query.operations)}${filters} between ${from} and ${to}.`, 400);
}

/** Said instead of "no flows" when sync has not reached part of the period yet. */
function describeCoverageGap(result: QueryResult, isEmpty: boolean): string {
  const zone = result.period.timeZone;
  const missing = result.coverage.missing;
  const shown = missing.slice(0, 3).map((r) => formatRange(r, zone));
  const extra = missing.length > 3 ? ` and ${plural(missing.length - 3, 'more range')}` : '';
  const ranges = shown.length > 0 ? `${shown.join('; ')}${extra}` : 'all of this period';
  return isEmpty
    ? `Nothing found so far, but sync has not covered ${ranges} yet. Ask again later.`
    : `Sync has not covered ${ranges} yet, so this answer may be missing events.`;
}

function eventRow(event: EventWithFlow, ctx: CardContext, zone: string): EventRowModel {
  const flowId = event.flowId ?? event.flow?.flowId ?? null;
  const environmentId = event.environmentId ?? event.flow?.environmentId ?? null;
  const name = event.flowName ?? event.flow?.flowName ?? null;
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
    flow: plainText(name, 150) || (flowId ? `flow ${plainText(flowId, 100)}` : 'flow not named in the record'),
    hasLink: link !== null,
    link: link ?? '',
    environment: describeEnvironment(environmentId),
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
function connectorRuns(names: string[], ctx: CardContext): TextRunModel[] {
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

/**
 * Audit records carry no environment names, only ids (audit-apis.md §3.4). The default
 * environment's id is `Default-{tenant id}`: naming it saves a 45-character id on most rows.
 */
function describeEnvironment(environmentId: string | null): string {
  if (!environmentId) return 'unknown environment';
  return /^default-/i.test(environmentId) ? 'the default environment' : `environment ${plainText(environmentId, 100)}`;
}

function makerRow(group: MakerGroup): MakerRowModel {
  const flows = group.flows.slice(0, MAX_FLOWS_PER_MAKER).map((f) => {
    const link = chooseFlowLink(f.detailsUrl, f.environmentId, f.flowId);
    const env = f.environmentId ? ` in ${describeEnvironment(f.environmentId)}` : '';
    return {
      flow: plainText(f.flowName, 150) || `flow ${plainText(f.flowId, 100)}`,
      hasLink: link !== null,
      link: link ?? '',
      detail: `(${plural(f.count, 'event')})${env}`,
    };
  });
  const hidden = group.flows.length - flows.length;
  if (hidden > 0) flows.push({ flow: `and ${plural(hidden, 'more flow')}`, hasLink: false, link: '', detail: '' });
  return {
    maker: plainText(group.maker, 120) || 'unknown user',
    countText: plural(group.count, 'event'),
    flows,
  };
}

function connectorRow(count: GroupCount, ctx: CardContext): ConnectorRowModel {
  const risk = assessConnector(count.key, ctx.riskyConnectors);
  return {
    connector: plainText(count.key, 80) || '(no connector name)',
    color: risk === 'risky' ? 'Attention' : risk === 'nonMicrosoft' ? 'Warning' : 'Default',
    flag: risk === 'risky' ? '  ⚠ risky' : risk === 'nonMicrosoft' ? '  ⚠ not Microsoft' : '',
    countText: plural(count.count, 'event'),
  };
}
