import type { FlowEvent } from '../../../src/model/flow-event.ts';

export const TENANT = '2f6d8c1e-3b7a-4e2f-9c51-7a0d4b6e8f13';
export const DEFAULT_ENV = `Default-${TENANT}`;
export const SALES_ENV = '0f2b6a3e-8d41-4c7e-b915-6e2a0d7c4f18';

let counter = 0;

/**
 * A normalized event shaped like the Management Activity API records in audit-apis.md §5
 * (CreationTime in UTC, FlowDetailsUrl with environment and flow ids, FlowConnectorNames).
 */
export function flowEvent(fields: {
  operation: string;
  at: string;
  actor: string | null;
  flowId?: string | null;
  environmentId?: string;
  connectors?: string[];
  flowName?: string | null;
  recipient?: string;
  sharingPermission?: number;
  licenseName?: string;
}): FlowEvent {
  counter++;
  const id = `0b9f3c52-6d1e-4a87-b2c4-${String(counter).padStart(12, '0')}`;
  const environmentId = fields.environmentId ?? DEFAULT_ENV;
  const flowId = fields.flowId === undefined ? null : fields.flowId;
  const detailsUrl = flowId
    ? `https://make.powerautomate.com/environments/${environmentId}/flows/${flowId}/details`
    : null;
  const raw: Record<string, unknown> = {
    CreationTime: fields.at.replace(/\.\d+Z$|Z$/, ''),
    Id: id,
    Operation: fields.operation,
    OrganizationId: TENANT,
    RecordType: 30,
    ResultStatus: 'Succeeded',
    Workload: 'MicrosoftFlow',
    UserId: fields.actor,
    UserUPN: fields.actor,
    ...(fields.connectors ? { FlowConnectorNames: fields.connectors.join(', ') } : {}),
    ...(detailsUrl ? { FlowDetailsUrl: detailsUrl } : {}),
  };
  return {
    id,
    operation: fields.operation,
    occurredAt: fields.at,
    actorUpn: fields.actor,
    resultStatus: 'Succeeded',
    environmentId: flowId ? environmentId : null,
    flowId,
    flowName: fields.flowName ?? null,
    detailsUrl,
    connectors: fields.connectors ?? [],
    sharingPermission: fields.sharingPermission ?? null,
    recipientUpn: fields.recipient ?? null,
    licenseName: fields.licenseName ?? null,
    initiatedBy: null,
    tenantId: TENANT,
    clientIp: '203.0.113.24',
    raw,
  };
}
