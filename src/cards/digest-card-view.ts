import type {
  ConnectorTag,
  DigestModel,
  DigestRefreshData,
  DigestSectionName,
  FlowRef,
} from '../model/digest-model.ts';
import { formatInstant, formatRange, formatTime, usableZone } from './format-time.ts';
import { plural } from '../model/plural.ts';
import { describeOperation } from '../queries/operation-labels.ts';
import { plainText } from './plain-text.ts';

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
  hasCoverageNote: boolean;
  coverageNote: string;
  changeNote: string;
  totals: Array<{ label: string; count: string; change: string; changeColor: string; changeSubtle: boolean }>;
  sections: SectionView[];
  refreshData: DigestRefreshData;
}

export interface SectionView {
  title: string;
  countText: string;
  hasEmptyText: boolean;
  emptyText: string;
  items: Array<{ lines: Array<{ runs: Run[] }> }>;
  hasMore: boolean;
  moreText: string;
  canShowMore: boolean;
  moreData: DigestRefreshData;
}

/**
 * A TextRun as the card carries it; the template inserts these objects as they are. Only
 * properties that differ from the defaults are set, which keeps a busy digest well under the
 * size limit.
 */
export interface Run {
  type: 'TextRun';
  text: string;
  weight?: 'Bolder';
  color?: 'Attention' | 'Warning' | 'Good' | 'Accent';
  isSubtle?: true;
  underline?: true;
  /** Only https links on Power Platform hosts (safeLink.ts) become actions. */
  selectAction?: { type: 'Action.OpenUrl'; url: string; title: string };
}

/** How many items each section shows; the expanded one (Show more) may show more. */
export type SectionLimits = Record<DigestSectionName, number>;

const plain = (text: string, extra: Omit<Partial<Run>, 'type' | 'text'> = {}): Run => ({
  type: 'TextRun',
  text,
  ...extra,
});
const subtle = (text: string): Run => plain(text, { isSubtle: true });
const bold = (text: string): Run => plain(text, { weight: 'Bolder' });
const link = (text: string, url: string): Run =>
  plain(text, {
    weight: 'Bolder',
    color: 'Accent',
    underline: true,
    selectAction: { type: 'Action.OpenUrl', url, title: 'Open the flow' },
  });

type Item = SectionView['items'][number];

/** A section with all its items worded; limits are applied afterwards (many times while fitting the size). */
interface PreparedSection {
  /** null: not cut (top makers and connectors). */
  name: DigestSectionName | null;
  title: string;
  countText: string;
  emptyText: string;
  total: number;
  items: Item[];
}

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

