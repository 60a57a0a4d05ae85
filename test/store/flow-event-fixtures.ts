/**
 * Normalized FlowEvents shaped like the records of audit-apis.md fixture (b): the fields
 * normalizeRecord produces, with the raw record kept. GUIDs are made up.
 */
import type { FlowEvent } from '../../src/model/flow-event.ts';

export const TENANT = '2f6d8c1e-3b7a-4e2f-9c51-7a0d4b6e8f13';
export const DEFAULT_ENV = `Default-${TENANT}`;

let counter = 0;

/** A unique record id in GUID form. */
export function nextId(): string {
  counter++;
  return `0b9f3c52-6d1e-4a87-b2c4-${counter.toString(16).padStart(12, '0')}`;
}

export function detailsUrl(environmentId: string, flowId: string): string {
  return `https://make.powerautomate.com/environments/${environmentId}/flows/${flowId}/details`;
}

export interface EventSpec extends Partial<FlowEvent> {
  occurredAt: string;
}

/** A Flow event; `flowId` and `environmentId` also build a FlowDetailsUrl like the real one. */
export function flowEvent(spec: EventSpec): FlowEvent {
  const id = spec.id ?? nextId();
  const operation = spec.operation ?? 'EditFlow';
  const environmentId = spec.environmentId === undefined ? DEFAULT_ENV : spec.environmentId;
  const flowId = spec.flowId === undefined ? '7e2d4a19-8c3b-4f05-a6d1-3b9e5c7f2a40' : spec.flowId;
  const url =
    spec.detailsUrl !== undefined
      ? spec.detailsUrl
      : environmentId && flowId
        ? detailsUrl(environmentId, flowId)
        : null;
  const actorUpn = spec.actorUpn === undefined ? 'avery.lee@contoso.example' : spec.actorUpn;
  const connectors = spec.connectors ?? ['Recurrence', 'Office 365 Outlook', 'SharePoint'];
  const raw = spec.raw ?? {
    CreationTime: spec.occurredAt.replace(/(\.\d+)?Z$/, ''),
    Id: id,
    Operation: operation,
    OrganizationId: TENANT,
    RecordType: 30,
    ResultStatus: 'Succeeded',
    UserType: 0,
    Version: 1,
    Workload: 'MicrosoftFlow',
    ClientIP: '203.0.113.24',
    ObjectId: '',
    UserId: actorUpn,
    ...(connectors.length > 0 ? { FlowConnectorNames: connectors.join(', ') } : {}),
    ...(url ? { FlowDetailsUrl: url } : {}),
    UserUPN: actorUpn,
  };
  return {
    id,
    operation,
    occurredAt: spec.occurredAt,
    actorUpn,
    resultStatus: spec.resultStatus === undefined ? 'Succeeded' : spec.resultStatus,
    environmentId,
    flowId,
    flowName: spec.flowName ?? null,
    detailsUrl: url,
    connectors,
    sharingPermission: spec.sharingPermission ?? null,
    recipientUpn: spec.recipientUpn ?? null,
    licenseName: spec.licenseName ?? null,
    initiatedBy: spec.initiatedBy ?? null,
    tenantId: spec.tenantId === undefined ? TENANT : spec.tenantId,
    clientIp: spec.clientIp === undefined ? '203.0.113.24' : spec.clientIp,
    raw,
  };
}
