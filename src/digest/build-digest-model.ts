import { runningBackfill } from '../queries/backfill-coverage.ts';
import { assessConnector } from '../cards/connector-risk.ts';
import { formatDay, formatRange } from '../cards/format-time.ts';
import { chooseFlowLink } from '../cards/safe-link.ts';
import { describeSharingPermission } from '../cards/sharing-permission.ts';
import { KNOWN_OPERATIONS } from '../model/flow-event.ts';
import type { FlowInventoryEntry, StoredFlowEvent } from '../model/flow-event.ts';
import { readActivity } from '../queries/activity.ts';
import { readDigestData, type DigestData } from '../queries/digest-data.ts';
import type { GroupCount } from '../model/event-query.ts';
import { DEFAULT_STALE_AFTER_MS, describeEventFlow, type QueryStore } from '../queries/run.ts';
import type { FlowFacts } from '../queries/flow-facts.ts';
import type { Store } from '../store/store.ts';
import { readGovernanceDigest } from '../queries/governance-digest.ts';
import { readStateChangesDigest } from '../queries/state-changes-digest.ts';
import type {
  ConnectorTag,
  DeletedFlowItem,
  DigestModel,
  DigestPeriod,
  DigestSectionName,
  EditedFlowItem,
  FlowRef,
  LateItem,
  NewFlowItem,
  OperationTotal,
  PermissionItem,
  TrialItem,
} from '../model/digest-model.ts';
import { previousPeriod } from './schedule.ts';

/** Governance is optional: a store without it (older test doubles) gives a digest without that section. */
export type DigestDataStore = QueryStore & Partial<Pick<Store, 'governance' | 'backfill'>>;

/** Flows turned off or suspended the digest lists; the rest are "suspended flows" / "flows that are turned off" away. */
const STATE_CHANGES_SHOWN = 10;

export interface BuildDigestOptions {
  period: DigestPeriod;
  now: Date;
  /** The digest goes out after its due time. */
  late: boolean;
  /** When the channel's previous digest was sent: the bound of "Arrived late"; null for none. */
  lateSince: string | null;
  riskyConnectors: readonly string[];
  /** Sync sources whose coverage must span the period (any one covering a range is enough). */
  coverageSources: readonly string[];
  /** A last sync older than this no longer excuses the time since (src/sync/coverage.ts). */
  staleAfterMs?: number;
  /** Items fetched per section; the card shows fewer unless a section is expanded. */
  fetchLimit?: number;
  expand?: DigestSectionName | '';
  /** A summary asked in chat, not a channel's digest (the card is titled so, and Refresh keeps it). */
  summary?: true;
  /** What the totals' change is against ("this month compared with last month"); default the period just before. */
  against?: DigestPeriod;
}

const DEFAULT_FETCH_LIMIT = 60;
const TOP = 5;
/** Connection and data-policy events the digest lists; the rest are a question away. */
const GOVERNANCE_SHOWN = 10;

/** Reads (through src/queries/) and shapes everything one digest shows. */
export async function buildDigestModel(store: DigestDataStore, options: BuildDigestOptions): Promise<DigestModel> {
  const previous = options.against ?? previousPeriod(options.period);
  const range = { from: options.period.from, to: options.period.to };
  // Since the channel's previous digest; a summary asked in chat (or a first digest) covers its period.
  const stateRange =
    options.summary || !options.lateSince ? range : { from: options.lateSince, to: options.now.toISOString() };
  const [data, activity, governance, stateChanges, backfilling] = await Promise.all([
    readDigestData(store, {
      range: { from: options.period.from, to: options.period.to },
      previous: { from: previous.from, to: previous.to },
      now: options.now,
      lateSince: options.lateSince,
      limit: options.fetchLimit ?? DEFAULT_FETCH_LIMIT,
      coverageSources: options.coverageSources,
      staleAfterMs: options.staleAfterMs ?? DEFAULT_STALE_AFTER_MS,
    }),
    readActivity(store, range, options.period.timeZone),
    readGovernanceDigest(store, range, GOVERNANCE_SHOWN),
    readStateChangesDigest(store, stateRange, STATE_CHANGES_SHOWN),
    runningBackfill(store),
  ]);
  const linked = stateChanges.items.map((c) => ({ ...c, link: chooseFlowLink(null, c.environmentId, c.flowId) }));
  return {
    ...shapeDigestModel(data, options),
    activity,
    ...(governance ? { governance } : {}),
    ...(backfilling ? { backfilling } : {}),
    stateChanges: { total: stateChanges.total, items: linked },
  };
}

