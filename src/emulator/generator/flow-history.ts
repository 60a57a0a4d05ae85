/**
 * Simulates what makers do with flows over the emulated days: each new flow is created, then
 * maybe edited (connectors change, sometimes HTTP is added), shared and unshared, and deleted;
 * users also start and renew paid trials. Every action becomes one Flow audit record, handed to
 * `emit` with the time it happened. Actions after `endMs` (the emulator's "now") never happen.
 */
import type { Random } from '../random.ts';
import { DAY_MS, HOUR_MS, MINUTE_MS } from '../time-format.ts';
import { editConnectors, pickInitialConnectors } from './connectors.ts';
import { pickEnvironment, type Environment } from './environments.ts';
import { pickFlowName } from './flow-names.ts';
import {
  flowChangeRecord,
  flowDeleteRecord,
  permissionRecord,
  trialRecord,
  TRIAL_LICENSES,
  type FlowState,
} from './flow-records.ts';
import type { Person } from './people.ts';

export interface FlowHistoryInput {
  rng: Random;
  tenantId: string;
  people: readonly Person[];
  environments: readonly Environment[];
  flowsPerDay: number;
  startMs: number;
  endMs: number;
  /** Told each created flow's outcome (the emulated admin APIs serve these). */
  onFlow?: (outcome: FlowOutcome) => void;
}

export type EmitRecord = (record: Record<string, unknown>, occurredMs: number) => void;

/** What a flow's history did to it by the end (the emulator's "now"): what the admin APIs know of it. */
export interface FlowOutcome {
  flowId: string;
  environmentId: string;
  /** The name it was created with (audit records carry none: reference flow-inventory.md §1). */
  name: string;
  connectors: string[];
  owner: Person;
  createdMs: number;
  /** The last edit before now, else the creation. */
  modifiedMs: number;
  deleted: boolean;
}

/** About how many records one created flow yields (create, edits, shares, delete); sizes benchmarks. */
export const RECORDS_PER_FLOW = 2.9;

const HOUR_WEIGHTS: ReadonlyArray<readonly [number, number]> = Array.from(
  { length: 24 },
  (_, h) => [h, h >= 9 && h <= 17 ? 6 : h >= 7 && h <= 20 ? 2 : 1] as const,
);

/** A moment in the day, busier in office hours, in whole seconds (CreationTime has no fraction). */
function momentInDay(rng: Random, dayStartMs: number): number {
  return dayStartMs + rng.weighted(HOUR_WEIGHTS) * HOUR_MS + rng.int(0, 3599) * 1000;
}

/** A later moment, skewed towards the near end of [minMs, maxMs] after `fromMs`. */
function later(rng: Random, fromMs: number, minMs: number, maxMs: number): number {
  const u = rng.next();
  return fromMs + Math.floor((minMs + (maxMs - minMs) * u * u) / 1000) * 1000;
}

function otherPerson(rng: Random, people: readonly Person[], not: Person): Person {
  if (people.length === 1) return not;
  for (;;) {
    const p = rng.pick(people);
    if (p !== not) return p;
  }
}

function admin(rng: Random, people: readonly Person[]): Person {
  return rng.pick(people.filter((p) => p.isAdmin));
}

/** A delete by the owner or an admin some time after `last`; returns when. */
function deleteLater(
  input: FlowHistoryInput,
  flow: FlowState,
  last: number,
  at: (ms: number, build: () => Record<string, unknown>) => void,
): number {
  const { rng, tenantId, people } = input;
  const byAdmin = rng.chance(0.25);
  const actor = byAdmin ? admin(rng, people) : flow.owner;
  const deleteMs = later(rng, last, HOUR_MS, 5 * DAY_MS);
  at(deleteMs, () => flowDeleteRecord(rng, tenantId, flow, actor, byAdmin, deleteMs));
  return deleteMs;
}

