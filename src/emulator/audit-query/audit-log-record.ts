/**
 * One unified audit log record as the Graph audit log query API returns it: an `auditLogRecord`
 * (audit-apis.md §2.3, v1.0 resource page: id, createdDateTime, auditLogRecordType, operation,
 * organizationId, userType, userId, service, objectId, userPrincipalName, clientIp,
 * administrativeUnits, auditData) whose `auditData` is the workload's own record as an object
 * (fixture (c); typed `#microsoft.graph.security.defaultAuditData`).
 */

/** RecordType numbers and their `auditLogRecordType` enum names (Graph enum, Management API schema). */
export const RECORD_TYPE_NAMES: ReadonlyMap<number, string> = new Map([
  [30, 'microsoftFlow'],
  [256, 'powerPlatformAdministratorActivity'],
  [187, 'powerPlatformAdminDlp'],
  [45, 'powerAppsApp'],
  [20, 'powerBIAudit'],
  [66, 'microsoftForms'],
  [1, 'exchangeAdmin'],
  [2, 'exchangeItem'],
  [4, 'sharePointFileOperation'],
  [6, 'sharePoint'],
  [8, 'azureActiveDirectory'],
  [15, 'azureActiveDirectoryStsLogon'],
  [25, 'microsoftTeams'],
]);

/** The Management API's numeric UserType (§3.3) as Graph's `userType` enum. */
const USER_TYPES = ['regular', 'reserved', 'admin', 'dcAdmin', 'system', 'application', 'servicePrincipal'];

const str = (value: unknown): string => (typeof value === 'string' ? value : '');

/** `2026-05-04T09:12:44` (CreationTime, UTC without zone) as a DateTimeOffset. */
function asDateTimeOffset(creationTime: string): string {
  return /(Z|[+-]\d{2}:?\d{2})$/i.test(creationTime) ? creationTime : `${creationTime}Z`;
}

export function recordTypeName(recordType: unknown): string {
  return (typeof recordType === 'number' && RECORD_TYPE_NAMES.get(recordType)) || 'unknownFutureValue';
}

export function toAuditLogRecord(json: string): Record<string, unknown> {
  const record = JSON.parse(json) as Record<string, unknown>;
  const userType = typeof record['UserType'] === 'number' ? USER_TYPES[record['UserType']] : undefined;
  return {
    id: str(record['Id']),
    createdDateTime: asDateTimeOffset(str(record['CreationTime'])),
    auditLogRecordType: recordTypeName(record['RecordType']),
    operation: str(record['Operation']),
    organizationId: str(record['OrganizationId']),
    userType: userType ?? 'unknownFutureValue',
    userId: str(record['UserId']),
    service: str(record['Workload']),
    objectId: str(record['ObjectId']),
    userPrincipalName: str(record['UserUPN']) || str(record['UserId']),
    clientIp: str(record['ClientIP']),
    administrativeUnits: [],
    auditData: { '@odata.type': '#microsoft.graph.security.defaultAuditData', ...record },
  };
}
