import type { DigestModel, DigestSectionName } from '../model/digest-model.ts';
import { plural } from '../model/plural.ts';
import { describeOperation } from '../queries/operation-labels.ts';
import {
  bold,
  connectorChange,
  connectorLine,
  connectorRun,
  flowRun,
  plain,
  stateRuns,
  statusRun,
  subtle,
  textOr,
  type Run,
} from './digest-runs.ts';
import { formatInstant, formatTime } from './format-time.ts';
import { plainText } from './plain-text.ts';
import { governanceActor, governanceWhat, governanceWhere } from './governance-text.ts';
import type { GovernanceDigestItem, Section, StateChangeItem } from '../model/digest-model.ts';

/** One item of a section: its lines, each a row of TextRuns. */
export interface DigestItem {
  lines: Array<{ runs: Run[] }>;
}

/** A section with all its items worded; limits are applied afterwards (many times while fitting the size). */
export interface PreparedSection {
  /** null: not cut (top makers and connectors). */
  name: DigestSectionName | null;
  title: string;
  countText: string;
  emptyText: string;
  total: number;
  items: DigestItem[];
}

/** What every section's wording needs: the zone, how an item's time reads, and what "nothing" says. */
interface Wording {
  zone: string;
  when: (iso: string) => string;
  nothing: (what: string) => string;
}

/** The digest's sections in card order, every item worded. */
export function prepareSections(model: DigestModel, zone: string): PreparedSection[] {
  const multiDay = model.period.firstDay !== model.period.lastDay;
  const between = `${formatInstant(model.period.from, zone)} and ${formatInstant(model.period.to, zone)} (${model.period.timeZone})`;
  const w: Wording = {
    zone,
    // "at 08:14" within a one-day digest, "on Sat 28 Mar, 08:14" when it spans several days.
    when: (iso) =>
      multiDay ? `on ${formatTime(iso, zone, 'dayAndTimeNoYear')}` : `at ${formatTime(iso, zone, 'time')}`,
    nothing: (what) =>
      model.coverage.complete
        ? `${what} between ${between}.`
        : `${what} recorded so far, but sync has not covered the whole period yet.`,
  };
  return [
    newFlows(model, w),
    editedFlows(model, w),
    deletedFlows(model, w),
    permissionChanges(model, w),
    trials(model, w),
    // Only when the inventory saw a flow turned off or suspended.
    ...(model.stateChanges && model.stateChanges.total > 0 ? [stateChangesSection(model.stateChanges, w)] : []),
    topMakersAndConnectors(model, w),
    // Only when there is something to say: most days no data policy changes.
    ...(model.governance && model.governance.total > 0 ? [governanceSection(model.governance, w)] : []),
    // A summary asked in chat follows no earlier digest, so nothing can have arrived late after one.
    ...(model.refresh.summary ? [] : [arrivedLate(model, w)]),
  ];
}

function section(
  name: DigestSectionName,
  title: string,
  items: Run[][][],
  total: number,
  unit: string,
  emptyText: string,
): PreparedSection {
  return { name, title, countText: total > 0 ? ` · ${unit}` : '', emptyText, total, items: toItems(items) };
}

function toItems(items: Run[][][]): DigestItem[] {
  return items.map((lines) => ({ lines: lines.map((runs) => ({ runs })) }));
}

function newFlows(model: DigestModel, w: Wording): PreparedSection {
  const items = model.newFlows.items.map((f) => [
    [flowRun(f), ...stateRuns(f)],
    [
      subtle(`Created ${w.when(f.occurredAt)} by `),
      plain(textOr(f.creator, 'unknown')),
      subtle(' · '),
      statusRun(f.resultStatus),
    ],
    connectorLine('Connectors: ', f.connectors),
    ...(f.sharing.length > 0 ? [[subtle('Shared with: '), plain(plainText(f.sharing.join(', '), 300))]] : []),
  ]);
  const total = model.newFlows.total;
  return section('newFlows', 'New flows', items, total, plural(total, 'flow'), w.nothing('No new flows'));
}

function editedFlows(model: DigestModel, w: Wording): PreparedSection {
  const items = model.editedFlows.items.map((f) => [
    [flowRun(f), ...stateRuns(f), subtle(f.edits > 1 ? ` · ${f.edits} edits` : '')],
    [subtle(`Last edited ${w.when(f.occurredAt)} by `), plain(plainText(f.editors.join(', ') || 'unknown', 200))],
    ...connectorChange(f.added, f.removed, f.connectors),
  ]);
  const { total, events } = model.editedFlows;
  const unit = `${plural(total, 'flow')}, ${plural(events, 'edit')}`;
  return section('editedFlows', 'Edited flows', items, total, unit, w.nothing('No flows edited'));
}

function deletedFlows(model: DigestModel, w: Wording): PreparedSection {
  const items = model.deletedFlows.items.map((f) => [
    [flowRun(f), ...stateRuns(f)],
    [
      subtle(`Deleted ${w.when(f.occurredAt)} by `),
      plain(textOr(f.deletedBy, 'unknown')),
      subtle(f.initiatedBy === 'admin' ? ' (as admin)' : ''),
    ],
    ...(f.creator || f.createdAt || f.lastConnectors.length > 0
      ? [
          [
            subtle('Created by '),
            plain(textOr(f.creator, 'unknown')),
            subtle(f.createdAt ? ` on ${formatInstant(f.createdAt, w.zone)}` : ''),
          ],
          connectorLine('Last known connectors: ', f.lastConnectors),
        ]
      : [
          [
            subtle(
              f.flowId ? 'No earlier record of this flow.' : 'The audit record names no flow (deletions often do not).',
            ),
          ],
        ]),
  ]);
  const total = model.deletedFlows.total;
  return section('deletedFlows', 'Deleted flows', items, total, plural(total, 'flow'), w.nothing('No flows deleted'));
}