/** The digest's sections from what was read. Pure. */
export function shapeDigestModel(data: DigestData, options: BuildDigestOptions): DigestModel {
  const { period, riskyConnectors } = options;
  const limit = options.fetchLimit ?? DEFAULT_FETCH_LIMIT;
  const tag = (names: readonly string[]): ConnectorTag[] =>
    names.map((name) => ({ name, risk: assessConnector(name, riskyConnectors) }));
  const ref = (e: StoredFlowEvent): FlowRef => flowRef(e, inventoryOf(e, data.flows), data.facts);
  const shape: Shaping = { data, tag, ref };
  const editedFlows = groupEdits(data.edited.events, data.connectorsBeforeEdits, limit, ref, tag);
  return {
    period,
    periodLabel: periodLabel(period),
    rangeLabel: formatRange({ from: period.from, to: period.to }, period.timeZone),
    previousPeriodLabel: periodLabel(options.against ?? previousPeriod(period)),
    late: options.late,
    generatedAt: options.now.toISOString(),
    coverage: { complete: data.missing.length === 0, missing: data.missing },
    totals: totals(data.countsByOperation, data.previousCountsByOperation),
    newFlows: { total: data.created.total, items: newFlowItems(shape) },
    editedFlows: { ...editedFlows, events: data.edited.total },
    deletedFlows: { total: data.deleted.total, items: data.deleted.events.map((e) => deletedFlowItem(e, shape)) },
    permissionChanges: {
      total: data.permissions.total,
      items: data.permissions.events.slice(0, limit).map((e) => permissionItem(e, ref)),
    },
    trials: { total: data.trials.total, items: data.trials.events.map(trialItem) },
    topMakers: top(data.countsByActor).map((m) => ({ maker: m.key, count: m.count })),
    topConnectors: top(data.countsByConnector).map((c) => ({
      connector: c.key,
      count: c.count,
      risk: assessConnector(c.key, riskyConnectors),
    })),
    arrivedLate: {
      since: options.lateSince,
      total: data.late.total,
      items: data.late.events.map((e) => lateItem(e, ref)),
    },
    refresh: refreshData(options),
  };
}

/** What each section's items are made with. */
interface Shaping {
  data: DigestData;
  tag: (names: readonly string[]) => ConnectorTag[];
  ref: (e: StoredFlowEvent) => FlowRef;
}

const top = (counts: GroupCount[]) => counts.filter((c) => c.key).slice(0, TOP);

/** New flows, each with the permissions given on it in the period ("bob@contoso.com (Owner (can edit))"). */
function newFlowItems({ data, tag, ref }: Shaping): NewFlowItem[] {
  const sharingByFlow = new Map<string, string[]>();
  for (const e of data.permissions.events) {
    if (e.operation !== 'PutPermissions' || !e.flowId) continue;
    const permission = describeSharingPermission(e.sharingPermission);
    const text = [e.recipientUpn ?? 'someone', permission ? `(${permission})` : ''].filter(Boolean).join(' ');
    sharingByFlow.set(e.flowId, [...(sharingByFlow.get(e.flowId) ?? []), text]);
  }
  return data.created.events.map((e) => ({
    ...ref(e),
    occurredAt: e.occurredAt,
    creator: e.actorUpn,
    resultStatus: e.resultStatus,
    connectors: tag(e.connectors.length > 0 ? e.connectors : (inventoryOf(e, data.flows)?.connectors ?? [])),
    sharing: (e.flowId && sharingByFlow.get(e.flowId)) || [],
  }));
}

/** A delete names no connectors: what the flow had, and who made it, come from the inventory. */
function deletedFlowItem(e: StoredFlowEvent, { data, tag, ref }: Shaping): DeletedFlowItem {
  const flow = inventoryOf(e, data.flows);
  return {
    ...ref(e),
    occurredAt: e.occurredAt,
    deletedBy: e.actorUpn,
    initiatedBy: e.initiatedBy,
    creator: flow?.creatorUpn ?? null,
    createdAt: flow?.createdAt ?? null,
    lastConnectors: tag(flow?.connectors ?? []),
  };
}

function permissionItem(e: StoredFlowEvent, ref: Shaping['ref']): PermissionItem {
  return {
    ...ref(e),
    operation: e.operation,
    occurredAt: e.occurredAt,
    actor: e.actorUpn,
    recipient: e.recipientUpn,
    permission: describeSharingPermission(e.sharingPermission),
    initiatedBy: e.initiatedBy,
  };
}

function trialItem(e: StoredFlowEvent): TrialItem {
  return { operation: e.operation, occurredAt: e.occurredAt, actor: e.actorUpn, licenseName: e.licenseName };
}

