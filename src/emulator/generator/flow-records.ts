/**
 * Builds MicrosoftFlow (RecordType 30) audit records in the shape of audit-apis.md §3.3 and
 * fixture (b), including the variants real records show or may show: SharingPermission and
 * UserType as number or string, `UserTypeInitiated` spelled both ways, three FlowDetailsUrl hosts,
 * DeleteFlow without FlowDetailsUrl, trials without one.
 */
import type { Random } from '../random.ts';
import { formatCreationTime } from '../time-format.ts';
import type { Person } from './people.ts';

export interface FlowState {
  flowId: string;
  environmentId: string;
  name: string;
  connectors: string[];
  owner: Person;
}

type AuditRecord = Record<string, unknown>;

/** Most records succeed; a few fail (ResultStatus "Failed"). */
const FAILED_RATE = 0.03;

function commonFields(rng: Random, tenantId: string, operation: string, actor: Person, atMs: number): AuditRecord {
  // The common schema says Int32 (0 regular, 2 admin); the Power Platform page says a string (§3.3).
  const userType = rng.chance(0.15) ? (actor.isAdmin ? 'Admin' : 'Regular') : actor.isAdmin ? 2 : 0;
  return {
    CreationTime: formatCreationTime(atMs),
    Id: rng.guid(),
    Operation: operation,
    OrganizationId: tenantId,
    RecordType: 30,
    ResultStatus: rng.chance(FAILED_RATE) ? 'Failed' : 'Succeeded',
    UserKey: actor.userKey,
    UserType: userType,
    Version: 1,
    Workload: 'MicrosoftFlow',
    ClientIP: actor.clientIp,
    ObjectId: '',
    UserId: actor.upn,
  };
}

/** The host is unverified (audit-apis.md §3.4): emit all three candidates; the path shape is fixed. */
function detailsUrl(rng: Random, flow: FlowState): string {
  const path = `/environments/${flow.environmentId}/flows/${flow.flowId}`;
  const host = rng.weighted([
    ['make', 75],
    ['flow', 15],
    ['admin', 10],
  ] as const);
  if (host === 'admin') return `https://admin.powerplatform.microsoft.com${path}/flowDetails`;
  return `https://${host === 'make' ? 'make.powerautomate.com' : 'flow.microsoft.com'}${path}/details`;
}

/** 1 = user, 2 = admin. The 2025 docs spell the key `UserTypeInititated` (§3.3 caveats). */
function setInitiatedBy(rng: Random, record: AuditRecord, byAdmin: boolean): void {
  record[rng.chance(0.3) ? 'UserTypeInititated' : 'UserTypeInitiated'] = byAdmin ? 2 : 1;
}

/**
 * The draw that once decided an invented FlowDisplayName (no real record has one: flow-inventory.md
 * §1). Kept as a draw, so every seeded tenant keeps the records and timings it had.
 */
function skipRetiredDraw(rng: Random): void {
  rng.next();
}

// Fields are assigned in the order real records list them (fixture (b)), onto the common part:
// cheaper than spreading when a benchmark tenant makes a hundred thousand of these.

export function flowChangeRecord(
  rng: Random,
  tenantId: string,
  operation: 'CreateFlow' | 'EditFlow',
  flow: FlowState,
  actor: Person,
  atMs: number,
): AuditRecord {
  const r = commonFields(rng, tenantId, operation, actor, atMs);
  r['FlowConnectorNames'] = flow.connectors.join(', ');
  r['FlowDetailsUrl'] = detailsUrl(rng, flow);
  skipRetiredDraw(rng);
  r['UserUPN'] = actor.upn;
  return r;
}

export function flowDeleteRecord(
  rng: Random,
  tenantId: string,
  flow: FlowState,
  actor: Person,
  byAdmin: boolean,
  atMs: number,
): AuditRecord {
  const r = commonFields(rng, tenantId, 'DeleteFlow', actor, atMs);
  // Delete records often lack FlowDetailsUrl (flow-inventory.md §1); no source gives a rate, so
  // about a third lack it, as before (ObjectId is empty too: such a delete names no flow at all).
  if (rng.chance(0.65)) r['FlowDetailsUrl'] = detailsUrl(rng, flow);
  skipRetiredDraw(rng);
  setInitiatedBy(rng, r, byAdmin);
  r['UserUPN'] = actor.upn;
  return r;
}

export function permissionRecord(
  rng: Random,
  tenantId: string,
  operation: 'PutPermissions' | 'DeletePermissions',
  share: { flow: FlowState; actor: Person; recipient: Person; permission: 2 | 3; byAdmin: boolean },
  atMs: number,
): AuditRecord {
  const r = commonFields(rng, tenantId, operation, share.actor, atMs);
  r['FlowDetailsUrl'] = detailsUrl(rng, share.flow);
  r['RecipientUPN'] = share.recipient.upn;
  // Documented as a string, seen as a number (fixture (b)); emit both.
  r['SharingPermission'] = rng.chance(0.3) ? String(share.permission) : share.permission;
  setInitiatedBy(rng, r, share.byAdmin);
  r['UserUPN'] = share.actor.upn;
  return r;
}

export const TRIAL_LICENSES = ['Power Automate Premium', 'Power Automate per user plan', 'Power Automate Process'];

export function trialRecord(
  rng: Random,
  tenantId: string,
  operation: 'StartAPaidTrial' | 'RenewTrial',
  actor: Person,
  license: string,
  atMs: number,
): AuditRecord {
  const r = commonFields(rng, tenantId, operation, actor, atMs);
  r['LicenseDisplayName'] = license;
  r['UserUPN'] = actor.upn;
  return r;
}
