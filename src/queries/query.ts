import type { Coverage } from './coverage.ts';
import type { ActivitySeries } from '../model/activity-series.ts';
import type { FlowRunState, InventoryState } from '../model/flow-identity.ts';
import type { FlowInventoryEntry, ListedFlowEvent } from '../model/flow-event.ts';
import type { GroupCount } from '../model/event-query.ts';
import type { FlowDescription } from './describe-flow.ts';

/** A relative or absolute period, as the user said it; resolved against a clock and a time zone. */
export type PeriodSpec =
  | { kind: 'today' | 'yesterday' | 'thisWeek' | 'lastWeek' | 'thisMonth' | 'lastMonth' }
  | { kind: 'lastDays'; days: number }
  | { kind: 'since'; date: string }
  | { kind: 'on'; date: string }
  /** The most recent such weekday (1 Monday … 7 Sunday, ISO), today if today is one: "flows created on Friday". */
  | { kind: 'weekday'; day: number };

/** list: each event; count: numbers per operation; byMaker / byConnector / byEnvironment: grouped with counts. */
export type QueryShape = 'list' | 'count' | 'byMaker' | 'byConnector' | 'byEnvironment';

/** The longest ranking a question may ask for ("top 50 makers"). */
export const MAX_TOP = 50;

/** A question, parsed. Pure data: it is what a Refresh button carries in its `data`. */
export interface FlowQuery {
  /** Operations asked about; empty means every operation. */
  operations: string[];
  period: PeriodSpec;
  shape: QueryShape;
  /** IANA zone said in the question ("… in Europe/Berlin"); wins over the asker's zone. */
  timeZone?: string;
  connector?: string;
  maker?: string;
  environment?: string;
  /** Rankings only (byMaker, byConnector, byEnvironment): the ranking ends at this row, "top 5 makers". */
  top?: number;
}

/**
 * A question about the flows as they are now (issue 11), answered from the flow inventory rather
 * than from events: "which flows use HTTP", "suspended flows". Pure data, like FlowQuery: the
 * estate card's Refresh carries it.
 */
export interface EstateQuery {
  shape: 'list' | 'count';
  /** As the user named it; a family ("HTTP") means each of its connectors (connectors.ts). */
  connector?: string;
  states?: FlowRunState[];
  /** UPN, lower-cased. */
  owner?: string;
  /** An environment's display name or id, as said. */
  environment?: string;
}

export type ParseOutcome =
  | { kind: 'query'; query: FlowQuery; reading?: QuestionReading }
  | { kind: 'estate'; query: EstateQuery; reading?: QuestionReading }
  | { kind: 'help' }
  | { kind: 'unknown'; text: string; suggestions: string[] }
  /** "overview of last month": the digest's card for that period. */
  /** "overview of last month"; "this month compared with last month" also names `against`. */
  | { kind: 'summary'; period: PeriodSpec; against?: PeriodSpec; timeZone?: string; reading?: QuestionReading }
  /** Longer than a question can be (parse.ts MAX_QUESTION_CHARS): refused, not read. */
  | { kind: 'tooLong'; length: number; limit: number };

/**
 * Said with an answer when the question was not read exactly as typed: words corrected as typos,
 * or the default period assumed. `question` is the canonical question that was answered.
 */
export interface QuestionReading {
  question: string;
  corrections: Array<{ from: string; to: string }>;
  periodAssumed: boolean;
}

/** A period pinned to instants: [from, to) in UTC, plus how to show it. */
export interface ResolvedPeriod {
  from: string;
  to: string;
  timeZone: string;
  /** e.g. "Mon 23 Nov 2026 – Sun 29 Nov 2026 (Europe/Berlin)". */
  label: string;
}

export interface EventWithFlow extends ListedFlowEvent {
  /** What the events say of the event's flow (its last connectors, its creator), when known. */
  flow: FlowInventoryEntry | null;
  /** The flow as admins see it: name, state, owner, environment from the admin APIs (issue 11). */
  identity: FlowDescription;
}

export interface MakerGroup {
  maker: string;
  count: number;
  /** Distinct flows this maker touched in the period (names or ids), capped. */
  flows: Array<{
    flowId: string;
    flowName: string | null;
    environmentId: string | null;
    detailsUrl: string | null;
    count: number;
    /** "On", "Suspended: data policy violation", …; null when the inventory does not know the flow. */
    stateText: string | null;
    /** "Sales (Production)", "the default environment", …; null when not known. */
    environment: string | null;
  }>;
}

/** An environment's events, and its "Sales (Production)" from the flow inventory (null when not known). */
export interface EnvironmentCount extends GroupCount {
  label: string | null;
}

export interface QueryResult {
  query: FlowQuery;
  period: ResolvedPeriod;
  /** The question as understood, e.g. "Edited flows, grouped by maker". */
  understood: string;
  /** Whether sync covers the whole period; when not, answers say so instead of "nothing". */
  coverage: Coverage;
  /** shape list. */
  events?: { items: EventWithFlow[]; total: number; offset: number };
  /** shape count: per operation; also totals for grouped shapes. */
  counts?: GroupCount[];
  /** shape byMaker. */
  makers?: { items: MakerGroup[]; total: number; offset: number };
  /** shape byConnector: events per connector. */
  connectors?: { items: GroupCount[]; total: number; offset: number };
  /** shape byEnvironment: events per environment id, busiest first, with the inventory's name where known. */
  environments?: { items: EnvironmentCount[]; total: number; offset: number };
  /** shape count: the same events per hour, day or week of the period (the card's chart). */
  activity?: ActivitySeries;
  /** How the flow inventory stood when answering: why flows may show ids rather than names. */
  inventory?: InventoryState;
}
