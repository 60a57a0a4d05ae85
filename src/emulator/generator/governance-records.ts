/**
 * Power Platform admin activity records (RecordType 256) among the Audit.General noise: connection
 * events (created or edited, deleted, shared, unshared, turned off by a data policy), data-policy
 * changes, environment-group changes, and admin events Flowwatch does not model (ApplyAdminRole,
 * LockboxRequestOperation) so that unknown operations are seen and kept. Every shape and name is
 * from src/audit/governance-sources.ts (which says which source says what); values are made up.
 *
 * Variants real records show: the environment id as a bare id or as the provider path, the caller's
 * IP with or without the "::ffff:" prefix (both stripped by Microsoft's own Sentinel rule), a
 * turn-off by the platform with no user. Where sources are silent (no sharing recipient, the
 * turn-off naming no policy, additional_resources' content) the record carries nothing more.
 */
import { ADMIN_RECORD_TYPE, POLICY_ACTIVITY, PROP } from '../../audit/governance-sources.ts';
import { Random } from '../random.ts';
import { formatCreationTime } from '../time-format.ts';
import type { OtherWorkloadContext } from './other-workloads.ts';
import type { Person } from './people.ts';

type AuditRecord = Record<string, unknown>;

/** Data policies of the emulated tenant: fixed ids, so the changes of one policy read as one policy's. */
export const DATA_POLICIES: ReadonlyArray<{ id: string; name: string }> = [
  'Tenant baseline: business data only',
  'Default environment: block HTTP',
  'Finance: no social connectors',
  'Contractors sandbox',
].map((name, i) => ({ id: new Random(0x9e0 + i).guid(), name }));

/** Connection name prefixes as "shared-{api}-{guid}" [I: the form admin listings show; no audit source spells it]. */
const CONNECTION_APIS = ['office365', 'sharepointonl', 'teams', 'commondataser', 'sql', 'webcontents'];

const KINDS: ReadonlyArray<readonly [string, number]> = [
  ['PutConnection', 40],
  ['DeleteConnection', 8],
  ['PutConnectionPermission', 12],
  ['DeleteConnectionPermission', 4],
  ['ConnectionDlpEvaluationResult', 5],
  [POLICY_ACTIVITY, 5],
  ['EnvironmentAddedToEnvironmentGroup', 2],
  ['ApplyAdminRole', 1],
  ['LockboxRequestOperation', 1],
];

const POLICY_OPERATIONS: ReadonlyArray<readonly [string, number]> = [
  ['CreateDlpPolicy', 1],
  ['UpdateDlpPolicy', 4],
  ['DeleteDlpPolicy', 1],
];

export function powerPlatformAdminRecord(rng: Random, ctx: OtherWorkloadContext, atMs: number): AuditRecord {
  const activity = rng.weighted(KINDS);
  const admin = ctx.people.find((p) => p.isAdmin) ?? ctx.people[0];
  const byAdmin = activity === POLICY_ACTIVITY || activity === 'ApplyAdminRole' || activity.includes('Environment');
  const system = activity === 'ConnectionDlpEvaluationResult';
  const user = byAdmin ? admin : rng.pick(ctx.people);
  const environment = rng.pick(ctx.environments).id;
  const props: Array<[string, string]> = [
    [PROP.version, '1.0'],
    [PROP.type, 'PowerPlatformAdministratorActivityRecord'],
    [PROP.activityName, activity],
    [PROP.activityId, rng.guid()],
    [PROP.userId, system ? '' : user.userKey],
    [PROP.userName, system ? '' : user.upn],
    [PROP.userRole, byAdmin ? 'Admin' : 'User'],
    [PROP.tenantId, ctx.tenantId],
  ];
  // The Learn sample of a data-policy event names no environment; Sentinel's DLP rule reads one when
  // present: most policy events here carry none (the harder case for linking a suspension).
  if (activity !== POLICY_ACTIVITY || rng.chance(0.3))
    props.push([
      PROP.environmentId,
      rng.chance(0.3) ? `/providers/Microsoft.BusinessAppPlatform/environments/${environment}` : environment,
    ]);
  if (activity === POLICY_ACTIVITY) props.push(...policyProps(rng));
  else if (activity.includes('Connection')) {
    props.push([PROP.connectionId, `shared-${rng.pick(CONNECTION_APIS)}-${rng.guid()}`]);
    if (!system) props.push([PROP.userIp, rng.chance(0.5) ? `::ffff:${user.clientIp}` : user.clientIp]);
  }
  return record(rng, ctx, activity, system ? null : user, byAdmin, atMs, props);
}

function policyProps(rng: Random): Array<[string, string]> {
  const policy = rng.pick(DATA_POLICIES);
  return [
    [PROP.policyResources, '{}'],
    [PROP.displayName, policy.name],
    [PROP.policyResult, 'True'],
    [PROP.resourceId, policy.id],
    [PROP.resourceType, 'ApiPolicy'],
    [PROP.policyOperation, rng.weighted(POLICY_OPERATIONS)],
  ];
}

/** The common schema (MAA-schema: mandatory on every record) around the property list. */
function record(
  rng: Random,
  ctx: OtherWorkloadContext,
  activity: string,
  user: Person | null,
  byAdmin: boolean,
  atMs: number,
  props: Array<[string, string]>,
): AuditRecord {
  return {
    CreationTime: formatCreationTime(atMs),
    Id: rng.guid(),
    Operation: activity,
    OrganizationId: ctx.tenantId,
    RecordType: ADMIN_RECORD_TYPE,
    ResultStatus: 'Succeeded',
    UserKey: user?.userKey ?? '',
    // 2 Admin, 4 System (MAA-schema UserType; audit-apis.md §3.3).
    UserType: user === null ? 4 : byAdmin ? 2 : 0,
    Version: 1,
    Workload: 'PowerPlatform',
    ClientIP: user?.clientIp ?? '',
    ObjectId: '',
    UserId: user?.upn ?? '',
    PropertyCollection: props.map(([Name, Value]) => ({ Name, Value })),
  };
}
