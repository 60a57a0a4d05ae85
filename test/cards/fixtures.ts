/**
 * Named QueryResult fixtures for card tests. Events are normalized from the Management Activity
 * API sample records in audit-apis.md (appendix, "Content blob with three MicrosoftFlow records").
 */
import type { StoredFlowEvent } from '../../src/model/flow-event.ts';
import type { EventWithFlow, FlowQuery, QueryResult } from '../../src/queries/query.ts';
import { NO_FACTS } from '../../src/queries/flow-facts.ts';
import { describeEventFlow } from '../../src/queries/run.ts';

export const TENANT = '2f6d8c1e-3b7a-4e2f-9c51-7a0d4b6e8f13';
export const ENV = `Default-${TENANT}`;
export const FLOW = '7e2d4a19-8c3b-4f05-a6d1-3b9e5c7f2a40';
export const DETAILS_URL = `https://make.powerautomate.com/environments/${ENV}/flows/${FLOW}/details`;

export const CTX = {
  timeZone: 'Europe/Berlin',
  riskyConnectors: ['HTTP', 'HTTP with Microsoft Entra ID', 'HTTP Webhook'],
};

const PERIOD = {
  from: '2026-05-03T22:00:00.000Z',
  to: '2026-05-04T22:00:00.000Z',
  timeZone: 'Europe/Berlin',
  label: 'Mon 4 May 2026 (Europe/Berlin)',
};

export function event(overrides: Partial<EventWithFlow> = {}): EventWithFlow {
  const base: StoredFlowEvent = {
    id: '0b9f3c52-6d1e-4a87-b2c4-91e7f0a3d6b8',
    operation: 'CreateFlow',
    occurredAt: '2026-05-04T09:12:44.000Z',
    actorUpn: 'avery.lee@contoso.example',
    resultStatus: 'Succeeded',
    environmentId: ENV,
    flowId: FLOW,
    flowName: null,
    detailsUrl: DETAILS_URL,
    connectors: ['Recurrence', 'Office 365 Outlook', 'SharePoint'],
    sharingPermission: null,
    recipientUpn: null,
    licenseName: null,
    initiatedBy: null,
    tenantId: TENANT,
    clientIp: '203.0.113.24',
    raw: {},
    ingestedAt: '2026-05-04T10:30:00.000Z',
  };
  const merged = { ...base, flow: null, ...overrides };
  return { ...merged, identity: overrides.identity ?? describeEventFlow(merged, merged.flow, NO_FACTS, 'ok') };
}

export function listResult(
  items: EventWithFlow[],
  query: Partial<FlowQuery> = {},
  extra: Partial<QueryResult> = {},
): QueryResult {
  return {
    query: { operations: ['CreateFlow'], period: { kind: 'today' }, shape: 'list', ...query },
    period: PERIOD,
    understood: 'New flows today',
    coverage: { complete: true, missing: [] },
    events: { items, total: items.length, offset: 0 },
    ...extra,
  };
}

/** One event of each of the seven Flow operations, as Purview logs them. */
export function oneOfEachOperation(): EventWithFlow[] {
  return [
    event({ id: 'e1', operation: 'CreateFlow', flowName: 'Invoice intake' }),
    event({
      id: 'e2',
      operation: 'EditFlow',
      occurredAt: '2026-05-04T09:27:03.000Z',
      connectors: ['Recurrence', 'Office 365 Outlook', 'SharePoint', 'HTTP'],
    }),
    event({
      id: 'e3',
      operation: 'DeleteFlow',
      detailsUrl: null,
      flowId: null,
      environmentId: null,
      connectors: [],
      initiatedBy: 'admin',
      flow: {
        flowId: FLOW,
        environmentId: ENV,
        flowName: 'Invoice intake',
        creatorUpn: 'avery.lee@contoso.example',
        createdAt: '2026-05-04T09:12:44.000Z',
        connectors: ['Recurrence', 'SharePoint', 'HTTP'],
        lastOperation: 'EditFlow',
        lastEventAt: '2026-05-04T09:27:03.000Z',
        deleted: false,
        detailsUrl: DETAILS_URL,
      },
    }),
    event({
      id: 'e4',
      operation: 'PutPermissions',
      connectors: [],
      sharingPermission: 3,
      recipientUpn: 'jordan.kim@contoso.example',
      initiatedBy: 'user',
    }),
    event({
      id: 'e5',
      operation: 'DeletePermissions',
      connectors: [],
      sharingPermission: 2,
      recipientUpn: 'sam.ortiz@contoso.example',
    }),
    event({
      id: 'e6',
      operation: 'StartAPaidTrial',
      detailsUrl: null,
      flowId: null,
      environmentId: null,
      connectors: [],
      licenseName: 'Power Automate Premium trial',
    }),
    event({
      id: 'e7',
      operation: 'RenewTrial',
      detailsUrl: null,
      flowId: null,
      environmentId: null,
      connectors: [],
      licenseName: 'Power Automate Premium trial',
    }),
  ];
}

/** `n` distinct CreateFlow events with realistic, varied fields. */
export function manyEvents(n: number): EventWithFlow[] {
  return Array.from({ length: n }, (_, i) => {
    const flowId = `${String(i).padStart(8, '0')}-8c3b-4f05-a6d1-3b9e5c7f2a40`;
    return event({
      id: `id-${i}`,
      occurredAt: new Date(Date.UTC(2026, 4, 4, 9, 0, 0) + i * 60_000).toISOString(),
      actorUpn: `maker${i % 40}@contoso.example`,
      flowId,
      flowName: `Approval flow number ${i}`,
      detailsUrl: `https://make.powerautomate.com/environments/${ENV}/flows/${flowId}/details`,
      connectors: ['Recurrence', 'Office 365 Outlook', 'SharePoint', 'Approvals', 'Microsoft Teams'],
    });
  });
}
