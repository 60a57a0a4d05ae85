/**
 * Question latency (issue 2): p50/p95 of the standard questions through parseQuestion + runQuery
 * over a store of `total` Flow events spread over 60 days, with sync coverage complete.
 */
import type { Store } from '../src/store/store.ts';
import { parseQuestion } from '../src/bot/commands/parse.ts';
import { runQuery } from '../src/queries/run.ts';
import type { FlowListing } from '../src/model/flow-identity.ts';
import { ENVIRONMENTS, FLOWS, syntheticEnvironmentId, syntheticEvents, syntheticFlowId } from './synthetic-events.ts';

/** The standard questions of issue 2, the mix an admin asks; the maker question names `maker`. */
export function standardQuestions(maker = 'maker7@contoso.example'): string[] {
  return [
    'new flows today',
    'who edited flows this week',
    'deleted flows yesterday',
    'permission changes last 7 days',
    'who shared flows this month',
    'trials this month',
    'flows using HTTP this week',
    `flows by ${maker} last week`,
    'how many flows were created this week',
    'connectors used this week',
  ];
}

export const STANDARD_QUESTIONS = standardQuestions();

export async function fillStore(store: Store, total: number, now: Date): Promise<number> {
  const t0 = performance.now();
  for (const batch of syntheticEvents(total, now, 60)) await store.events.ingest(batch, { now });
  const from = new Date(now.getTime() - 61 * 24 * 3_600_000).toISOString();
  await store.syncState.addCoverage('mgmt:Audit.General', { from, to: now.toISOString() });
  await store.syncState.saveSyncReport({
    source: 'mgmt:Audit.General',
    startedAt: now.toISOString(),
    finishedAt: now.toISOString(),
    ok: true,
    details: {},
  });
  return (performance.now() - t0) / 1000;
}

const STATES = ['on', 'on', 'on', 'on', 'off', 'suspended'] as const;
const objectId = (maker: number) => `0000${maker.toString(16).padStart(4, '0')}-0000-4000-8000-000000000000`;

/**
 * The flow inventory of the synthetic tenant (issue 11): every flow the events name, with a name,
 * a state, an owner resolved to a person and, for a third, Dataverse connectors; so the latencies
 * measured include joining each event to its flow's identity, as answers do on a real tenant.
 */
export async function fillInventory(store: Store, now: Date): Promise<number> {
  const t0 = performance.now();
  const at = now.toISOString();
  const environments = Array.from({ length: ENVIRONMENTS }, (_, env) => ({
    environmentId: syntheticEnvironmentId(env),
    displayName: env === 0 ? 'Contoso (default)' : `Environment ${env}`,
    type: env === 0 ? 'Default' : env % 3 === 0 ? 'Sandbox' : 'Production',
    dataverseUrl: env % 2 === 0 ? `https://org${env}.crm.dynamics.com/` : null,
  }));
  await store.flowIdentity.saveEnvironments(environments, at);
  const owners = Array.from({ length: 2000 }, (_, maker) => ({
    objectId: objectId(maker),
    upn: `maker${maker}@contoso.example`,
    displayName: `Maker ${maker}`,
    gone: maker % 97 === 0,
  }));
  await store.flowIdentity.saveOwners(owners, at);
  for (let first = 0; first < FLOWS; first += 5000) {
    const flows: FlowListing[] = [];
    for (let flow = first; flow < Math.min(FLOWS, first + 5000); flow += 1)
      flows.push({
        flowId: syntheticFlowId(flow),
        environmentId: syntheticEnvironmentId(flow % ENVIRONMENTS),
        displayName: `Flow ${flow}`,
        state: STATES[flow % STATES.length],
        suspensionReason: flow % STATES.length === 5 ? 'DlpViolation' : null,
        createdAt: null,
        modifiedAt: at,
        creatorObjectId: objectId(flow % 2000),
        solutionAware: false,
      });
    await store.flowIdentity.saveFlows(flows, at);
    await store.flowIdentity.saveWorkflowConnectors(
      flows
        .filter((_, i) => i % 3 === 0)
        .map((f) => ({
          flowId: f.flowId,
          dataverseId: f.flowId.replace(/^000000f0/, '000000d0'),
          connectors: ['SharePoint', 'HTTP'],
          modifiedAt: at,
        })),
    );
  }
  return (performance.now() - t0) / 1000;
}

export interface LatencyFigures {
  perQuestion: Record<string, { p50: number; p95: number }>;
  p50: number;
  p95: number;
}

export const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];

export async function measureQuestions(store: Store, now: Date, rounds = 20): Promise<LatencyFigures> {
  const all: number[] = [];
  const perQuestion: LatencyFigures['perQuestion'] = {};
  for (const question of STANDARD_QUESTIONS) {
    const parsed = parseQuestion(question);
    if (parsed.kind !== 'query') throw new Error(`standard question not understood: ${question}`);
    const times: number[] = [];
    await runQuery(store, parsed.query, { now, timeZone: 'Europe/Berlin' }); // warm-up
    for (let i = 0; i < rounds; i += 1) {
      const t0 = performance.now();
      const again = parseQuestion(question);
      if (again.kind === 'query') await runQuery(store, again.query, { now, timeZone: 'Europe/Berlin' });
      times.push(performance.now() - t0);
    }
    times.sort((a, b) => a - b);
    all.push(...times);
    perQuestion[question] = { p50: percentile(times, 50), p95: percentile(times, 95) };
  }
  all.sort((a, b) => a - b);
  return { perQuestion, p50: percentile(all, 50), p95: percentile(all, 95) };
}
