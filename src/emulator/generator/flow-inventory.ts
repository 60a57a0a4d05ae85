/**
 * What the emulated admin APIs know (reference flow-inventory.md §2, §3, §5), drawn from the SAME
 * flow history that generates the audit records: each created flow's outcome, plus what audit
 * records never say: a rename since creation, a flow turned off or suspended by a data policy,
 * solution-aware flows whose Dataverse workflowid differs from their Flow id, environments with
 * and without Dataverse, makers gone from the directory. Its own seeded stream, so the audit
 * records are the same with or without it.
 */
import type { Random } from '../random.ts';
import type { Environment } from './environments.ts';
import type { FlowOutcome } from './flow-history.ts';
import type { Person } from './people.ts';

export type EmulatedState = 'Started' | 'Stopped' | 'Suspended';

export interface EmulatedEnvironment {
  id: string;
  displayName: string;
  /** `properties.environmentSku`. */
  sku: 'Default' | 'Production' | 'Sandbox' | 'Developer' | 'Trial';
  hasDataverse: boolean;
}

export interface EmulatedFlow extends FlowOutcome {
  /** The current name: renamed since creation for some. */
  currentName: string;
  state: EmulatedState;
  /** `properties.flowSuspensionReason` (only when Suspended). */
  suspensionReason: string | null;
  solutionAware: boolean;
  /** Dataverse `workflowid`: differs from flowId for solution-aware flows; null outside Dataverse. */
  workflowId: string | null;
}

export interface EmulatedInventory {
  environments: EmulatedEnvironment[];
  /** Every created flow, deleted ones included (the list leaves those out). */
  flows: EmulatedFlow[];
  /** Object ids of makers gone from the directory (Graph answers 404). */
  goneUserKeys: Set<string>;
}

const NAMES = ['Sales', 'Finance', 'HR', 'Operations', 'Dev', 'Sandbox', 'Marketing', 'Legal', 'Support', 'IT'];
const SKUS: EmulatedEnvironment['sku'][] = [
  'Production',
  'Production',
  'Sandbox',
  'Production',
  'Developer',
  'Sandbox',
];

/**
 * The suspension reason a data-policy violation gives. The v2 list documents the property
 * (reference §2), not its values: sources are silent, so the harder case for a card, a code
 * rather than a sentence, which the inventory must keep as given.
 */
export const DLP_SUSPENSION_REASON = 'CompanyDlpViolation';

export function emulatedEnvironments(rng: Random, environments: readonly Environment[]): EmulatedEnvironment[] {
  return environments.map((e, i) => {
    if (i === 0) return { id: e.id, displayName: 'Contoso (default)', sku: 'Default', hasDataverse: false };
    const base = NAMES[(i - 1) % NAMES.length];
    const round = Math.floor((i - 1) / NAMES.length);
    return {
      id: e.id,
      displayName: round === 0 ? base : `${base} ${round + 1}`,
      sku: SKUS[(i - 1) % SKUS.length],
      hasDataverse: rng.chance(0.7),
    };
  });
}

export function emulatedFlow(rng: Random, outcome: FlowOutcome, environment: EmulatedEnvironment): EmulatedFlow {
  const renamed = rng.chance(0.2);
  const stateRoll = rng.next();
  const state: EmulatedState = stateRoll < 0.06 ? 'Suspended' : stateRoll < 0.18 ? 'Stopped' : 'Started';
  const solutionAware = environment.hasDataverse && rng.chance(0.3);
  const otherId = rng.guid();
  return {
    ...outcome,
    currentName: renamed ? `${outcome.name} (v${rng.int(2, 4)})` : outcome.name,
    state,
    suspensionReason: state === 'Suspended' ? DLP_SUSPENSION_REASON : null,
    solutionAware,
    workflowId: environment.hasDataverse ? (solutionAware ? otherId : outcome.flowId) : null,
  };
}

export function goneMakers(rng: Random, people: readonly Person[]): Set<string> {
  return new Set(people.filter(() => rng.chance(0.08)).map((p) => p.userKey));
}