function simulateFlow(input: FlowHistoryInput, createdMs: number, emit: EmitRecord): void {
  const { rng, tenantId, people } = input;
  const owner = rng.pick(people);
  const flow: FlowState = {
    flowId: rng.guid(),
    environmentId: pickEnvironment(rng, input.environments).id,
    name: pickFlowName(rng),
    connectors: pickInitialConnectors(rng),
    owner,
  };
  const events: Array<{ at: number; build: () => Record<string, unknown> }> = [];
  const at = (ms: number, build: () => Record<string, unknown>) => events.push({ at: ms, build });

  const asCreated = { ...flow, connectors: [...flow.connectors] };
  const versions = [{ at: createdMs, connectors: asCreated.connectors }];
  let deletedMs: number | null = null;
  at(createdMs, () => flowChangeRecord(rng, tenantId, 'CreateFlow', asCreated, owner, createdMs));
  let last = createdMs;
  const edits = rng.weighted([
    [0, 30],
    [1, 30],
    [2, 20],
    [3, 12],
    [4, 8],
  ] as const);
  for (let i = 0; i < edits; i++) {
    last = i === 0 ? later(rng, last, 2 * MINUTE_MS, 3 * HOUR_MS) : later(rng, last, 10 * MINUTE_MS, 3 * DAY_MS);
    flow.connectors = editConnectors(rng, flow.connectors);
    const snapshot = { ...flow, connectors: [...flow.connectors] };
    const editMs = last;
    versions.push({ at: editMs, connectors: snapshot.connectors });
    at(editMs, () => flowChangeRecord(rng, tenantId, 'EditFlow', snapshot, owner, editMs));
    // "A single action can trigger multiple logged events" (audit-apis.md §3.2): a near-duplicate burst.
    if (rng.chance(0.1)) {
      const burstMs = editMs + rng.int(1, 3) * 1000;
      at(burstMs, () => flowChangeRecord(rng, tenantId, 'EditFlow', snapshot, owner, burstMs));
    }
  }
  if (rng.chance(0.3)) {
    const share = {
      flow,
      actor: owner,
      recipient: otherPerson(rng, people, owner),
      permission: rng.chance(0.6) ? (3 as const) : (2 as const),
      byAdmin: false,
    };
    if (rng.chance(0.1)) Object.assign(share, { actor: admin(rng, people), byAdmin: true });
    const sharedMs = later(rng, createdMs, 30 * MINUTE_MS, 2 * DAY_MS);
    at(sharedMs, () => permissionRecord(rng, tenantId, 'PutPermissions', share, sharedMs));
    last = Math.max(last, sharedMs);
    if (rng.chance(0.35)) {
      const unsharedMs = later(rng, sharedMs, HOUR_MS, 4 * DAY_MS);
      at(unsharedMs, () => permissionRecord(rng, tenantId, 'DeletePermissions', share, unsharedMs));
      last = Math.max(last, unsharedMs);
    }
  }
  if (rng.chance(0.15)) deletedMs = deleteLater(input, flow, last, at);
  for (const e of events) if (e.at < input.endMs) emit(e.build(), e.at);
  report(input, flow, versions, deletedMs);
}

/** The outcome at `endMs`: the connectors and time of the last edit that happened, deleted or not. */
function report(
  input: FlowHistoryInput,
  flow: FlowState,
  versions: ReadonlyArray<{ at: number; connectors: string[] }>,
  deletedMs: number | null,
): void {
  const done = versions.filter((v) => v.at < input.endMs);
  const last = done[done.length - 1];
  if (!input.onFlow || !last) return;
  input.onFlow({
    flowId: flow.flowId,
    environmentId: flow.environmentId,
    name: flow.name,
    connectors: [...last.connectors],
    owner: flow.owner,
    createdMs: done[0].at,
    modifiedMs: last.at,
    deleted: deletedMs !== null && deletedMs < input.endMs,
  });
}

function simulateTrial(input: FlowHistoryInput, startedMs: number, emit: EmitRecord): void {
  const { rng, tenantId } = input;
  const user = rng.pick(input.people);
  const license = rng.pick(TRIAL_LICENSES);
  emit(trialRecord(rng, tenantId, 'StartAPaidTrial', user, license, startedMs), startedMs);
  if (rng.chance(0.4)) {
    const renewedMs = later(rng, startedMs, DAY_MS, 10 * DAY_MS);
    if (renewedMs < input.endMs) emit(trialRecord(rng, tenantId, 'RenewTrial', user, license, renewedMs), renewedMs);
  }
}

export function generateFlowHistory(input: FlowHistoryInput, emit: EmitRecord): void {
  const { rng } = input;
  const inRange = (ms: number) => ms >= input.startMs && ms < input.endMs;
  // Whole UTC days, so office hours fall in office hours; moments outside the range are skipped.
  for (let dayStart = Math.floor(input.startMs / DAY_MS) * DAY_MS; dayStart < input.endMs; dayStart += DAY_MS) {
    for (let i = 0; i < input.flowsPerDay; i++) {
      const createdMs = momentInDay(rng, dayStart);
      if (inRange(createdMs)) simulateFlow(input, createdMs, emit);
    }
    const trials = input.flowsPerDay > 0 ? rng.int(0, Math.max(1, Math.round(input.flowsPerDay / 15))) : 0;
    for (let i = 0; i < trials; i++) {
      const startedMs = momentInDay(rng, dayStart);
      if (inRange(startedMs)) simulateTrial(input, startedMs, emit);
    }
  }
}
