import type { GroupCount } from '../model/event-query.ts';
import { plural } from '../model/plural.ts';
import { backfillSentence } from '../queries/backfill-coverage.ts';
import { describeFilters } from '../queries/describe.ts';
import { describeNothingFound, describeOperation } from '../queries/operation-labels.ts';
import { PAGE_SIZE } from '../queries/page-size.ts';
import type { FlowQuery, QueryResult } from '../queries/query.ts';
import type { CardActionData, CardContext } from './card-context.ts';
import { formatClock, formatInstant, formatRange, usableZone } from './format-time.ts';
import { plainText } from './plain-text.ts';
import { resultCharts } from './result-charts.ts';
import { pageOf, type ResultRows } from './row-inputs.ts';

const LEGEND =
  '⚠ risky: named in RISKY_CONNECTORS · ⚠ not Microsoft: not a Microsoft connector name (custom or third-party)';

export interface CountRowModel {
  label: string;
  count: string;
  weight: string;
}

/** Everything cards/result.json binds to; complete (no missing or null field) by construction. */
export interface ResultCardModel {
  title: string;
  period: string;
  hasReadAs: boolean;
  readAs: string;
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
  /** Chart elements with their text fallbacks (result-charts.ts). */
  hasCharts: boolean;
  charts: Array<Record<string, unknown>>;
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

/** The members of ResultCardModel that depend on which rows are shown. */
type RowsPart =
  'hasRows' | 'rowElements' | 'hasLegend' | 'hasOmitted' | 'omitted' | 'hasMore' | 'more' | 'moreFallback';

/**
 * The view model of a result card for one answer, as a function of the rows shown (the first
 * rows of the page, already expanded, and whether any shows a flagged connector). What does not
 * depend on the rows is worked out once, since fitting the size limit builds the card several times.
 */
export function resultCardModels(
  result: QueryResult,
  ctx: CardContext,
): (shown: { elements: object[]; flagged: boolean }) => ResultCardModel {
  const rows = pageOf(result, ctx.pageSize ?? PAGE_SIZE);
  const fixed = fixedPart(result, ctx, rows);
  return (shown) => {
    const visible = Math.min(shown.elements.length, rows.count);
    const nextOffset = rows.offset + visible;
    const left = Math.max(0, rows.total - nextOffset);
    const more = { query: fixed.refresh.query, offset: nextOffset };
    return {
      ...fixed,
      hasRows: visible > 0,
      rowElements: shown.elements.slice(0, visible),
      hasLegend: shown.flagged,
      hasOmitted: left > 0,
      omitted: left > 0 ? `${plural(left, `more ${rowNoun(rows.kind)}`)} not shown. Use Show more.` : '',
      hasMore: left > 0,
      more,
      moreFallback: { verb: 'more', ...more },
    };
  };
}

/** Header, coverage, empty text, counts and Refresh: the card whatever rows it shows. */
function fixedPart(result: QueryResult, ctx: CardContext, rows: ResultRows): Omit<ResultCardModel, RowsPart> {
  const zone = usableZone(ctx.timeZone);
  const isEmpty = rows.kind === 'none' ? sumCounts(result.counts) === 0 : rows.total === 0;
  // JSON round trip: optional fields left undefined would otherwise fail to bind.
  const query = JSON.parse(JSON.stringify(result.query)) as FlowQuery;
  const refresh = { query, offset: rows.offset };
  const counts = countRows(result);
  const charts = resultCharts(result);
  return {
    title: plainText(result.understood, 300),
    period: plainText(result.period.label, 200),
    hasZoneNote: zone !== usableZone(result.period.timeZone),
    zoneNote: `Times in ${zone}`,
    hasUpdated: ctx.now !== undefined,
    updated: ctx.now ? `Updated ${formatClock(ctx.now, zone)}` : '',
    hasReadAs: ctx.readAs !== undefined,
    readAs: plainText(ctx.readAs, 400),
    hasCoverage: !result.coverage.complete,
    coverage: result.coverage.complete ? '' : describeCoverageGap(result, isEmpty),
    isEmpty: isEmpty && result.coverage.complete,
    empty: isEmpty ? describeEmpty(result) : '',
    // A list of one operation needs no totals: its rows and the left-out count say it all.
    hasCounts:
      counts.length > 0 && !(isEmpty && rows.kind === 'none') && !(rows.kind === 'events' && counts.length === 1),
    countsTitle: rows.kind === 'none' ? 'Events per operation' : 'Totals per operation',
    counts,
    hasCharts: charts.length > 0,
    charts,
    legend: LEGEND,
    refresh,
    refreshFallback: { verb: 'refresh', ...refresh },
  };
}

function rowNoun(kind: ResultRows['kind']): string {
  return kind === 'makers'
    ? 'maker'
    : kind === 'connectors'
      ? 'connector'
      : kind === 'environments'
        ? 'environment'
        : 'event';
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
  const filters = describeFilters(query);
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
  const text = isEmpty
    ? `Nothing found so far, but sync has not covered ${ranges} yet. Ask again later.`
    : `Sync has not covered ${ranges} yet, so this answer may be missing events.`;
  return text + backfillSentence(result.coverage.backfilling);
}
