import { test } from 'node:test';
import assert from 'node:assert/strict';
import { describeQuery } from '../../src/queries/describe.ts';

test('describeQuery says what was understood, without the period', () => {
  const today = { kind: 'today' } as const;
  assert.equal(
    describeQuery({ operations: ['EditFlow'], period: today, shape: 'byMaker' }),
    'Edited flows, grouped by maker',
  );
  assert.equal(describeQuery({ operations: ['CreateFlow'], period: today, shape: 'list' }), 'New flows');
  assert.equal(
    describeQuery({ operations: ['CreateFlow', 'EditFlow', 'DeleteFlow'], period: today, shape: 'count' }),
    'New, edited and deleted flows, counted by operation',
  );
  assert.equal(
    describeQuery({ operations: ['PutPermissions', 'DeletePermissions'], period: today, shape: 'list' }),
    'Permission changes',
  );
  assert.equal(describeQuery({ operations: ['DeletePermissions'], period: today, shape: 'list' }), 'Unshared flows');
  assert.equal(
    describeQuery({ operations: ['StartAPaidTrial', 'RenewTrial'], period: today, shape: 'list' }),
    'Trials',
  );
  assert.equal(describeQuery({ operations: ['RenewTrial'], period: today, shape: 'list' }), 'Renewed trials');
  assert.equal(
    describeQuery({ operations: [], period: today, shape: 'byConnector' }),
    'All flow activity, grouped by connector',
  );
  assert.equal(
    describeQuery({
      operations: ['CreateFlow', 'PutPermissions', 'DeletePermissions'],
      period: today,
      shape: 'list',
      connector: 'HTTP',
      maker: 'avery@contoso.com',
      environment: 'Default-1',
    }),
    'New flows and permission changes using HTTP, HTTP with Microsoft Entra ID or HTTP Webhook by avery@contoso.com in environment Default-1',
  );
  assert.equal(describeQuery({ operations: ['FlowMigrated'], period: today, shape: 'list' }), 'FlowMigrated events');
  // A family member said in full, an alias, and a name no list knows each mean just that connector.
  const using = (connector: string) => describeQuery({ operations: [], period: today, shape: 'list', connector });
  assert.equal(using('HTTP Webhook'), 'All flow activity using HTTP Webhook');
  assert.equal(using('sql'), 'All flow activity using SQL Server');
  assert.equal(using('onedrive'), 'All flow activity using OneDrive or OneDrive for Business');
  assert.equal(using('Contoso Billing API'), 'All flow activity using Contoso Billing API');
});