function permissionChanges(model: DigestModel, w: Wording): PreparedSection {
  const items = model.permissionChanges.items.map((p) => {
    const actor = plain(textOr(p.actor, 'Someone'));
    const recipient = plain(textOr(p.recipient, 'someone'));
    const permission = bold(p.permission ?? 'access');
    const change =
      p.operation === 'DeletePermissions'
        ? [actor, subtle(' removed '), permission, subtle(' from '), recipient]
        : p.operation === 'PutPermissions'
          ? [actor, subtle(' gave '), recipient, subtle(' '), permission]
          : [actor, subtle(` ${plainText(p.operation, 64)}`)];
    return [
      [flowRun(p), ...stateRuns(p), subtle(` · ${w.when(p.occurredAt)}`)],
      change,
      ...(p.initiatedBy === 'admin' ? [[subtle('Done as admin')]] : []),
    ];
  });
  const total = model.permissionChanges.total;
  const empty = w.nothing('No permission changes');
  return section('permissionChanges', 'Permission changes', items, total, plural(total, 'change'), empty);
}

function trials(model: DigestModel, w: Wording): PreparedSection {
  const items = model.trials.items.map((t) => [
    [
      plain(textOr(t.actor, 'Someone')),
      subtle(t.operation === 'RenewTrial' ? ' renewed ' : ' started '),
      bold(textOr(t.licenseName, 'a paid trial')),
      subtle(` ${w.when(t.occurredAt)}`),
    ],
  ]);
  const total = model.trials.total;
  return section('trials', 'Trials', items, total, plural(total, 'trial'), w.nothing('No trials started or renewed'));
}

function topMakersAndConnectors(model: DigestModel, w: Wording): PreparedSection {
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
        model.topMakers.map((m) => counted(plain(textOr(m.maker, 'unknown')), m.count)),
      ),
    ]);
  if (model.topConnectors.length > 0)
    top.push([
      list(
        'Connectors in new and edited flows: ',
        model.topConnectors.map((c) => counted(connectorRun(c), c.count)),
      ),
    ]);
  return {
    name: null,
    title: 'Top makers and connectors',
    countText: '',
    emptyText: w.nothing('No flow activity'),
    total: top.length,
    items: toItems(top),
  };
}

function arrivedLate(model: DigestModel, w: Wording): PreparedSection {
  const { zone } = w;
  const items = model.arrivedLate.items.map((e) => [
    [bold(describeOperation(e.operation)), subtle(' · '), flowRun(e), ...stateRuns(e)],
    [
      subtle(`Happened ${formatInstant(e.occurredAt, zone)} by `),
      plain(textOr(e.actor, 'unknown')),
      subtle(`, recorded ${formatInstant(e.ingestedAt, zone)}`),
    ],
  ]);
  const { total, since } = model.arrivedLate;
  const empty = since
    ? `Nothing from earlier days arrived after the previous digest (${formatInstant(since, zone)}).`
    : 'No previous digest in this channel, so nothing to add from earlier days.';
  return section('arrivedLate', 'Arrived late', items, total, plural(total, 'event'), empty);
}

/** Connections shared or turned off and data-policy changes; not cut (the model holds a few), the rest asked for. */
function governanceSection(governance: Section<GovernanceDigestItem>, w: Wording): PreparedSection {
  const items: Run[][][] = governance.items.map((e) => [
    [plain(governanceActor(e.actorUpn)), subtle(' '), plain(governanceWhat(e))],
    [subtle(`${w.when(e.occurredAt)}${governanceWhere(e.environment ?? e.environmentId)}`)],
  ]);
  const left = governance.total - governance.items.length;
  if (left > 0)
    items.push([
      [subtle(`${plural(left, 'more')}: ask "data policy changes" or "connections shared" for the period.`)],
    ]);
  return {
    name: null,
    title: 'Connections and data policies',
    countText: ` · ${plural(governance.total, 'event')}`,
    emptyText: '',
    total: governance.total,
    items: toItems(items),
  };
}

/** Flows turned off or suspended since the previous digest, with when the inventory saw it and what it is now. */
function stateChangesSection(changes: Section<StateChangeItem>, w: Wording): PreparedSection {
  const items: Run[][][] = changes.items.map((c) => [
    [flowRun(c), ...stateRuns(c)],
    [subtle(`${c.changeText} (seen ${w.when(c.seenAt)})`), subtle(c.environment ? ` · ${c.environment}` : '')],
    ...(c.owner ? [[subtle('Owner: '), plain(plainText(c.owner, 200))]] : []),
    ...(c.cause
      ? [
          [
            subtle(`After data policy "${plainText(c.cause.policyName ?? 'unnamed', 120)}" was changed by `),
            plain(textOr(c.cause.actorUpn, 'someone')),
          ],
        ]
      : []),
  ]);
  const left = changes.total - changes.items.length;
  if (left > 0)
    items.push([[subtle(`${plural(left, 'more')}: ask "suspended flows" or "flows that are turned off".`)]]);
  return {
    name: null,
    title: 'State changes',
    countText: ` · ${plural(changes.total, 'flow')}`,
    emptyText: '',
    total: changes.total,
    items: toItems(items),
  };
}
