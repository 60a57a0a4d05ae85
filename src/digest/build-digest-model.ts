import { assessConnector } from '../cards/connector-risk.ts';
import { formatDay, formatRange } from '../cards/format-time.ts';
import { chooseFlowLink } from '../cards/safe-link.ts';
import { describeSharingPermission } from '../cards/sharing-permission.ts';
import { KNOWN_OPERATIONS } from '../model/flow-event.ts';
import { DEFAULT_STALE_AFTER_MS } from '../queries/run.ts';
import type { FlowInventoryEntry, StoredFlowEvent } from '../model/flow-event.ts';
import type { EventFilter } from '../model/event-query.ts';
import type { Store } from '../store/store.ts';
import { missingRanges } from '../sync/coverage.ts';
import type {
  ConnectorTag,
  DeletedFlowItem,
  DigestModel,
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
import type { DigestPeriod } from '../model/digest-model.ts';

export type DigestDataStore = Pick<Store, 'findEvents' | 'countBy' | 'getFlows' | 'getCoverage'>;

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
}

const EPOCH = '1970-01-01T00:00:00.000Z';
const DEFAULT_FETCH_LIMIT = 60;
const TOP = 5;

/** Reads everything one digest shows. Pure apart from store reads. */
export async function buildDigestModel(store: DigestDataStore, options: BuildDigestOptions): Promise<DigestModel> {
  const { period, now, riskyConnectors } = options;
  const limit = options.fetchLimit ?? DEFAULT_FETCH_LIMIT;
  const range = { from: period.from, to: period.to };
  const inPeriod = (operations: string[]): EventFilter => ({ ...range, operations });
  const page = { limit, offset: 0 };
  const previous = previousPeriod(period);

  const [created, edited, deleted, permissions, trials, counts, previousCounts, makers, connectors, missing] =
    await Promise.all([
      store.findEvents(inPeriod(['CreateFlow']), page),
      // Edits come in bursts (one save logs several records, audit-apis.md §3.2): read more, group per flow.
      store.findEvents(inPeriod(['EditFlow']), { limit: limit * 10, offset: 0 }),
      store.findEvents(inPeriod(['DeleteFlow']), page),
      store.findEvents(inPeriod(['PutPermissions', 'DeletePermissions']), { limit: limit * 2, offset: 0 }),
      store.findEvents(inPeriod(['StartAPaidTrial', 'RenewTrial']), page),
      store.countBy(range, 'operation'),
      store.countBy({ from: previous.from, to: previous.to }, 'operation'),
      store.countBy(range, 'actor'),
      store.countBy(inPeriod(['CreateFlow', 'EditFlow']), 'connector'),
      missingCoverage(store, range, options.coverageSources, now, options.staleAfterMs ?? DEFAULT_STALE_AFTER_MS),
    ]);
  const late = options.lateSince
    ? await store.findEvents(
        { from: EPOCH, to: period.from, ingestedFrom: options.lateSince, ingestedTo: now.toISOString() },
        page,
      )
    : { events: [], total: 0 };

  const flowIds = new Set<string>();
  for (const list of [created.events, edited.events, deleted.events, permissions.events, late.events]) {
    for (const e of list) if (e.flowId) flowIds.add(e.flowId);
  }
  const inventory = new Map((await store.getFlows([...flowIds])).map((f) => [f.flowId, f] as const));
  const tag = (names: readonly string[]): ConnectorTag[] =>
    names.map((name) => ({ name, risk: assessConnector(name, riskyConnectors) }));
  const ref = (e: StoredFlowEvent): FlowRef => flowRef(e, e.flowId ? inventory.get(e.flowId) : undefined);

  const editedFlows = await groupEdits(store, edited.events, limit, ref, tag);
  const sharingByFlow = new Map<string, string[]>();
  for (const e of permissions.events) {
    if (e.operation !== 'PutPermissions' || !e.flowId) continue;
    const permission = describeSharingPermission(e.sharingPermission);
    const text = [e.recipientUpn ?? 'someone', permission ? `(${permission})` : ''].filter(Boolean).join(' ');
    sharingByFlow.set(e.flowId, [...(sharingByFlow.get(e.flowId) ?? []), text]);
  }

  return {
    period,
    periodLabel: periodLabel(period),
    rangeLabel: formatRange(range, period.timeZone),
    previousPeriodLabel: periodLabel(previous),
    late: options.late,
    generatedAt: now.toISOString(),
    coverage: { complete: missing.length === 0, missing },
    totals: totals(counts, previousCounts),
    newFlows: {
      total: created.total,
      items: created.events.map((e): NewFlowItem => ({
        ...ref(e),
        occurredAt: e.occurredAt,
        creator: e.actorUpn,
        resultStatus: e.resultStatus,
        connectors: tag(e.connectors.length > 0 ? e.connectors : (inventoryOf(e, inventory)?.connectors ?? [])),
        sharing: (e.flowId && sharingByFlow.get(e.flowId)) || [],
      })),
    },
    editedFlows: { ...editedFlows, events: edited.total },
    deletedFlows: {
      total: deleted.total,
      items: deleted.events.map((e): DeletedFlowItem => {
        const flow = inventoryOf(e, inventory);
        return {
          ...ref(e),
          occurredAt: e.occurredAt,
          deletedBy: e.actorUpn,
          initiatedBy: e.initiatedBy,
          creator: flow?.creatorUpn ?? null,
          createdAt: flow?.createdAt ?? null,
          lastConnectors: tag(flow?.connectors ?? []),
        };
      }),
    },
    permissionChanges: {
      total: permissions.total,
      items: permissions.events.slice(0, limit).map((e): PermissionItem => ({
        ...ref(e),
        operation: e.operation,
        occurredAt: e.occurredAt,
        actor: e.actorUpn,
        recipient: e.recipientUpn,
        permission: describeSharingPermission(e.sharingPermission),
        initiatedBy: e.initiatedBy,
      })),
    },
    trials: {
      total: trials.total,
      items: trials.events.map((e): TrialItem => ({
        operation: e.operation,
        occurredAt: e.occurredAt,
        actor: e.actorUpn,
        licenseName: e.licenseName,
      })),
    },
    topMakers: makers
      .filter((m) => m.key)
      .slice(0, TOP)
      .map((m) => ({ maker: m.key, count: m.count })),
    topConnectors: connectors
      .filter((c) => c.key)
      .slice(0, TOP)
      .map((c) => ({ connector: c.key, count: c.count, risk: assessConnector(c.key, riskyConnectors) })),
    arrivedLate: {
      since: options.lateSince,
      total: late.total,
      items: late.events.map((e): LateItem => ({
        ...ref(e),
        operation: e.operation,
        occurredAt: e.occurredAt,
        ingestedAt: e.ingestedAt,
        actor: e.actorUpn,
      })),
    },
    refresh: {
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
    },
  };
}

