/**
 * Answers name flows from the admin APIs' inventory (issue 11): audit records carry no flow name
 * (flow-inventory.md §1), so a list of events shows each flow's current name, state, owner and
 * environment from what the inventory sync stored, and says why when nothing knows the flow.
 */
import { test, describe, beforeEach, afterEach } from 'node:test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import assert from 'node:assert/strict';
import { runQuery } from '../../src/queries/run.ts';
import { parseQuestion } from '../../src/bot/commands/parse.ts';
import type { FlowQuery } from '../../src/queries/query.ts';
import { SqliteStore } from '../../src/store/sqlite/sqlite-store.ts';
import { renderResultCard } from '../../src/cards/result-card.ts';
import { lines } from '../helpers/card-walk.ts';
import { flowEvent, SALES_ENV, DEFAULT_ENV } from './helpers/flow-events.ts';

const AVERY = 'avery.lee@contoso.example';
/** Created a flow, then left: Graph answers 404 for the object id (flow-inventory.md §5). */
const FORMER = 'former.maker@contoso.example';
const ON = '7e2d4a19-8c3b-4f05-a6d1-3b9e5c7f2a40';
const SUSPENDED = '3c9a1e70-5b2d-4f8e-9a16-0d4c7b2e1f93';
const DELETED = 'b81f5d2c-7e4a-4c39-8d60-2a9e1f7c3b05';
const UNKNOWN = 'e4a7c1d9-2f6b-4e83-b0a5-9c3d8f1e6a27';
/** A solution-aware flow: its Dataverse workflowid differs from its Flow id (flow-inventory.md §3). */
const SOLUTION = '5d1c9e2a-4b7f-4a30-8e61-1f2a3b4c5d6e';
const SOLUTION_DATAVERSE = '9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d';
const MAKER_OBJECT_ID = '11111111-2222-4333-8444-555555555555';
const GONE_OBJECT_ID = '66666666-7777-4888-9999-000000000000';
const NOW = new Date('2026-11-27T15:00:00Z');
const SEEN = '2026-11-27T06:00:00.000Z';

function q(text: string): FlowQuery {
  const outcome = parseQuestion(text);
  if (outcome.kind !== 'query') throw new Error(`"${text}" did not parse`);
  return outcome.query;
}

function listing(flowId: string, environmentId: string, displayName: string, creator: string | null) {
  return {
    flowId,
    environmentId,
    displayName,
    state: 'on' as const,
    suspensionReason: null,
    createdAt: '2026-11-23T09:00:00.000Z',
    modifiedAt: '2026-11-24T10:00:00.000Z',
    creatorObjectId: creator,
    solutionAware: false,
  };
}

async function seed(file: string): Promise<SqliteStore> {
  const store = SqliteStore.open(file);
  const at = (day: number) => `2026-11-2${day}T09:00:00Z`;
  await store.events.ingest(
    [
      flowEvent({ operation: 'CreateFlow', at: at(3), actor: AVERY, flowId: ON, connectors: ['SharePoint'] }),
      flowEvent({ operation: 'CreateFlow', at: at(4), actor: FORMER, flowId: SUSPENDED, environmentId: SALES_ENV }),
      flowEvent({ operation: 'CreateFlow', at: at(5), actor: AVERY, flowId: DELETED }),
      flowEvent({ operation: 'CreateFlow', at: at(6), actor: AVERY, flowId: UNKNOWN }),
      flowEvent({ operation: 'CreateFlow', at: at(6), actor: AVERY, flowId: SOLUTION_DATAVERSE }),
    ],
    { now: NOW },
  );
  const fi = store.flowIdentity;
  await fi.saveEnvironments(
    [
      { environmentId: DEFAULT_ENV, displayName: 'Contoso (default)', type: 'Default', dataverseUrl: null },
      {
        environmentId: SALES_ENV,
        displayName: 'Sales',
        type: 'Production',
        dataverseUrl: 'https://sales.crm.dynamics.com',
      },
    ],
    SEEN,
  );
  await fi.saveFlows(
    [
      listing(ON, DEFAULT_ENV, 'Invoice intake', MAKER_OBJECT_ID),
      {
        ...listing(SUSPENDED, SALES_ENV, 'Lead sync (renamed)', GONE_OBJECT_ID),
        state: 'suspended',
        suspensionReason: 'CompanyDlpViolation',
      },
      listing(DELETED, DEFAULT_ENV, 'Old reminder', null),
      { ...listing(SOLUTION, DEFAULT_ENV, 'Solution flow', null), solutionAware: true },
    ],
    SEEN,
  );
  await fi.saveWorkflowConnectors([
    { flowId: SOLUTION, dataverseId: SOLUTION_DATAVERSE, connectors: ['Dataverse'], modifiedAt: SEEN },
  ]);
  await fi.saveOwners(
    [
      { objectId: MAKER_OBJECT_ID, upn: 'avery.lee@contoso.example', displayName: 'Avery Lee', gone: false },
      { objectId: GONE_OBJECT_ID, upn: null, displayName: 'Former Maker', gone: true },
    ],
    SEEN,
  );
  // The flow is gone from a later full pass of its environment: a tombstone keeping its last name.
  await fi.saveFlows([listing(ON, DEFAULT_ENV, 'Invoice intake', MAKER_OBJECT_ID)], '2026-11-27T12:00:00.000Z');
  await fi.saveFlows(
    [{ ...listing(SOLUTION, DEFAULT_ENV, 'Solution flow', null), solutionAware: true }],
    '2026-11-27T12:00:00.000Z',
  );
  await fi.markUnseenDeleted(DEFAULT_ENV, '2026-11-27T12:00:00.000Z', '2026-11-27T12:00:00.000Z');
  return store;
}

