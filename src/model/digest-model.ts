import type { BackfillProgress } from './backfill-progress.ts';
import type { ActivitySeries } from './activity-series.ts';
import type { TimeRange } from './event-query.ts';
import type { ListedGovernanceEvent } from './governance-event.ts';

/**
 * Which connectors a card flags. `risky`: named in RISKY_CONNECTORS (case-insensitive).
 * `nonMicrosoft`: a name we do not recognize as a Microsoft connector or built-in operation.
 *
 * Why the heuristic: `FlowConnectorNames` carries display names only (audit-apis.md §3), with
 * no publisher and no "custom" marker. Microsoft's connectors keep fixed display names, while a
 * custom connector carries whatever its maker called it. So a name missing from the list below
 * is a custom connector or a third-party one: either way data may leave Microsoft 365, which is
 * worth an admin's look, and the card says "not a Microsoft connector", not "custom".
 */
export type ConnectorRisk = 'risky' | 'nonMicrosoft' | 'none';

export interface DigestPeriod {
  /** "2026-03-29", or "2026-03-27..2026-03-29" when it spans several local days. */
  key: string;
  /** Event-time range, UTC ISO with milliseconds, half-open. */
  from: string;
  to: string;
  timeZone: string;
  /** First and last local day covered (YYYY-MM-DD). */
  firstDay: string;
  lastDay: string;
}

/**
 * What a digest says, as plain data: built from the store by buildDigestModel, turned into an
 * Adaptive Card by renderDigestCard (pure, no I/O, no clock). Lists hold at most the builder's
 * fetch limit; `total` is the full count, so the card can say how many it left out.
 */
export interface DigestModel {
  period: DigestPeriod;
  /** "Sun 29 Mar 2026 (Europe/Berlin)" or "Fri 27 Mar 2026 – Sun 29 Mar 2026 (Europe/Berlin)". */
  periodLabel: string;
  /** "Sun 29 Mar 2026, 00:00 – Mon 30 Mar 2026, 00:00". */
  rangeLabel: string;
  previousPeriodLabel: string;
  /** Sent after its due time because the bot was down then. */
  late: boolean;
  /** When the data was read (the card says "as of"). */
  generatedAt: string;
  /** False when sync has not covered the whole period yet: the card must not claim "nothing happened". */
  coverage: { complete: boolean; missing: TimeRange[] };
  /** How far the backfill has got, while it runs (issue 12): the card says so in a line. */
  backfilling?: BackfillProgress;
  totals: OperationTotal[];
  newFlows: Section<NewFlowItem>;
  /** One item per flow; `total` counts flows, `events` the EditFlow records. */
  editedFlows: Section<EditedFlowItem> & { events: number };
  deletedFlows: Section<DeletedFlowItem>;
  permissionChanges: Section<PermissionItem>;
  trials: Section<TrialItem>;
  topMakers: Array<{ maker: string; count: number }>;
  topConnectors: Array<{ connector: string; count: number; risk: ConnectorRisk }>;
  /** Events of earlier periods stored after `since` (the previous digest's send time); null `since`: no previous digest. */
  arrivedLate: Section<LateItem> & { since: string | null };
  /** What a Refresh or Show more button carries to rebuild this digest. */
  refresh: DigestRefreshData;
  /** Events per hour, day or week of the period (the activity chart); absent: no chart. */
  activity?: ActivitySeries;
  /** Connections shared, unshared or turned off, and data-policy changes (issue 12); absent or empty: no section. */
  governance?: Section<GovernanceDigestItem>;
  /** Flows the inventory saw turned off or suspended since the previous digest (issue 11); absent or empty: no section. */
  stateChanges?: Section<StateChangeItem>;
}

/** A flow turned off or suspended, as the inventory saw it; the FlowRef's state is its state now. */
export interface StateChangeItem extends FlowRef {
  from: 'on' | 'off' | 'suspended' | 'deleted' | null;
  to: 'off' | 'suspended';
  /** "Turned off", "Suspended: data policy violation". */
  changeText: string;
  /** When the inventory saw the change: the admin APIs do not say when it happened. */
  seenAt: string;
  owner: string | null;
  environment: string | null;
  /** The data-policy change the suspension follows, where the audit log shows one (queries/suspension-causes.ts). */
  cause: { occurredAt: string; actorUpn: string | null; policyName: string | null } | null;
}

