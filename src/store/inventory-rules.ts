/**
 * The flow inventory rules, shared by every Store implementation. Audit data arrives late and out
 * of order (audit-apis.md §1.7), so each field remembers the event it was taken from and is
 * replaced only by an event that happened later (the creator: earlier), whatever the arrival
 * order. Events of the same instant are ordered by id, so every store and every arrival order
 * agree.
 */
import type { FlowEvent, FlowInventoryEntry } from '../model/flow-event.ts';
import { toMillis } from './time-ranges.ts';

/** Which event (time in ms, id) a field was taken from. */
export interface EventMark {
  t: number;
  id: string;
}

/** An inventory entry plus the events its fields came from. */
export interface InventoryState extends FlowInventoryEntry {
  seen: {
    name: EventMark | null;
    connectors: EventMark | null;
    environment: EventMark | null;
    detailsUrl: EventMark | null;
    creator: EventMark | null;
    /** True once the creator comes from a CreateFlow (which beats any other event). */
    creatorFromCreate: boolean;
    last: EventMark;
  };
}

const isLater = (mark: EventMark, than: EventMark | null) =>
  than === null || mark.t > than.t || (mark.t === than.t && mark.id > than.id);
const isEarlier = (mark: EventMark, than: EventMark | null) =>
  than === null || mark.t < than.t || (mark.t === than.t && mark.id < than.id);

/** Applies one event to the state of its flow (null: first event seen). Pure; the event must have a flowId. */
export function applyInventoryEvent(
  state: InventoryState | null,
  event: FlowEvent & { flowId: string },
): InventoryState {
  const mark: EventMark = { t: toMillis(event.occurredAt, `occurredAt of event ${event.id}`), id: event.id };
  const next = state ? copyState(state) : firstState(event, mark);
  applyLaterFields(next, event, mark);
  applyCreator(next, event, mark);
  return next;
}

/** A copy the caller may change without touching `state` (its arrays and marks included). */
function copyState(state: InventoryState): InventoryState {
  return { ...state, connectors: [...state.connectors], seen: { ...state.seen } };
}

function firstState(event: FlowEvent & { flowId: string }, mark: EventMark): InventoryState {
  return {
    flowId: event.flowId,
    environmentId: null,
    flowName: null,
    creatorUpn: null,
    createdAt: null,
    connectors: [],
    lastOperation: event.operation,
    lastEventAt: event.occurredAt,
    deleted: event.operation === 'DeleteFlow',
    detailsUrl: null,
    seen: {
      name: null,
      connectors: null,
      environment: null,
      detailsUrl: null,
      creator: null,
      creatorFromCreate: false,
      last: mark,
    },
  };
}

/** The fields the latest event that names them decides: last operation, name, connectors, environment, link. */
function applyLaterFields(next: InventoryState, event: FlowEvent, mark: EventMark): void {
  const seen = next.seen;
  if (isLater(mark, seen.last)) {
    next.lastOperation = event.operation;
    next.lastEventAt = event.occurredAt;
    // A restored flow gets events after its DeleteFlow, so "deleted" follows the latest event.
    next.deleted = event.operation === 'DeleteFlow';
    seen.last = mark;
  }
  if (event.flowName && isLater(mark, seen.name)) {
    next.flowName = event.flowName;
    seen.name = mark;
  }
  // A DeleteFlow usually names no connectors: keep the last known ones so a delete can say what went.
  if (event.connectors.length > 0 && isLater(mark, seen.connectors)) {
    next.connectors = [...event.connectors];
    seen.connectors = mark;
  }
  if (event.environmentId && isLater(mark, seen.environment)) {
    next.environmentId = event.environmentId;
    seen.environment = mark;
  }
  if (event.detailsUrl && isLater(mark, seen.detailsUrl)) {
    next.detailsUrl = event.detailsUrl;
    seen.detailsUrl = mark;
  }
}

/** The creator: the earliest CreateFlow's actor, or until one arrives, the earliest event's. */
function applyCreator(next: InventoryState, event: FlowEvent, mark: EventMark): void {
  const seen = next.seen;
  const isCreate = event.operation === 'CreateFlow';
  const takesCreator = isCreate
    ? !seen.creatorFromCreate || isEarlier(mark, seen.creator)
    : !seen.creatorFromCreate && isEarlier(mark, seen.creator);
  if (takesCreator) {
    next.creatorUpn = event.actorUpn;
    seen.creator = mark;
    if (isCreate) {
      next.createdAt = event.occurredAt;
      seen.creatorFromCreate = true;
    }
  }
}