function lateItem(e: StoredFlowEvent, ref: Shaping['ref']): LateItem {
  return { ...ref(e), operation: e.operation, occurredAt: e.occurredAt, ingestedAt: e.ingestedAt, actor: e.actorUpn };
}

/** What a Refresh or Show more button carries to rebuild this digest. */
function refreshData(options: BuildDigestOptions): DigestModel['refresh'] {
  const { period } = options;
  return {
    flowwatch: 'digest',
    periodKey: period.key,
    from: period.from,
    to: period.to,
    timeZone: period.timeZone,
    firstDay: period.firstDay,
    lastDay: period.lastDay,
    lateSince: options.lateSince ?? '',
    late: options.late,
    expand: options.expand ?? '',
    ...(options.summary ? { summary: options.summary } : {}),
    ...(options.against ? { againstFirstDay: options.against.firstDay, againstLastDay: options.against.lastDay } : {}),
  };
}

/**
 * One item per edited flow (newest edit first). Connectors added or removed compare the flow's
 * state after its last edit in the period with its last known state before the first one: the
 * latest earlier CreateFlow/EditFlow record of the same flow that named connectors.
 */
function groupEdits(
  events: StoredFlowEvent[],
  connectorsBeforeEdits: Map<string, string[] | null>,
  limit: number,
  ref: (e: StoredFlowEvent) => FlowRef,
  tag: (names: readonly string[]) => ConnectorTag[],
): { items: EditedFlowItem[]; total: number } {
  const groups = new Map<string, StoredFlowEvent[]>();
  for (const e of events) {
    const key = e.flowId ?? `event:${e.id}`;
    groups.set(key, [...(groups.get(key) ?? []), e]);
  }
  const items: EditedFlowItem[] = [];
  for (const group of [...groups.values()].slice(0, limit)) {
    // findEvents lists newest first.
    const newest = group[0];
    const current = group.find((e) => e.connectors.length > 0)?.connectors ?? null;
    const before = newest.flowId ? (connectorsBeforeEdits.get(newest.flowId) ?? null) : null;
    const comparable = current !== null && before !== null;
    items.push({
      ...ref(newest),
      occurredAt: newest.occurredAt,
      editors: [...new Set(group.map((e) => e.actorUpn).filter((a): a is string => a !== null))],
      edits: group.length,
      connectors: tag(current ?? []),
      added: comparable ? tag(difference(current, before)) : null,
      removed: comparable ? tag(difference(before, current)) : null,
    });
  }
  return { items, total: groups.size };
}

function difference(a: readonly string[], b: readonly string[]): string[] {
  const lower = new Set(b.map((s) => s.toLowerCase()));
  return a.filter((s) => !lower.has(s.toLowerCase()));
}

function inventoryOf(e: StoredFlowEvent, inventory: Map<string, FlowInventoryEntry>): FlowInventoryEntry | undefined {
  return e.flowId ? inventory.get(e.flowId) : undefined;
}

function flowRef(e: StoredFlowEvent, flow: FlowInventoryEntry | undefined, facts: FlowFacts): FlowRef {
  const environmentId = e.environmentId ?? flow?.environmentId ?? null;
  const about = describeEventFlow(e, flow ?? null, facts, 'ok');
  return {
    flowId: e.flowId,
    environmentId,
    flowName: about.name,
    link: chooseFlowLink(e.detailsUrl ?? flow?.detailsUrl ?? null, environmentId, e.flowId),
    stateText: about.stateText,
    stateTone: about.tone,
  };
}

function totals(
  current: Array<{ key: string; count: number }>,
  previous: Array<{ key: string; count: number }>,
): OperationTotal[] {
  const now = new Map(current.map((c) => [c.key, c.count]));
  const before = new Map(previous.map((c) => [c.key, c.count]));
  const unknown = [...new Set([...now.keys(), ...before.keys()])]
    .filter((k) => !(KNOWN_OPERATIONS as readonly string[]).includes(k))
    .sort();
  return [...KNOWN_OPERATIONS, ...unknown].map((operation) => ({
    operation,
    count: now.get(operation) ?? 0,
    previous: before.get(operation) ?? 0,
  }));
}

/** "Sun 29 Mar 2026 (Europe/Berlin)", or "Fri 27 Mar 2026 – Sun 29 Mar 2026 (Europe/Berlin)". */
export function periodLabel(period: Pick<DigestPeriod, 'firstDay' | 'lastDay' | 'timeZone'>): string {
  const days =
    period.firstDay === period.lastDay
      ? formatDay(period.firstDay)
      : `${formatDay(period.firstDay)} – ${formatDay(period.lastDay)}`;
  return `${days} (${period.timeZone})`;
}
