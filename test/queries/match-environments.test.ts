import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { EnvironmentIdentity } from '../../src/model/flow-identity.ts';
import { matchEnvironments } from '../../src/queries/match-environments.ts';

const env = (environmentId: string, displayName: string, type: string | null): EnvironmentIdentity => ({
  environmentId,
  displayName,
  type,
  dataverseUrl: null,
});
const ENVIRONMENTS = [
  env('Default-2f6d8c1e-3b7a-4e2f-9c51-7a0d4b6e8f13', 'Contoso (default)', 'Default'),
  env('a1b2c3d4-0000-4000-8000-000000000001', 'Sales', 'Production'),
  env('a1b2c3d4-0000-4000-8000-000000000002', 'Sales EMEA', 'Production'),
  env('a1b2c3d4-0000-4000-8000-000000000003', 'HR Sandbox', 'Sandbox'),
];

test('an environment is found by its name or id, whatever the case', () => {
  assert.deepEqual(matchEnvironments(ENVIRONMENTS, 'sales'), ['a1b2c3d4-0000-4000-8000-000000000001']);
  assert.deepEqual(matchEnvironments(ENVIRONMENTS, 'A1B2C3D4-0000-4000-8000-000000000003'), [
    'a1b2c3d4-0000-4000-8000-000000000003',
  ]);
});

test('"default" is the default environment, whatever it is called', () => {
  assert.deepEqual(matchEnvironments(ENVIRONMENTS, 'default'), ['Default-2f6d8c1e-3b7a-4e2f-9c51-7a0d4b6e8f13']);
});

test("a name's first word finds it when no other name begins so; otherwise nothing is guessed", () => {
  assert.deepEqual(matchEnvironments(ENVIRONMENTS, 'contoso'), ['Default-2f6d8c1e-3b7a-4e2f-9c51-7a0d4b6e8f13']);
  assert.deepEqual(matchEnvironments(ENVIRONMENTS, 'hr'), ['a1b2c3d4-0000-4000-8000-000000000003']);
  assert.deepEqual(matchEnvironments(ENVIRONMENTS, 'marketing'), []);
  // "Sales" is a name itself; "Sales EMEA" is found by its id, never by a guess.
  assert.deepEqual(matchEnvironments(ENVIRONMENTS.slice(2), 'emea'), []);
  assert.deepEqual(
    matchEnvironments([...ENVIRONMENTS.slice(2), env('x', 'Sales APAC', 'Production')], 'sales'),
    [],
    'two names begin with it',
  );
});