function prepareView(model: DigestModel): PreparedView {
  const zone = usableZone(model.period.timeZone);
  const multiDay = model.period.firstDay !== model.period.lastDay;
  const when = (iso: string) => formatWhen(iso, zone, multiDay);
  const between = betweenText(model, zone);
  const incomplete = !model.coverage.complete;
  const toItems = (items: Array<Array<Run[]>>): Item[] =>
    items.map((lines) => ({ lines: lines.map((runs) => ({ runs })) }));
  const section = (
    name: DigestSectionName,
    title: string,
    items: Array<Array<Run[]>>,
    total: number,
    unit: string,
    emptyText: string,
  ): PreparedSection => ({
    name,
    title,
    countText: total > 0 ? ` · ${unit}` : '',
    emptyText,
    total,
    items: toItems(items),
  });
  const nothing = (what: string) =>
    incomplete
      ? `${what} recorded so far, but sync has not covered the whole period yet.`
      : `${what} between ${between}.`;

  const sections: PreparedSection[] = [
    section(
      'newFlows',
      'New flows',
      model.newFlows.items.map((f) => [
        [flowRun(f)],
        [
          subtle(`Created ${when(f.occurredAt)} by `),
          plain(text(f.creator, 'unknown')),
          subtle(' · '),
          statusRun(f.resultStatus),
        ],
        connectorLine('Connectors: ', f.connectors),
        ...(f.sharing.length > 0 ? [[subtle('Shared with: '), plain(plainText(f.sharing.join(', '), 300))]] : []),
      ]),
      model.newFlows.total,
      plural(model.newFlows.total, 'flow'),
      nothing('No new flows'),
    ),
    section(
      'editedFlows',
      'Edited flows',
      model.editedFlows.items.map((f) => [
        [flowRun(f), subtle(f.edits > 1 ? ` · ${f.edits} edits` : '')],
        [subtle(`Last edited ${when(f.occurredAt)} by `), plain(plainText(f.editors.join(', ') || 'unknown', 200))],
        ...connectorChange(f.added, f.removed, f.connectors),
      ]),
      model.editedFlows.total,
      `${plural(model.editedFlows.total, 'flow')}, ${plural(model.editedFlows.events, 'edit')}`,
      nothing('No flows edited'),
    ),
    section(
      'deletedFlows',
      'Deleted flows',
      model.deletedFlows.items.map((f) => [
        [flowRun(f)],
        [
          subtle(`Deleted ${when(f.occurredAt)} by `),
          plain(text(f.deletedBy, 'unknown')),
          subtle(f.initiatedBy === 'admin' ? ' (as admin)' : ''),
        ],
        ...(f.creator || f.createdAt || f.lastConnectors.length > 0
          ? [
              [
                subtle('Created by '),
                plain(text(f.creator, 'unknown')),
                subtle(f.createdAt ? ` on ${formatInstant(f.createdAt, zone)}` : ''),
              ],
              connectorLine('Last known connectors: ', f.lastConnectors),
            ]
          : [
              [
                subtle(
                  f.flowId
                    ? 'No earlier record of this flow.'
                    : 'The audit record names no flow (deletions often do not).',
                ),
              ],
            ]),
      ]),
      model.deletedFlows.total,
      plural(model.deletedFlows.total, 'flow'),
      nothing('No flows deleted'),
    ),
    section(
      'permissionChanges',
      'Permission changes',
      model.permissionChanges.items.map((p) => [
        [flowRun(p), subtle(` · ${when(p.occurredAt)}`)],
        p.operation === 'DeletePermissions'
          ? [
              plain(text(p.actor, 'Someone')),
              subtle(' removed '),
              bold(p.permission ?? 'access'),
              subtle(' from '),
              plain(text(p.recipient, 'someone')),
            ]
          : p.operation === 'PutPermissions'
            ? [
                plain(text(p.actor, 'Someone')),
                subtle(' gave '),
                plain(text(p.recipient, 'someone')),
                subtle(' '),
                bold(p.permission ?? 'access'),
              ]
            : [plain(text(p.actor, 'Someone')), subtle(` ${plainText(p.operation, 64)}`)],
        ...(p.initiatedBy === 'admin' ? [[subtle('Done as admin')]] : []),
      ]),
      model.permissionChanges.total,
      plural(model.permissionChanges.total, 'change'),
      nothing('No permission changes'),
    ),
    section(
      'trials',
      'Trials',
      model.trials.items.map((t) => [
        [
          plain(text(t.actor, 'Someone')),
          subtle(t.operation === 'RenewTrial' ? ' renewed ' : ' started '),
          bold(text(t.licenseName, 'a paid trial')),
          subtle(` ${when(t.occurredAt)}`),
        ],
      ]),
      model.trials.total,
      plural(model.trials.total, 'trial'),
      nothing('No trials started or renewed'),
    ),
  ];

  const counted = (run: Run, count: number): Run[] => [run, subtle(` (${count})`)];
  const list = (label: string, runs: Run[][]): Run[] => [
    subtle(label),
    ...runs.flatMap((r, i) => (i === 0 ? r : [subtle(', '), ...r])),
  ];
  const top: Run[][][] = [];
  if (model.topMakers.length > 0)
    top.push([
      list(
        'Makers: ',
        model.topMakers.map((m) => counted(plain(text(m.maker, 'unknown')), m.count)),
      ),
    ]);
  if (model.topConnectors.length > 0)
    top.push([
      list(
        'Connectors in new and edited flows: ',
        model.topConnectors.map((c) => counted(connectorRun(c), c.count)),
      ),
    ]);
  sections.push({
    name: null,
    title: 'Top makers and connectors',
    countText: '',
    emptyText: nothing('No flow activity'),
    total: top.length,
    items: toItems(top),
  });

  sections.push(
    section(
      'arrivedLate',
      'Arrived late',
      model.arrivedLate.items.map((e) => [
        [bold(describeOperation(e.operation)), subtle(' · '), flowRun(e)],
        [
          subtle(`Happened ${formatInstant(e.occurredAt, zone)} by `),
          plain(text(e.actor, 'unknown')),
          subtle(`, recorded ${formatInstant(e.ingestedAt, zone)}`),
        ],
      ]),
      model.arrivedLate.total,
      plural(model.arrivedLate.total, 'event'),
      model.arrivedLate.since
        ? `Nothing from earlier days arrived after the previous digest (${formatInstant(model.arrivedLate.since, zone)}).`
        : 'No previous digest in this channel, so nothing to add from earlier days.',
    ),
  );

  const view: PreparedView['view'] = {
    title: 'Power Automate flows: daily digest',
    periodLabel: model.periodLabel,
    asOf: `as of ${formatInstant(model.generatedAt, zone)}`,
    hasLateNote: model.late,
    lateNote: model.late ? 'Sent late: Flowwatch was not running at the scheduled time.' : '',
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
  };
  return { view, sections };
}