describe('answers name flows from the inventory', () => {
  let dir: string;
  let store: SqliteStore;
  beforeEach(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'fw-identity-'));
    store = await seed(path.join(dir, 'fw.db'));
  });
  afterEach(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  test('each event shows its flow name, state, owner and environment, or why not', async () => {
    const result = await runQuery(store, q('new flows this week'), { now: NOW, timeZone: 'UTC' });
    const byId = new Map(result.events!.items.map((e) => [e.flowId, e.identity]));
    assert.deepEqual(byId.get(ON), {
      flowId: ON,
      name: 'Invoice intake',
      state: 'on',
      stateText: 'On',
      suspensionReason: null,
      deleted: false,
      tone: 'good',
      owner: 'avery.lee@contoso.example',
      environment: 'Contoso (default)',
      environmentType: 'Default',
      unnamedBecause: null,
    });
    const suspended = byId.get(SUSPENDED)!;
    assert.equal(suspended.name, 'Lead sync (renamed)');
    assert.equal(suspended.stateText, 'Suspended: data policy violation');
    assert.equal(suspended.suspensionReason, 'CompanyDlpViolation');
    assert.equal(suspended.owner, 'former.maker@contoso.example (no longer in the directory)');
    assert.equal(suspended.environment, 'Sales (Production)');
    const deleted = byId.get(DELETED)!;
    assert.equal(deleted.name, 'Old reminder', 'a tombstone keeps its last known name');
    assert.equal(deleted.stateText, 'Deleted');
    assert.equal(deleted.deleted, true);
    // Recorded with its Dataverse id, listed with its Flow id: the same flow.
    assert.equal(byId.get(SOLUTION_DATAVERSE)!.name, 'Solution flow');
    const unknown = byId.get(UNKNOWN)!;
    assert.equal(unknown.name, null);
    assert.equal(unknown.stateText, null);
    assert.match(unknown.unnamedBecause ?? '', /admin APIs do not list it/);
    assert.equal(unknown.environment, 'Contoso (default)', 'the environment is known even so');
  });

  test('the card shows names and states, and says why a flow has only its id', async () => {
    const result = await runQuery(store, q('new flows this week'), { now: NOW, timeZone: 'UTC' });
    const text = lines(renderResultCard(result, { timeZone: 'UTC', riskyConnectors: [] })).join('\n');
    assert.match(text, /Lead sync \(renamed\) in Sales \(Production\)/);
    assert.match(
      text,
      /Suspended: data policy violation · owned by former\.maker@contoso\.example \(no longer in the directory\)/,
    );
    assert.match(text, /Old reminder in Contoso \(default\)\nDeleted/);
    assert.match(text, new RegExp(`flow ${UNKNOWN} in Contoso`));
    assert.match(text, /No name or state: the admin APIs do not list it/);
  });

  test('a flow deleted before the inventory first saw it reads Deleted, from its events, with no name', async () => {
    const gone = '0d6f2b4e-9a1c-4e57-8b30-6c2e9f1a7d48';
    const other = await seed(path.join(dir, 'gone.db'));
    try {
      await other.events.ingest(
        [
          flowEvent({ operation: 'CreateFlow', at: '2026-11-24T08:00:00Z', actor: AVERY, flowId: gone }),
          flowEvent({ operation: 'DeleteFlow', at: '2026-11-24T10:00:00Z', actor: AVERY, flowId: gone }),
        ],
        { now: NOW },
      );
      const result = await runQuery(other, q('deleted flows this week'), { now: NOW, timeZone: 'UTC' });
      const row = result.events!.items.find((e) => e.flowId === gone)!;
      assert.equal(row.identity.deleted, true);
      assert.equal(row.identity.stateText, 'Deleted');
      assert.equal(row.identity.name, null);
      const text = lines(renderResultCard(result, { timeZone: 'UTC', riskyConnectors: [] })).join('\n');
      assert.match(text, new RegExp(`flow ${gone} in Contoso \\(default\\)\nDeleted`));
      assert.match(text, /No name: the admin APIs do not list it/);
    } finally {
      await other.close();
    }
  });

  test('before registration every unknown flow says the app needs registering', async () => {
    const result = await runQuery(store, q('new flows this week'), {
      now: NOW,
      timeZone: 'UTC',
      inventory: 'not-registered',
    });
    const unknown = result.events!.items.find((e) => e.flowId === UNKNOWN)!;
    assert.match(unknown.identity.unnamedBecause ?? '', /registered as a Power Platform management app/);
    assert.equal(result.inventory, 'not-registered');
  });

  test('a store the inventory never filled says it has not been read yet', async () => {
    const empty = SqliteStore.open(path.join(dir, 'empty.db'));
    await empty.events.ingest(
      [flowEvent({ operation: 'CreateFlow', at: '2026-11-24T09:00:00Z', actor: AVERY, flowId: ON })],
      { now: NOW },
    );
    const result = await runQuery(empty, q('new flows this week'), { now: NOW, timeZone: 'UTC' });
    await empty.close();
    assert.match(result.events!.items[0].identity.unnamedBecause ?? '', /has not been read yet/);
  });

  test('rankings by environment name the environments', async () => {
    const result = await runQuery(store, q('flows by environment this week'), { now: NOW, timeZone: 'UTC' });
    const labels = result.environments!.items.map((e) => [e.label, e.count]);
    assert.deepEqual(labels, [
      ['Contoso (default)', 4],
      ['Sales (Production)', 1],
    ]);
  });
});
