/**
 * Generates the whole emulated tenant from the options: people, environments, Flow history, and
 * the plan of which blob publishes which record when (with late and duplicate records). Each
 * concern draws from its own seeded stream, so changing, say, lateRate moves records between blobs
 * without changing the records themselves.
 */
import type { ResolvedOptions } from '../options.ts';
import { Random } from '../random.ts';
import { RecordTable } from '../content/record-table.ts';
import { DAY_MS, HOUR_MS, MINUTE_MS } from '../time-format.ts';
import { generateEnvironments, type Environment } from './environments.ts';
import { generateFlowHistory, RECORDS_PER_FLOW } from './flow-history.ts';
import { generatePeople, type Person } from './people.ts';
import { emulatedEnvironments, emulatedFlow, goneMakers, type EmulatedInventory } from './flow-inventory.ts';
import { planBlobs, type BlobPlan, type Placement } from './publishing.ts';

export interface GeneratedTenant {
  people: Person[];
  environments: Environment[];
  records: RecordTable;
  plans: BlobPlan[];
  inventory: EmulatedInventory;
}

/** Stream numbers for Random.derive: one per concern. */
export const STREAMS = {
  people: 1,
  flows: 2,
  availability: 3,
  publishing: 4,
  noise: 5,
  faults: 6,
  inventory: 7,
  adminFaults: 8,
  /** The living tenant's flows in the admin inventory (its records use stream 7 of living-tenant.ts). */
  liveInventory: 10,
  /** The Graph audit log query API's throttling draws. */
  auditQuery: 11,
} as const;

/**
 * Minutes usually; late records 2–23.5 h (audit-apis.md §1.7: "from minutes up to 24 h late").
 * Capped so that, with the wait for the batch to close, a blob comes within 24 h of the event.
 */
const LATEST_AVAILABILITY_MS = 23.5 * HOUR_MS;

function availabilityDelay(rng: Random, lateRate: number): number {
  if (rng.chance(lateRate)) return 2 * HOUR_MS + Math.floor(rng.next() * (LATEST_AVAILABILITY_MS - 2 * HOUR_MS));
  const u = rng.next();
  return 3 * MINUTE_MS + Math.floor(u * u * 87 * MINUTE_MS);
}

function flowsPerDay(o: ResolvedOptions): number {
  if (o.totalRecords === null) return o.flowsPerDay;
  return Math.max(0, Math.round((o.totalRecords * (1 - o.otherWorkloadRatio)) / (o.days * RECORDS_PER_FLOW)));
}

export function generateTenant(o: ResolvedOptions, nowMs: number): GeneratedTenant {
  const peopleRng = Random.derive(o.seed, STREAMS.people);
  const people = generatePeople(peopleRng, o.makers);
  const environments = generateEnvironments(peopleRng, o.tenantId, o.environments);
  const records = new RecordTable();
  const placements: Placement[] = [];
  const availability = Random.derive(o.seed, STREAMS.availability);
  const startMs = nowMs - o.days * DAY_MS;
  const inventoryRng = Random.derive(o.seed, STREAMS.inventory);
  const inventory: EmulatedInventory = {
    environments: emulatedEnvironments(inventoryRng, environments),
    flows: [],
    goneUserKeys: goneMakers(inventoryRng, people),
  };
  const environmentById = new Map(inventory.environments.map((e) => [e.id, e]));

  generateFlowHistory(
    {
      rng: Random.derive(o.seed, STREAMS.flows),
      tenantId: o.tenantId,
      people,
      environments,
      flowsPerDay: flowsPerDay(o),
      startMs,
      endMs: nowMs,
      onFlow: (outcome) =>
        inventory.flows.push(emulatedFlow(inventoryRng, outcome, environmentById.get(outcome.environmentId)!)),
    },
    (record, occurredMs) => {
      const recordIndex = records.add(record);
      const availableMs = occurredMs + availabilityDelay(availability, o.lateRate);
      placements.push({ recordIndex, availableMs });
      // The pipeline retries and the API does not de-duplicate (audit-apis.md §1.7).
      // The copy still arrives within 24 h of the event.
      if (availability.chance(o.duplicateRate)) {
        placements.push({
          recordIndex,
          availableMs: Math.min(
            availableMs + availability.int(5, 360) * MINUTE_MS,
            occurredMs + LATEST_AVAILABILITY_MS,
          ),
        });
      }
    },
  );

  const noiseTotal =
    o.totalRecords !== null
      ? Math.max(0, o.totalRecords - placements.length)
      : Math.round((placements.length * o.otherWorkloadRatio) / (1 - o.otherWorkloadRatio));
  const plans = planBlobs({
    rng: Random.derive(o.seed, STREAMS.publishing),
    placements,
    startMs,
    // Records of the last hours can become available up to 24 h after now.
    untilMs: nowMs + 24 * HOUR_MS,
    noiseTotal,
    noiseUntilMs: nowMs,
    maxRecordsPerBlob: o.maxRecordsPerBlob,
  });
  return { people, environments, records, plans, inventory };
}
