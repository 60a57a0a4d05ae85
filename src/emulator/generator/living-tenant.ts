/**
 * A tenant that keeps working while the emulator runs (demo mode): every tick one maker creates a
 * flow (a CreateFlow record shaped like the generated history's, flow-records.ts), half of them
 * with HTTP or another connector admins watch, and the emulator publishes it in a new blob. The
 * admin APIs list the new flow at once (on, under the name it was created with), as a real
 * tenant's would: the audit record is what is late, not the flow.
 *
 * Honest about time: the real feed publishes in 10–15 minute batches and Power Platform records
 * are typically 60–90 minutes late (audit-apis.md §1.6, §1.7). The living tenant exists so that a
 * newcomer sees an alert in minutes; each record is published `delayMs` after it happened (the
 * tick), never before, and `flowwatch emulator` without --live keeps the realistic timing only.
 */
import { Random } from '../random.ts';
import type { Environment } from './environments.ts';
import { pickEnvironment } from './environments.ts';
import { pickInitialConnectors } from './connectors.ts';
import { pickFlowName } from './flow-names.ts';
import { flowChangeRecord } from './flow-records.ts';
import type { FlowOutcome } from './flow-history.ts';
import type { Person } from './people.ts';

export interface LivingTenantInput {
  seed: number;
  tenantId: string;
  people: readonly Person[];
  environments: readonly Environment[];
  /** Share of new flows that use a connector admins watch (HTTP, HTTP with Entra ID, a custom one). */
  watchedShare?: number;
}

const WATCHED = ['HTTP', 'HTTP', 'HTTP with Microsoft Entra ID', 'Contoso Orders API'];
/** Its own stream, so a living tenant never changes the generated history of the same seed. */
const LIVING_STREAM = 7;

/** The next new flow: its CreateFlow record, and the flow as the admin APIs will list it. */
export interface LiveFlow {
  record: Record<string, unknown>;
  flow: FlowOutcome;
}

/** Returns a function that makes the next new flow, happening at `atMs`. */
export function livingTenant(input: LivingTenantInput): (atMs: number) => LiveFlow {
  const rng = Random.derive(input.seed, LIVING_STREAM);
  const share = input.watchedShare ?? 0.5;
  return (atMs) => {
    const connectors = pickInitialConnectors(rng);
    if (rng.chance(share)) {
      const watched = WATCHED[rng.int(0, WATCHED.length - 1)];
      if (!connectors.includes(watched)) connectors.push(watched);
    }
    const owner = input.people[rng.int(0, input.people.length - 1)];
    const flow = {
      flowId: rng.guid(),
      environmentId: pickEnvironment(rng, input.environments).id,
      name: pickFlowName(rng),
      connectors,
      owner,
    };
    const record = flowChangeRecord(rng, input.tenantId, 'CreateFlow', flow, owner, atMs);
    return { record, flow: { ...flow, createdMs: atMs, modifiedMs: atMs, deleted: false } };
  };
}