/**
 * One item per edited flow (newest edit first). Connectors added or removed compare the flow's
 * state after its last edit in the period with its last known state before the first one: the
 * latest earlier CreateFlow/EditFlow record of the same flow that named connectors.
 */
async function groupEdits(
  store: DigestDataStore,
  events: StoredFlowEvent[],
  limit: number,
  ref: (e: StoredFlowEvent) => FlowRef,
  tag: (names: readonly string[]) => ConnectorTag[],
): Promise<{ items: EditedFlowItem[]; total: number }> {
  const groups = new Map<string, StoredFlowEvent[]>();
  for (const e of events) {
    const key = e.flowId ?? `event:${e.id}`;
    groups.set(key, [...(groups.get(key) ?? []), e]);
  }
  const items: EditedFlowItem[] = [];
  for (const group of [...groups.values()].slice(0, limit)) {
    // findEvents lists newest first.
    const newest = group[0];
    const oldest = group[group.length - 1];
    const current = group.find((e) => e.connectors.length > 0)?.connectors ?? null;
    const before = newest.flowId ? await previousKnownConnectors(store, newest.flowId, oldest.occurredAt) : null;
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

async function previousKnownConnectors(
  store: DigestDataStore,
  flowId: string,
  before: string,
): Promise<string[] | null> {
  const { events } = await store.findEvents(
    { from: EPOCH, to: before, flowId, operations: ['CreateFlow', 'EditFlow'] },
    { limit: 20, offset: 0 },
  );
  return events.find((e) => e.connectors.length > 0)?.connectors ?? null;
}

function difference(a: readonly string[], b: readonly string[]): string[] {
  const lower = new Set(b.map((s) => s.toLowerCase()));
  return a.filter((s) => !lower.has(s.toLowerCase()));
}

function inventoryOf(e: StoredFlowEvent, inventory: Map<string, FlowInventoryEntry>): FlowInventoryEntry | undefined {
  return e.flowId ? inventory.get(e.flowId) : undefined;
}

function flowRef(e: StoredFlowEvent, flow: FlowInventoryEntry | undefined): FlowRef {
  const environmentId = e.environmentId ?? flow?.environmentId ?? null;
  return {
    flowId: e.flowId,
    environmentId,
    flowName: e.flowName ?? flow?.flowName ?? null,
    link: chooseFlowLink(e.detailsUrl ?? flow?.detailsUrl ?? null, environmentId, e.flowId),
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

/** Judged like a question's answer (runQuery): by the sync's rule, up to now. */
async function missingCoverage(
  store: DigestDataStore,
  range: { from: string; to: string },
  sources: readonly string[],
  now: Date,
  staleAfterMs: number,
) {
  const end = Math.min(Date.parse(range.to), now.getTime());
  if (end <= Date.parse(range.from)) return [];
  const covered = (await Promise.all(sources.map((s) => store.getCoverage(s)))).flat();
  return missingRanges(covered, range.from, new Date(end).toISOString(), { now, staleAfterMs });
}

/** "Sun 29 Mar 2026 (Europe/Berlin)", or "Fri 27 Mar 2026 – Sun 29 Mar 2026 (Europe/Berlin)". */
export function periodLabel(period: Pick<DigestPeriod, 'firstDay' | 'lastDay' | 'timeZone'>): string {
  const days =
    period.firstDay === period.lastDay
      ? formatDay(period.firstDay)
      : `${formatDay(period.firstDay)} – ${formatDay(period.lastDay)}`;
  return `${days} (${period.timeZone})`;
}
