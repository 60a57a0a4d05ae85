/**
 * Connection and admin records normalized into typed events, in the shapes the sources show
 * (src/audit/governance-sources.ts): the Learn admin page's GovernanceApiPolicyOperation sample,
 * Sentinel's PutConnection fields, the Graph envelope, the older flat connector record, unknown
 * admin operations (kept), and records that are none of these.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { normalizeGovernanceRecord } from '../../src/audit/normalize-governance.ts';
import { normalizeRecord } from '../../src/audit/normalize.ts';

const TENANT = '2f6d8c1e-3b7a-4e2f-9c51-7a0d4b6e8f13';
const props = (pairs: Record<string, string>) => Object.entries(pairs).map(([Name, Value]) => ({ Name, Value }));

function adminRecord(operation: string, pairs: Record<string, string>, extra: Record<string, unknown> = {}) {
  return {
    CreationTime: '2026-11-30T10:15:00',
    Id: 'A1B2C3D4-0000-4000-8000-000000000001',
    Operation: operation,
    OrganizationId: TENANT,
    RecordType: 256,
    ResultStatus: 'Succeeded',
    UserKey: '888c1bf5-3127-4c8c-84ee-b6a9c684e315',
    UserType: 2,
    Version: 1,
    Workload: 'PowerPlatform',
    ClientIP: '',
    ObjectId: '',
    UserId: 'Admin@Contoso.example',
    PropertyCollection: props({ 'powerplatform.analytics.activity.name': operation, ...pairs }),
    ...extra,
  };
}

const policyChange = adminRecord('GovernanceApiPolicyOperation', {
  'powerplatform.analytics.resource.tenant.governance.api_policy.additional_resources': '{}',
  'powerplatform.analytics.resource.display_name': 'Default environment: block HTTP',
  'powerplatform.analytics.resource.tenant.governance.api_policy.operation_result': 'True',
  'powerplatform.analytics.resource.id': '5d1f0000-0000-4000-8000-0000000000aa',
  'powerplatform.analytics.resource.type': 'ApiPolicy',
  'powerplatform.analytics.resource.tenant.governance.api_policy.operation_name': 'UpdateDlpPolicy',
  'enduser.principal_name': 'Admin@Contoso.example',
  'enduser.role': 'Admin',
  'powerplatform.analytics.resource.tenant.id': TENANT,
});

describe('normalizeGovernanceRecord', () => {
  test('a data-policy change: its verb, the policy, the admin', () => {
    const outcome = normalizeGovernanceRecord(policyChange);
    assert.equal(outcome.kind, 'governance');
    if (outcome.kind !== 'governance') return;
    const { raw: _raw, properties, ...event } = outcome.event;
    assert.deepEqual(event, {
      id: 'a1b2c3d4-0000-4000-8000-000000000001',
      kind: 'data-policy',
      action: 'policy-updated',
      operation: 'GovernanceApiPolicyOperation',
      detailOperation: 'UpdateDlpPolicy',
      occurredAt: '2026-11-30T10:15:00.000Z',
      actorUpn: 'admin@contoso.example',
      resultStatus: 'Succeeded',
      environmentId: null,
      resourceId: '5d1f0000-0000-4000-8000-0000000000aa',
      resourceName: 'Default environment: block HTTP',
      tenantId: TENANT,
      clientIp: null,
    });
    assert.equal(properties['enduser.role'], 'Admin');
    // Not a flow event: the flow normalizer calls it another workload, as before.
    assert.equal(normalizeRecord(policyChange).kind, 'other-workload');
  });

  test('PutConnection: the provider path and the ::ffff: prefix stripped, as Sentinel does', () => {
    const outcome = normalizeGovernanceRecord(
      adminRecord('PutConnection', {
        'powerplatform.analytics.resource.environment.id': `/providers/Microsoft.BusinessAppPlatform/environments/Default-${TENANT}`,
        'powerplatform.analytics.resource.connection.id': 'shared-office365-1f2e',
        'enduser.ip_address': '::ffff:203.0.113.24',
        'enduser.principal_name': 'avery.lee@contoso.example',
      }),
    );
    assert.equal(outcome.kind, 'governance');
    if (outcome.kind !== 'governance') return;
    assert.equal(outcome.event.action, 'connection-created-or-edited');
    assert.equal(outcome.event.environmentId, `Default-${TENANT}`);
    assert.equal(outcome.event.resourceId, 'shared-office365-1f2e');
    assert.equal(outcome.event.clientIp, '203.0.113.24');
    assert.equal(outcome.event.actorUpn, 'avery.lee@contoso.example');
  });

  test('the variants: shares, turn-offs by the platform (no user), a Graph record, the older flat connector record', () => {
    const read = (raw: unknown) => {
      const o = normalizeGovernanceRecord(raw);
      assert.equal(o.kind, 'governance', JSON.stringify(o));
      return o.kind === 'governance' ? o.event : null;
    };
    assert.equal(read(adminRecord('PutConnectionPermission', {}))?.action, 'connection-shared');
    assert.equal(read(adminRecord('DeleteConnectionPermission', {}))?.action, 'connection-unshared');
    assert.equal(read(adminRecord('DeleteConnection', {}))?.action, 'connection-deleted');
    const off = read(
      adminRecord('ConnectionDlpEvaluationResult', { 'enduser.principal_name': '' }, { UserId: '', UserType: 4 }),
    );
    assert.equal(off?.action, 'connection-turned-off');
    assert.equal(off?.actorUpn, null);
    const graph = read({
      id: 'a1b2c3d4-0000-4000-8000-000000000001',
      createdDateTime: '2026-11-30T10:15:00Z',
      auditLogRecordType: 'powerPlatformAdministratorActivity',
      operation: 'GovernanceApiPolicyOperation',
      service: 'PowerPlatform',
      userPrincipalName: 'admin@contoso.example',
      auditData: {
        '@odata.type': '#microsoft.graph.security.powerPlatformAdministratorActivityRecord',
        ...policyChange,
      },
    });
    assert.equal(graph?.action, 'policy-updated');
    const flat = read({
      CreationTime: '2026-05-04T09:12:44',
      Id: 'c0nn0000-0000-4000-8000-000000000002',
      Operation: 'PutConnectionPermission',
      OrganizationId: TENANT,
      RecordType: 79,
      Workload: 'PowerApps',
      UserId: 'Jordan.Kim@contoso.example',
      AdditionalInfo: JSON.stringify({ EnvironmentName: 'Default-x', ActionName: 'PutConnectionPermission' }),
      ResourceId: 'shared-sql-77',
    });
    assert.deepEqual(
      [flat?.environmentId, flat?.resourceId, flat?.actorUpn],
      ['Default-x', 'shared-sql-77', 'jordan.kim@contoso.example'],
    );
  });

  test('unknown admin operations are kept, as other or environment events; Power Apps activity and flows are not ours', () => {
    const lockbox = normalizeGovernanceRecord(
      adminRecord('LockboxRequestOperation', { 'enduser.principal_name': 'Test user' }),
    );
    assert.equal(lockbox.kind === 'governance' && lockbox.event.action, 'other');
    assert.equal(lockbox.kind === 'governance' && lockbox.event.actorUpn, 'Test user');
    const group = normalizeGovernanceRecord(adminRecord('EnvironmentAddedToEnvironmentGroup', {}));
    assert.equal(group.kind === 'governance' && group.event.kind, 'environment');
    const legacyDlp = normalizeGovernanceRecord({
      ...adminRecord('DeleteDlpPolicy', {}),
      RecordType: 187,
      Workload: 'PowerPlatformAdminDlp',
      PropertyCollection: undefined,
      PolicyName: 'Old policy',
    });
    assert.equal(legacyDlp.kind === 'governance' && legacyDlp.event.action, 'policy-deleted');
    assert.equal(legacyDlp.kind === 'governance' && legacyDlp.event.resourceName, 'Old policy');
    const launch = {
      ...adminRecord('LaunchPowerApp', {}),
      RecordType: 45,
      Workload: 'PowerApps',
      PropertyCollection: undefined,
    };
    assert.equal(normalizeGovernanceRecord(launch).kind, 'not-governance');
    assert.equal(
      normalizeGovernanceRecord({ RecordType: 30, Workload: 'MicrosoftFlow', Operation: 'CreateFlow' }).kind,
      'not-governance',
    );
    assert.equal(normalizeGovernanceRecord('nope').kind, 'not-governance');
    assert.equal(normalizeGovernanceRecord({ ...policyChange, CreationTime: 'yesterday' }).kind, 'broken');
  });
});