/** One connection or data-policy event as the digest shows it. */
export type GovernanceDigestItem = Pick<
  ListedGovernanceEvent,
  | 'occurredAt'
  | 'actorUpn'
  | 'action'
  | 'operation'
  | 'detailOperation'
  | 'resourceId'
  | 'resourceName'
  | 'environmentId'
> & {
  /** The environment's name as the inventory knows it ("Sales (Production)"); null when it does not. */
  environment: string | null;
};

export interface Section<T> {
  items: T[];
  total: number;
}

export interface OperationTotal {
  operation: string;
  count: number;
  previous: number;
}

export interface FlowRef {
  flowId: string | null;
  environmentId: string | null;
  flowName: string | null;
  /** https link on a Power Platform host, or null (src/cards/safe-link.ts). */
  link: string | null;
  /** The flow's state from the inventory ("On", "Suspended: data policy violation"); null when not known. */
  stateText?: string | null;
  stateTone?: 'good' | 'warning' | 'attention' | 'default';
}

export interface ConnectorTag {
  name: string;
  risk: ConnectorRisk;
}

export interface NewFlowItem extends FlowRef {
  occurredAt: string;
  creator: string | null;
  resultStatus: string | null;
  connectors: ConnectorTag[];
  /** Permissions given on this flow in the period: "bob@contoso.com (Owner (can edit))". */
  sharing: string[];
}

export interface EditedFlowItem extends FlowRef {
  /** Latest edit in the period. */
  occurredAt: string;
  editors: string[];
  edits: number;
  connectors: ConnectorTag[];
  /** Against the flow's last known state before the period's first edit; null when none is known. */
  added: ConnectorTag[] | null;
  removed: ConnectorTag[] | null;
}

export interface DeletedFlowItem extends FlowRef {
  occurredAt: string;
  deletedBy: string | null;
  initiatedBy: 'user' | 'admin' | null;
  /** From the inventory. */
  creator: string | null;
  createdAt: string | null;
  lastConnectors: ConnectorTag[];
}

export interface PermissionItem extends FlowRef {
  operation: string;
  occurredAt: string;
  actor: string | null;
  recipient: string | null;
  permission: string | null;
  initiatedBy: 'user' | 'admin' | null;
}

export interface TrialItem {
  operation: string;
  occurredAt: string;
  actor: string | null;
  licenseName: string | null;
}

export interface LateItem extends FlowRef {
  operation: string;
  occurredAt: string;
  ingestedAt: string;
  actor: string | null;
}

export type DigestSectionName =
  'newFlows' | 'editedFlows' | 'deletedFlows' | 'permissionChanges' | 'trials' | 'arrivedLate';

export const DIGEST_SECTIONS: readonly DigestSectionName[] = [
  'newFlows',
  'editedFlows',
  'deletedFlows',
  'permissionChanges',
  'trials',
  'arrivedLate',
];

/**
 * The `data` of the digest card's Refresh / Show more (Action.Execute verb `refreshDigest`).
 * It names a period and the late-arrival bound only; it never carries a conversation or a
 * serviceUrl (teams-platform.md §3.5), and it is validated before use (parseDigestRefreshData).
 */
export interface DigestRefreshData {
  flowwatch: 'digest';
  periodKey: string;
  from: string;
  to: string;
  timeZone: string;
  firstDay: string;
  lastDay: string;
  /** Bound of "Arrived late"; empty when there was no previous digest. */
  lateSince: string;
  late: boolean;
  /** Section shown in full ("Show more"); empty for none. */
  expand: DigestSectionName | '';
  /** A summary asked in chat ("overview of last month") rather than a channel's digest: titled so. */
  summary?: true;
  /** A summary's period compared with (local days, same zone); absent: the period just before. */
  againstFirstDay?: string;
  againstLastDay?: string;
}
