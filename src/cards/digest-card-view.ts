import { describeBackfilling } from '../queries/backfill-coverage.ts';
import type { DigestModel, DigestRefreshData, DigestSectionName } from '../model/digest-model.ts';
import { describeOperation } from '../queries/operation-labels.ts';
import { digestCharts } from './digest-charts.ts';
import { prepareSections, type DigestItem, type PreparedSection } from './digest-sections.ts';
import { formatInstant, formatRange, usableZone } from './format-time.ts';

/**
 * The digest card's view model: every value the template binds, already worded, cut and
 * cleaned, with no nulls left (a null binding would show as literal `${…}`, §4.6). Untrusted
 * text (flow names, UPNs, connector names) only ever lands in TextRun `text`, which Teams never
 * renders as markdown (teams-platform.md §4.5).
 */
export interface DigestCardView {
  title: string;
  periodLabel: string;
  asOf: string;
  hasLateNote: boolean;
  lateNote: string;
  /** While the backfill runs (issue 12): how far it has got. */
  hasBackfillNote: boolean;
  backfillNote: string;
  hasCoverageNote: boolean;
  coverageNote: string;
  changeNote: string;
  totals: Array<{ label: string; count: string; change: string; changeColor: string; changeSubtle: boolean }>;
  sections: SectionView[];
  refreshData: DigestRefreshData;
  /** Chart elements, each with its text fallback (digest-charts.ts). */
  hasCharts: boolean;
  charts: Array<Record<string, unknown>>;
}

export interface SectionView {
  title: string;
  countText: string;
  hasEmptyText: boolean;
  emptyText: string;
  items: DigestItem[];
  hasMore: boolean;
  moreText: string;
  canShowMore: boolean;
  moreData: DigestRefreshData;
}

/** How many items each section shows; the expanded one (Show more) may show more. */
export type SectionLimits = Record<DigestSectionName, number>;

interface PreparedView {
  view: Omit<DigestCardView, 'sections'>;
  sections: PreparedSection[];
}

const prepared = new WeakMap<DigestModel, PreparedView>();

export function buildDigestCardView(model: DigestModel, limits: SectionLimits): DigestCardView {
  let p = prepared.get(model);
  if (!p) {
    p = prepareView(model);
    prepared.set(model, p);
  }
  return { ...p.view, sections: p.sections.map((s) => limitSection(s, limits, model.refresh)) };
}

function limitSection(s: PreparedSection, limits: SectionLimits, refresh: DigestRefreshData): SectionView {
  const shown = s.name ? Math.min(limits[s.name], s.items.length) : s.items.length;
  const left = s.name ? s.total - shown : 0;
  const expandable = s.name !== null && refresh.expand !== s.name && s.items.length > shown;
  return {
    title: s.title,
    countText: s.countText,
    hasEmptyText: s.items.length === 0 && s.total === 0,
    emptyText: s.emptyText,
    items: s.items.slice(0, shown),
    hasMore: left > 0,
    moreText: left > 0 ? `${left} more not shown${expandable ? '' : ' (ask me for the full list)'}.` : '',
    canShowMore: expandable,
    moreData: { ...refresh, expand: s.name ?? '' },
  };
}

function chartsPart(model: DigestModel): Pick<DigestCardView, 'hasCharts' | 'charts'> {
  const charts = digestCharts(model);
  return { hasCharts: charts.length > 0, charts };
}

/** What the card shows above the sections, worded once per digest. */
function prepareView(model: DigestModel): PreparedView {
  const zone = usableZone(model.period.timeZone);
  const incomplete = !model.coverage.complete;
  const view: PreparedView['view'] = {
    title: model.refresh.summary ? 'Power Automate flows: summary' : 'Power Automate flows: daily digest',
    periodLabel: model.periodLabel,
    asOf: `as of ${formatInstant(model.generatedAt, zone)}`,
    hasLateNote: model.late,
    lateNote: model.late ? 'Sent late: Flowwatch was not running at the scheduled time.' : '',
    hasBackfillNote: model.backfilling !== undefined,
    backfillNote: model.backfilling ? describeBackfilling(model.backfilling) : '',
    hasCoverageNote: incomplete,
    coverageNote: incomplete
      ? `Sync is behind: no audit data yet for ${model.coverage.missing.map((m) => formatRange(m, zone)).join('; ')}. Counts and lists may be incomplete.`
      : '',
    changeNote: `change against ${model.previousPeriodLabel}`,
    totals: model.totals.map((t) => {
      const delta = t.count - t.previous;
      return {
        // A TextBlock renders markdown: an unknown operation name from a record keeps letters and digits only.
        label:
          describeOperation(t.operation)
            .replace(/[^A-Za-z0-9 ]/g, '')
            .slice(0, 40) || 'Other',
        count: String(t.count),
        change: delta === 0 ? '±0' : delta > 0 ? `+${delta}` : `−${-delta}`,
        changeColor: delta > 0 ? 'Warning' : delta < 0 ? 'Good' : 'Default',
        changeSubtle: delta === 0,
      };
    }),
    refreshData: { ...model.refresh, expand: '' },
    ...chartsPart(model),
  };
  return { view, sections: prepareSections(model, zone) };
}
