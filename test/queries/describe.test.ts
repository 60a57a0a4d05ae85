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
    'New flows and permission changes using HTTP by avery@contoso.com in environment Default-1',
  );
  assert.equal(describeQuery({ operations: ['FlowMigrated'], period: today, shape: 'list' }), 'FlowMigrated events');
});