function flowRun(flow: FlowRef): Run {
  const name = plainText(flow.flowName, 120) || (flow.flowId ? `Flow ${plainText(flow.flowId, 64)}` : 'Unknown flow');
  return flow.link ? link(name, flow.link) : bold(name);
}

function statusRun(status: string | null): Run {
  const s = plainText(status, 40) || 'status unknown';
  if (/^succeeded$/i.test(s)) return plain(s, { color: 'Good' });
  return /fail/i.test(s) ? plain(s, { color: 'Attention' }) : plain(s);
}

function connectorRun(c: { connector?: string; name?: string; risk: ConnectorTag['risk'] }): Run {
  const name = plainText(c.name ?? c.connector ?? '', 80);
  if (c.risk === 'risky') return plain(`⚠ ${name} (risky)`, { color: 'Attention', weight: 'Bolder' });
  if (c.risk === 'nonMicrosoft') return plain(`${name} (not Microsoft)`, { color: 'Warning' });
  return plain(name);
}

function connectorLine(label: string, connectors: ConnectorTag[]): Run[] {
  if (connectors.length === 0) return [subtle(`${label}none recorded`)];
  return [
    subtle(label),
    ...connectors.flatMap((c, i) => (i === 0 ? [connectorRun(c)] : [subtle(', '), connectorRun(c)])),
  ];
}

function connectorChange(
  added: ConnectorTag[] | null,
  removed: ConnectorTag[] | null,
  current: ConnectorTag[],
): Run[][] {
  if (added === null || removed === null) return [connectorLine('Connectors (no earlier state known): ', current)];
  if (added.length === 0 && removed.length === 0) return [[subtle('Connectors unchanged')]];
  return [
    ...(added.length > 0 ? [connectorLine('Added: ', added)] : []),
    ...(removed.length > 0 ? [connectorLine('Removed: ', removed)] : []),
  ];
}

function text(value: string | null, fallback: string): string {
  return plainText(value, 120) || fallback;
}

/** "08:14" within a one-day digest, "Sat 28 Mar, 08:14" when it spans several days. */
function formatWhen(iso: string, zone: string, multiDay: boolean): string {
  return multiDay ? `on ${formatTime(iso, zone, 'dayAndTimeNoYear')}` : `at ${formatTime(iso, zone, 'time')}`;
}

/** "Sun 29 Mar 2026, 00:00 and Mon 30 Mar 2026, 00:00 (Europe/Berlin)". */
function betweenText(model: DigestModel, zone: string): string {
  return `${formatInstant(model.period.from, zone)} and ${formatInstant(model.period.to, zone)} (${model.period.timeZone})`;
}
