/**
 * Synthetic Flow events for query benchmarks: a large tenant over `days` days, generated fast and
 * deterministically (no HTTP, no JSON) so a 1,000,000-event store builds in seconds.
 */
import type { FlowEvent } from '../src/model/flow-event.ts';

const OPERATIONS = [
  'CreateFlow',
  'EditFlow',
  'EditFlow',
  'EditFlow',
  'PutPermissions',
  'DeletePermissions',
  'DeleteFlow',
  'StartAPaidTrial',
  'RenewTrial',
];
const CONNECTORS = [
  'Office 365 Outlook',
  'SharePoint',
  'HTTP',
  'HTTP with Microsoft Entra ID',
  'HTTP Webhook',
  'Approvals',
  'Microsoft Teams',
  'Excel Online (Business)',
  'SQL Server',
  'Dataverse',
  'Recurrence',
  'Contoso Orders API',
];

function mulberry32(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const hex = (n: number, width: number) => n.toString(16).padStart(width, '0').slice(-width);
const guid = (n: number, kind: number) =>
  `${hex(kind, 8)}-${hex(n >>> 16, 4)}-4${hex(n, 3)}-8${hex(n >>> 4, 3)}-${hex(n * 7919, 12)}`;

/** How many distinct flows (and environments) the synthetic tenant has; flow n lives in environment n % ENVIRONMENTS. */
export const FLOWS = 200_000;
export const ENVIRONMENTS = 25;
export const syntheticEnvironmentId = (env: number) =>
  env === 0 ? 'Default-2f6d8c1e-3b7a-4e2f-9c51-7a0d4b6e8f13' : guid(env, 0xe0);
export const syntheticFlowId = (flow: number) => guid(flow, 0xf0);

/** Yields batches of events, oldest first, ending at `now`. */
export function* syntheticEvents(total: number, now: Date, days: number, batchSize = 5000): Generator<FlowEvent[]> {
  const random = mulberry32(1234);
  const span = days * 24 * 3_600_000;
  const start = now.getTime() - span;
  let batch: FlowEvent[] = [];
  for (let i = 0; i < total; i += 1) {
    const operation = OPERATIONS[Math.floor(random() * OPERATIONS.length)];
    const maker = Math.floor(random() * 2000);
    const flow = Math.floor(random() * FLOWS);
    const environmentId = syntheticEnvironmentId(flow % ENVIRONMENTS);
    const flowId = syntheticFlowId(flow);
    const connectors =
      operation === 'CreateFlow' || operation === 'EditFlow' ? CONNECTORS.filter(() => random() < 0.3) : [];
    batch.push({
      id: guid(i, 0xa0),
      operation,
      occurredAt: new Date(start + Math.floor((i / total) * span)).toISOString(),
      actorUpn: `maker${maker}@contoso.example`,
      resultStatus: random() < 0.97 ? 'Succeeded' : 'Failed',
      environmentId,
      flowId,
      flowName: random() < 0.3 ? `Flow ${flow}` : null,
      detailsUrl: `https://make.powerautomate.com/environments/${environmentId}/flows/${flowId}/details`,
      connectors,
      sharingPermission: operation === 'PutPermissions' ? (random() < 0.5 ? 2 : 3) : null,
      recipientUpn: operation.endsWith('Permissions') ? `user${maker + 1}@contoso.example` : null,
      licenseName: operation.includes('Trial') ? 'Power Automate Premium' : null,
      initiatedBy: operation === 'DeleteFlow' ? 'user' : null,
      tenantId: '2f6d8c1e-3b7a-4e2f-9c51-7a0d4b6e8f13',
      clientIp: '203.0.113.24',
      raw: { Id: guid(i, 0xa0), Operation: operation },
    });
    if (batch.length === batchSize) {
      yield batch;
      batch = [];
    }
  }
  if (batch.length > 0) yield batch;
}
