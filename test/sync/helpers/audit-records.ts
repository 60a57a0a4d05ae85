/**
 * Raw Audit.General records as the Management Activity API serves them (audit-apis.md fixture
 * (b) and its variants): MicrosoftFlow records, another workload's record, and a broken one.
 */
export const TENANT = '2f6d8c1e-3b7a-4e2f-9c51-7a0d4b6e8f13';

let n = 0;
export function recordId(): string {
  n++;
  return `a41e6d07-93c2-4b5f-8d1a-${n.toString(16).padStart(12, '0')}`;
}

/** `CreationTime` has no zone and is UTC (§1.6). */
export function creationTime(at: Date): string {
  return at.toISOString().slice(0, 19);
}

export function flowRecord(at: Date, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  const flowId = '7e2d4a19-8c3b-4f05-a6d1-3b9e5c7f2a40';
  return {
    CreationTime: creationTime(at),
    Id: recordId(),
    Operation: 'EditFlow',
    OrganizationId: TENANT,
    RecordType: 30,
    ResultStatus: 'Succeeded',
    UserKey: '5c1a7e90-2b4d-4f6a-8e3c-0d9b1f2a7c64',
    UserType: 0,
    Version: 1,
    Workload: 'MicrosoftFlow',
    ClientIP: '203.0.113.24',
    ObjectId: '',
    UserId: 'avery.lee@contoso.example',
    FlowConnectorNames: 'Recurrence, Office 365 Outlook, SharePoint',
    FlowDetailsUrl: `https://make.powerautomate.com/environments/Default-${TENANT}/flows/${flowId}/details`,
    UserUPN: 'avery.lee@contoso.example',
    ...overrides,
  };
}

/** A Power Apps record in the same feed: Audit.General carries every other workload (§1.3). */
export function otherWorkloadRecord(at: Date): Record<string, unknown> {
  return {
    CreationTime: creationTime(at),
    Id: recordId(),
    Operation: 'LaunchPowerApp',
    OrganizationId: TENANT,
    RecordType: 45,
    UserType: 0,
    Version: 1,
    Workload: 'PowerApps',
    UserId: 'jordan.kim@contoso.example',
  };
}

/** A Flow record without CreationTime: skipped and counted as broken. */
export function brokenFlowRecord(): Record<string, unknown> {
  const { CreationTime: _dropped, ...rest } = flowRecord(new Date());
  return rest;
}
