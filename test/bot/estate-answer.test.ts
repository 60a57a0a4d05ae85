/**
 * Estate questions (issue 11): "which flows use HTTP", "suspended flows", … answered from the flow
 * inventory the admin APIs fill, with Refresh and Show more data read back strictly.
 */
import { test, describe, before, after } from 'node:test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import assert from 'node:assert/strict';
import { answerText } from '../../src/bot/answer.ts';
import { answerEstate, readEstateActionData } from '../../src/bot/estate-answer.ts';
import { SqliteStore } from '../../src/store/sqlite/sqlite-store.ts';
import { lines, ofType } from '../helpers/card-walk.ts';

const NOW = new Date('2026-11-27T15:00:00Z');
const SALES = '0f2b6a3e-8d41-4c7e-b915-6e2a0d7c4f18';
const OPS = '1a2b3c4d-8d41-4c7e-b915-6e2a0d7c4f18';
const id = (n: number) => `7e2d4a19-8c3b-4f05-a6d1-${String(n).padStart(12, '0')}`;

async function seed(file: string): Promise<SqliteStore> {
  const store = SqliteStore.open(file);
  const fi = store.flowIdentity;
  const seen = '2026-11-27T06:00:00.000Z';
  await fi.saveEnvironments(
    [
      {
        environmentId: SALES,
        displayName: 'Sales',
        type: 'Production',
        dataverseUrl: 'https://sales.crm.dynamics.com',
      },
      { environmentId: OPS, displayName: 'Operations', type: 'Sandbox', dataverseUrl: 'https://ops.crm.dynamics.com' },
    ],
    seen,
  );
  // 30 flows in Sales, every third suspended by a data policy; 2 in Operations, off.
  const flows = Array.from({ length: 32 }, (_, i) => ({
    flowId: id(i),
    environmentId: i < 30 ? SALES : OPS,
    displayName: `Flow ${String(i).padStart(2, '0')}`,
    state: i >= 30 ? ('off' as const) : i % 3 === 0 ? ('suspended' as const) : ('on' as const),
    suspensionReason: i < 30 && i % 3 === 0 ? 'CompanyDlpViolation' : null,
    createdAt: seen,
    modifiedAt: seen,
    creatorObjectId: i % 2 === 0 ? 'aaaaaaaa-0000-4000-8000-000000000001' : null,
    solutionAware: false,
  }));
  await fi.saveFlows(flows, seen);
  await fi.saveWorkflowConnectors(
    flows.map((f, i) => ({
      flowId: f.flowId,
      dataverseId: f.flowId,
      connectors: i % 4 === 0 ? ['HTTP', 'SharePoint'] : i % 4 === 1 ? ['HTTP Webhook'] : ['SharePoint'],
      modifiedAt: seen,
    })),
  );
  await fi.saveOwners(
    [{ objectId: 'aaaaaaaa-0000-4000-8000-000000000001', upn: 'avery@contoso.com', displayName: 'Avery', gone: false }],
    seen,
  );
  return store;
}

describe('estate questions', () => {
  let dir: string;
  let store: SqliteStore;
  const deps = () => ({ store, now: () => NOW, riskyConnectors: ['HTTP'] });
  before(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'fw-estate-'));
    store = await seed(path.join(dir, 'fw.db'));
  });
  after(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  test('"which flows use HTTP" lists the flows whose current connectors are of the HTTP family', async () => {
    const card = (await answerText('which flows use HTTP', { timeZone: 'UTC' }, deps())) as Record<string, unknown>;
    const text = lines(card).join('\n');
    assert.match(text, /^Flows using HTTP, HTTP with Microsoft Entra ID or HTTP Webhook$/m);
    // i % 4 is 0 or 1: 16 of 32 flows.
    assert.match(text, /^16 flows$/m);
    assert.match(text, /Flow 00 · Suspended: data policy violation/);
    assert.match(text, /owned by avery@contoso\.com · Sales \(Production\)/);
    assert.match(text, /Connectors: ⚠ HTTP \(risky\), SharePoint/);
    assert.doesNotMatch(text, /Flow 02 /, 'a flow using only SharePoint is not listed');
  });

  test('states, owners, environments by name, and counts', async () => {
    const ask = async (q: string) => lines(await answerText(q, { timeZone: 'UTC' }, deps())).join('\n');
    assert.match(await ask('suspended flows'), /^10 flows$/m);
    assert.match(await ask('flows that are turned off'), /^2 flows$/m);
    assert.match(await ask('flows owned by avery@contoso.com'), /^16 flows, showing 1–16$|^16 flows$/m);
    assert.match(await ask('flows in environment operations'), /^2 flows$/m);
    assert.match(await ask('how many flows use SharePoint'), /^Number of flows using SharePoint\n[\s\S]*^24 flows$/m);
    assert.match(await ask('flows in environment Marketing'), /knows no environment named "Marketing"/);
  });

  test('Show more continues where the page ended, and Refresh carries the same query', async () => {
    const card = await answerEstate({ shape: 'list', environment: 'Sales' }, 0, { timeZone: 'UTC' }, deps());
    assert.match(lines(card).join('\n'), /^30 flows, showing 1–25$/m);
    const actions = ofType(card, 'Action.Execute') as Array<{ verb: string; data: unknown }>;
    const more = actions.find((a) => a.verb === 'moreEstate');
    assert.deepEqual(more?.data, { estate: { shape: 'list', environment: 'Sales' }, offset: 25 });
    const read = readEstateActionData(more?.data);
    assert.ok(read);
    const next = await answerEstate(read.estate, read.offset, { timeZone: 'UTC' }, deps());
    assert.match(lines(next).join('\n'), /^30 flows, showing 26–30$/m);
    assert.equal(
      (ofType(next, 'Action.Execute') as Array<{ verb: string }>).filter((a) => a.verb === 'moreEstate').length,
      0,
    );
    const refresh = actions.find((a) => a.verb === 'refreshEstate');
    assert.deepEqual(refresh?.data, { estate: { shape: 'list', environment: 'Sales' }, offset: 0 });
  });

  test('action data that could not come from a question is refused', () => {
    const bad = [
      { estate: { shape: 'list', sql: 'x' }, offset: 0 },
      { estate: { shape: 'byMaker' }, offset: 0 },
      { estate: { shape: 'list', states: ['deleted'] }, offset: 0 },
      { estate: { shape: 'list' }, offset: -1 },
      { estate: { shape: 'list', connector: '' }, offset: 0 },
      { estate: { shape: 'list', owner: 'x'.repeat(300) }, offset: 0 },
      { query: {}, offset: 0 },
      null,
    ];
    for (const data of bad) assert.equal(readEstateActionData(data), null, JSON.stringify(data));
  });

  test('before the inventory was read, the card says so instead of "no flows"', async () => {
    const empty = SqliteStore.open(path.join(dir, 'empty.db'));
    const card = await answerEstate(
      { shape: 'list', connector: 'HTTP' },
      0,
      { timeZone: 'UTC' },
      {
        ...deps(),
        store: empty,
        inventoryState: () => 'not-registered',
      },
    );
    await empty.close();
    assert.match(lines(card).join('\n'), /register it as a Power Platform management app/);
  });
});
