/**
 * Audit.General carries "all other workloads" (audit-apis.md §1.3), so most of what a client
 * downloads is not Power Automate. These records look like the real ones closely enough to be
 * parsed and then filtered out: Power BI, Power Apps, Forms, Stream, Yammer and Dynamics 365;
 * and Power Platform admin activity, whose connection and data-policy events Flowwatch keeps (issue 12).
 */
import type { Random } from '../random.ts';
import { formatCreationTime } from '../time-format.ts';
import type { Environment } from './environments.ts';
import type { Person } from './people.ts';
import { powerPlatformAdminRecord } from './governance-records.ts';

export interface OtherWorkloadContext {
  tenantId: string;
  people: readonly Person[];
  environments: readonly Environment[];
}

type AuditRecord = Record<string, unknown>;

const REPORTS = ['Sales Dashboard', 'Pipeline Review', 'HR Headcount', 'IT Service Desk', 'Budget vs Actuals'];
const APPS = ['Expense Tracker', 'Site Inspection', 'Asset Checkout', 'Visitor Sign-in', 'Leave Planner'];
const FORMS = ['Team offsite survey', 'Customer feedback', 'Training sign-up', 'Incident report'];
const VIDEOS = ['All-hands recording', 'Onboarding: week one', 'Security awareness 2026'];

function common(
  rng: Random,
  ctx: OtherWorkloadContext,
  recordType: number,
  workload: string,
  operation: string,
  user: Person,
  atMs: number,
): AuditRecord {
  return {
    CreationTime: formatCreationTime(atMs),
    Id: rng.guid(),
    Operation: operation,
    OrganizationId: ctx.tenantId,
    RecordType: recordType,
    ResultStatus: 'Succeeded',
    UserKey: user.userKey,
    UserType: 0,
    Version: 1,
    Workload: workload,
    ClientIP: user.clientIp,
    ObjectId: '',
    UserId: user.upn,
  };
}

type Maker = (rng: Random, ctx: OtherWorkloadContext, user: Person, atMs: number) => AuditRecord;

// Fields are assigned onto the common record rather than spread: a benchmark tenant makes about a
// million of these, and spreading doubles the allocations.

function powerBi(rng: Random, ctx: OtherWorkloadContext, user: Person, atMs: number): AuditRecord {
  const report = rng.pick(REPORTS);
  const activity = rng.pick(['ViewReport', 'ViewDashboard', 'ExportReport']);
  const r = common(rng, ctx, 20, 'PowerBI', activity, user, atMs);
  // Power BI records carry IsSuccess instead of ResultStatus.
  delete r['ResultStatus'];
  r['ObjectId'] = report;
  r['UserAgent'] = 'Mozilla/5.0';
  r['Activity'] = activity;
  r['ItemName'] = report;
  r['WorkSpaceName'] = 'Finance';
  r['ReportName'] = report;
  r['WorkspaceId'] = rng.guid();
  r['ReportId'] = rng.guid();
  r['IsSuccess'] = true;
  r['RequestId'] = rng.guid();
  return r;
}

function powerApps(rng: Random, ctx: OtherWorkloadContext, user: Person, atMs: number): AuditRecord {
  const environment = rng.pick(ctx.environments).id;
  const operation = rng.weighted(POWER_APPS_OPERATIONS);
  const r = common(rng, ctx, 45, 'PowerApps', operation, user, atMs);
  const appName = rng.guid();
  r['AppName'] = appName;
  r['AdditionalInfo'] = JSON.stringify({ environmentName: environment, appName, appDisplayName: rng.pick(APPS) });
  return r;
}

const POWER_APPS_OPERATIONS: ReadonlyArray<readonly [string, number]> = [
  ['LaunchPowerApp', 8],
  ['EditPowerApp', 2],
  ['PublishPowerApp', 1],
];

/** Connection and admin events, in the shapes of governance-sources.ts (governance-records.ts). */
function powerPlatformAdmin(rng: Random, ctx: OtherWorkloadContext, _user: Person, atMs: number): AuditRecord {
  return powerPlatformAdminRecord(rng, ctx, atMs);
}

function forms(rng: Random, ctx: OtherWorkloadContext, user: Person, atMs: number): AuditRecord {
  const r = common(
    rng,
    ctx,
    66,
    'MicrosoftForms',
    rng.pick(['ViewForm', 'CreateResponse', 'ViewResponses']),
    user,
    atMs,
  );
  r['FormId'] = rng.guid();
  r['FormName'] = rng.pick(FORMS);
  r['FormTypes'] = 'Form';
  r['SourceApp'] = 'Microsoft Forms Web';
  return r;
}

function stream(rng: Random, ctx: OtherWorkloadContext, user: Person, atMs: number): AuditRecord {
  const r = common(rng, ctx, 54, 'MicrosoftStream', 'StreamInvokeVideoView', user, atMs);
  r['ResourceTitle'] = rng.pick(VIDEOS);
  r['ResourceUrl'] = `https://web.microsoftstream.com/video/${rng.guid()}`;
  return r;
}

function yammer(rng: Random, ctx: OtherWorkloadContext, user: Person, atMs: number): AuditRecord {
  const r = common(rng, ctx, 22, 'Yammer', rng.pick(['FileVisited', 'MessageUpdated', 'GroupCreation']), user, atMs);
  r['ActorUserId'] = user.upn;
  r['YammerNetworkId'] = 4_021_337;
  return r;
}

function dynamics(rng: Random, ctx: OtherWorkloadContext, user: Person, atMs: number): AuditRecord {
  const r = common(rng, ctx, 21, 'CRM', rng.pick(['Retrieve', 'RetrieveMultiple', 'Update']), user, atMs);
  r['CrmOrganizationUniqueName'] = 'contoso';
  r['EntityName'] = rng.pick(['account', 'contact', 'opportunity', 'incident']);
  r['InstanceUrl'] = 'https://contoso.crm.dynamics.com';
  return r;
}

const MAKERS: ReadonlyArray<readonly [Maker, number]> = [
  [powerBi, 30],
  [powerApps, 25],
  [forms, 15],
  [dynamics, 12],
  [yammer, 8],
  [stream, 6],
  [powerPlatformAdmin, 4],
];

export function otherWorkloadRecord(rng: Random, ctx: OtherWorkloadContext, atMs: number): AuditRecord {
  return rng.weighted(MAKERS)(rng, ctx, rng.pick(ctx.people), atMs);
}
