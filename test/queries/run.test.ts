import { test, describe, beforeEach, afterEach } from 'node:test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import assert from 'node:assert/strict';
import { runQuery, COVERAGE_SOURCE, FLOWS_PER_MAKER, MAKERS_PER_PAGE } from '../../src/queries/run.ts';
import { parseQuestion } from '../../src/bot/commands/parse.ts';
import type { FlowQuery } from '../../src/queries/query.ts';
import { SqliteStore } from '../../src/store/sqlite/sqlite-store.ts';
import { renderResultCard } from '../../src/cards/result-card.ts';
import { lines, nodes } from '../helpers/card-walk.ts';
import { countingStore } from './helpers/counting-store.ts';
import { flowEvent, SALES_ENV } from './helpers/flow-events.ts';

const AVERY = 'avery.lee@contoso.example';
const JORDAN = 'jordan.kim@contoso.example';
const MORGAN = 'morgan.diaz@contoso.example';
const CASEY = 'casey.wu@contoso.example';
const F1 = '7e2d4a19-8c3b-4f05-a6d1-3b9e5c7f2a40';
const F2 = '3c9a1e70-5b2d-4f8e-9a16-0d4c7b2e1f93';
const F3 = 'b81f5d2c-7e4a-4c39-8d60-2a9e1f7c3b05';
const F4 = 'e4a7c1d9-2f6b-4e83-b0a5-9c3d8f1e6a27';
/** Friday 27 Nov 2026, 16:00 in Berlin. */
const NOW = new Date('2026-11-27T15:00:00Z');
const BERLIN = { now: NOW, timeZone: 'Europe/Berlin' };

function q(text: string): FlowQuery {
  const outcome = parseQuestion(text);
  if (outcome.kind !== 'query') throw new Error(`"${text}" did not parse`);
  return outcome.query;
}

async function seed(file: string): Promise<SqliteStore> {
  const store = SqliteStore.open(file);
  await store.events.ingest(
    [
      // The last second of Sunday and the first of Monday in Berlin: only the second is "this week" there.
      flowEvent({
        operation: 'EditFlow',
        at: '2026-11-22T22:59:59Z',
        actor: MORGAN,
        flowId: F4,
        connectors: ['Recurrence'],
      }),
      flowEvent({
        operation: 'CreateFlow',
        at: '2026-11-22T23:00:00Z',
        actor: MORGAN,
        flowId: F4,
        connectors: ['Recurrence', 'Approvals'],
      }),
      flowEvent({
        operation: 'CreateFlow',
        at: '2026-11-23T09:00:00Z',
        actor: AVERY,
        flowId: F1,
        flowName: 'Invoice approvals',
        connectors: ['Recurrence', 'Office 365 Outlook', 'SharePoint'],
      }),
      flowEvent({
        operation: 'EditFlow',
        at: '2026-11-24T10:00:00Z',
        actor: AVERY,
        flowId: F1,
        connectors: ['Recurrence', 'Office 365 Outlook', 'SharePoint', 'HTTP'],
      }),
      flowEvent({
        operation: 'PutPermissions',
        at: '2026-11-24T11:00:00Z',
        actor: AVERY,
        flowId: F1,
        recipient: JORDAN,
        sharingPermission: 3,
      }),
      flowEvent({
        operation: 'StartAPaidTrial',
        at: '2026-11-25T08:30:00Z',
        actor: CASEY,
        licenseName: 'Power Automate Premium trial',
      }),
      flowEvent({
        operation: 'CreateFlow',
        at: '2026-11-26T08:00:00Z',
        actor: JORDAN,
        flowId: F2,
        environmentId: SALES_ENV,
        connectors: ['HTTP with Microsoft Entra ID', 'SharePoint'],
      }),
      flowEvent({
        operation: 'EditFlow',
        at: '2026-11-27T09:00:00Z',
        actor: JORDAN,
        flowId: F2,
        environmentId: SALES_ENV,
        connectors: ['HTTP with Microsoft Entra ID', 'SharePoint'],
      }),
      flowEvent({ operation: 'EditFlow', at: '2026-11-27T10:00:00Z', actor: AVERY, flowId: F3, connectors: ['HTTP'] }),
      // Deletes carry no FlowDetailsUrl, so no flow id (coe-starter-kit#1804).
      flowEvent({ operation: 'DeleteFlow', at: '2026-11-27T11:00:00Z', actor: MORGAN, flowId: null }),
    ],
    { now: NOW },
  );
  return store;
}

describe('runQuery against a SQLite store', () => {
  let dir: string;
  let store: SqliteStore;
  beforeEach(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'flowwatch-run-'));
    store = await seed(path.join(dir, 'flowwatch.db'));
  });
  afterEach(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  test('lists new flows this week in the asked zone, newest first, with their inventory entries', async () => {
    const result = await runQuery(store, q('new flows this week'), BERLIN);
    assert.equal(result.understood, 'New flows');
    assert.deepEqual(result.period, {
      from: '2026-11-22T23:00:00.000Z',
      to: '2026-11-29T23:00:00.000Z',
      timeZone: 'Europe/Berlin',
      label: 'Mon 23 Nov 2026 – Sun 29 Nov 2026 (Europe/Berlin)',
    });
    assert.equal(result.events?.total, 3);
    assert.deepEqual(
      result.events?.items.map((e) => e.flowId),
      [F2, F1, F4],
    );
    const f1 = result.events.items[1];
    assert.equal(f1.flow?.flowName, 'Invoice approvals');
    assert.deepEqual(f1.flow?.connectors, ['Recurrence', 'Office 365 Outlook', 'SharePoint', 'HTTP']);
    assert.deepEqual(result.counts, [{ key: 'CreateFlow', count: 3 }]);
  });

  test('a zone in the question wins over the asker zone', async () => {
    const utc = await runQuery(store, q('new flows this week'), { now: NOW, timeZone: 'UTC' });
    // In UTC the week starts at 23 Nov 00:00Z, after the Berlin-midnight create of F4.
    assert.deepEqual(
      utc.events?.items.map((e) => e.flowId),
      [F2, F1],
    );
    const berlin = await runQuery(store, q('new flows this week in Europe/Berlin'), { now: NOW, timeZone: 'UTC' });
    assert.equal(berlin.period.timeZone, 'Europe/Berlin');
    assert.deepEqual(
      berlin.events?.items.map((e) => e.flowId),
      [F2, F1, F4],
    );
  });

  test('an event without a flow id is listed with flow null', async () => {
    const result = await runQuery(store, q('deleted flows today'), BERLIN);
    assert.equal(result.events?.total, 1);
    assert.equal(result.events?.items[0]?.actorUpn, MORGAN);
    assert.equal(result.events?.items[0]?.flow, null);
  });

  test('pages a list with offset and limit, keeping the total', async () => {
    const result = await runQuery(store, q('flow activity this week'), { ...BERLIN, offset: 2, limit: 3 });
    assert.equal(result.events?.total, 9);
    assert.equal(result.events?.offset, 2);
    assert.deepEqual(
      result.events?.items.map((e) => e.occurredAt),
      ['2026-11-27T09:00:00Z', '2026-11-26T08:00:00Z', '2026-11-25T08:30:00Z'],
    );
  });

  test('counts events per operation', async () => {
    const result = await runQuery(store, q('how many flows this week'), BERLIN);
    assert.equal(result.understood, 'All flow activity, counted by operation');
    assert.deepEqual(result.counts, [
      { key: 'CreateFlow', count: 3 },
      { key: 'EditFlow', count: 3 },
      { key: 'DeleteFlow', count: 1 },
      { key: 'PutPermissions', count: 1 },
      { key: 'StartAPaidTrial', count: 1 },
    ]);
    assert.equal(result.events, undefined);
  });

  test('a count also comes per local day of the period, with the same filter, for its chart', async () => {
    const result = await runQuery(store, q('how many flows were created this week'), BERLIN);
    assert.equal(result.activity?.unit, 'day');
    assert.deepEqual(
      result.activity?.buckets.map((b) => `${b.label} ${b.count}`),
      ['Mon 23 2', 'Tue 24 0', 'Wed 25 0', 'Thu 26 1', 'Fri 27 0', 'Sat 28 0', 'Sun 29 0'],
    );
    const card = renderResultCard(result, { timeZone: 'Europe/Berlin', riskyConnectors: [] });
    const chart = nodes(card).find((n) => n.type === 'Chart.VerticalBar');
    assert.equal(chart?.title, 'Events per day');
    assert.deepEqual(lines(chart?.fallback), [
      'Events per day: Mon 23 2 · Tue 24 0 · Wed 25 0 · Thu 26 1 · Fri 27 0 · Sat 28 0 · Sun 29 0',
    ]);
  });

  test('a ranking gets a bar per row shown, with its fallback text', async () => {
    const result = await runQuery(store, q('top connectors this week'), BERLIN);
    const card = renderResultCard(result, { timeZone: 'Europe/Berlin', riskyConnectors: [] });
    const chart = nodes(card).find((n) => n.type === 'Chart.VerticalBar');
    assert.equal(chart?.title, 'Events per connector');
    const bars = chart?.data as Array<{ x: string; y: number }>;
    // Axis labels are cut at 24 characters; the fallback text keeps whole names.
    const cut = (name: string) => (name.length > 24 ? `${name.slice(0, 23)}…` : name);
    assert.deepEqual(
      bars,
      result.connectors?.items.slice(0, 10).map((c) => ({ x: cut(c.key), y: c.count })),
    );
    assert.match(lines(chart?.fallback)[0], /^Events per connector: SharePoint 4 · .*HTTP with Microsoft Entra ID 2/);
  });

  test("groups by maker with each maker's flows and counts", async () => {
    const result = await runQuery(store, q('who edited flows this week'), BERLIN);
    assert.equal(result.understood, 'Edited flows, grouped by maker');
    assert.equal(result.makers?.total, 2);
    assert.deepEqual(result.makers?.items, [
      {
        maker: AVERY,
        count: 2,
        flows: [
          {
            flowId: F1,
            flowName: 'Invoice approvals',
            environmentId: 'Default-2f6d8c1e-3b7a-4e2f-9c51-7a0d4b6e8f13',
            detailsUrl: `https://make.powerautomate.com/environments/Default-2f6d8c1e-3b7a-4e2f-9c51-7a0d4b6e8f13/flows/${F1}/details`,
            count: 1,
            stateText: null,
            environment: 'the default environment',
          },
          {
            flowId: F3,
            flowName: null,
            environmentId: 'Default-2f6d8c1e-3b7a-4e2f-9c51-7a0d4b6e8f13',
            detailsUrl: `https://make.powerautomate.com/environments/Default-2f6d8c1e-3b7a-4e2f-9c51-7a0d4b6e8f13/flows/${F3}/details`,
            count: 1,
            stateText: null,
            environment: 'the default environment',
          },
        ].sort((a, b) => a.flowId.localeCompare(b.flowId)),
      },
      {
        maker: JORDAN,
        count: 1,
        flows: [
          {
            flowId: F2,
            flowName: null,
            environmentId: SALES_ENV,
            detailsUrl: `https://make.powerautomate.com/environments/${SALES_ENV}/flows/${F2}/details`,
            count: 1,
            stateText: null,
            environment: `environment ${SALES_ENV}`,
          },
        ],
      },
    ]);
    assert.deepEqual(result.counts, [{ key: 'EditFlow', count: 3 }]);
  });

  test('caps makers per page and flows per maker, reading the flows of all makers shown at once', async (t) => {
    const real = SqliteStore.open(path.join(dir, 'many.db'));
    t.after(() => real.close());
    const { store: many, calls } = countingStore(real);
    const events = [];
    for (let m = 0; m < MAKERS_PER_PAGE + 3; m++) {
      for (let f = 0; f <= m % 8; f++) {
        events.push(
          flowEvent({
            operation: 'CreateFlow',
            at: '2026-11-24T10:00:00Z',
            actor: `maker${String(m).padStart(2, '0')}@contoso.example`,
            flowId: `flow-${m}-${f}`,
          }),
        );
      }
    }
    await many.events.ingest(events, { now: NOW });
    const first = await runQuery(many, q('who created flows this week'), { ...BERLIN, limit: 25 });
    assert.equal(first.makers?.total, MAKERS_PER_PAGE + 3);
    assert.equal(first.makers?.items.length, MAKERS_PER_PAGE);
    assert.ok(first.makers.items.every((m) => m.flows.length <= FLOWS_PER_MAKER));
    assert.equal(first.makers?.items[0]?.count, 8);
    assert.equal(first.makers?.items[0]?.flows.length, FLOWS_PER_MAKER);
    assert.deepEqual(
      calls.filter((c) => c.startsWith('countFlowsByActor') || c.startsWith('countBy flow')),
      [`countFlowsByActor ${MAKERS_PER_PAGE}`],
    );
    // maker07 and maker15 have 8 flows of one event each: the first FLOWS_PER_MAKER by id.
    const busiest = first.makers.items.find((m) => m.maker === 'maker07@contoso.example');
    assert.deepEqual(
      busiest?.flows.map((f) => [f.flowId, f.count]),
      Array.from({ length: FLOWS_PER_MAKER }, (_, f) => [`flow-7-${f}`, 1]),
    );
    assert.equal(calls.filter((c) => c.startsWith('getFlows')).length, 1);
    const second = await runQuery(many, q('who created flows this week'), { ...BERLIN, offset: MAKERS_PER_PAGE });
    assert.equal(second.makers?.items.length, 3);
    assert.equal(second.makers?.offset, MAKERS_PER_PAGE);
  });

  test('groups by connector, counting an event once per connector it names', async () => {
    const result = await runQuery(store, q('connectors used this week'), BERLIN);
    assert.deepEqual(result.connectors?.items, [
      { key: 'SharePoint', count: 4 },
      { key: 'Recurrence', count: 3 },
      { key: 'HTTP', count: 2 },
      { key: 'HTTP with Microsoft Entra ID', count: 2 },
      { key: 'Office 365 Outlook', count: 2 },
      { key: 'Approvals', count: 1 },
    ]);
    assert.equal(result.connectors?.total, 6);
    const page = await runQuery(store, q('connectors used this week'), { ...BERLIN, offset: 4, limit: 1 });
    assert.deepEqual(page.connectors, { items: [{ key: 'Office 365 Outlook', count: 2 }], total: 6, offset: 4 });
  });

  test('"top 3 connectors" ends the ranking at its third row, on any page', async () => {
    const top = await runQuery(store, q('top 3 connectors this week'), BERLIN);
    assert.deepEqual(top.connectors, {
      items: [
        { key: 'SharePoint', count: 4 },
        { key: 'Recurrence', count: 3 },
        { key: 'HTTP', count: 2 },
      ],
      total: 3,
      offset: 0,
    });
    assert.match(top.understood, /\(top 3\)$/);
    const page = await runQuery(store, q('top 3 connectors this week'), { ...BERLIN, offset: 2, limit: 5 });
    assert.deepEqual(page.connectors, { items: [{ key: 'HTTP', count: 2 }], total: 3, offset: 2 });
  });

  test('filters by connector, maker and environment', async () => {
    // "HTTP" is the HTTP family: F2's two events name only "HTTP with Microsoft Entra ID".
    const http = await runQuery(store, q('flows using http this week'), BERLIN);
    assert.deepEqual(
      http.events?.items.map((e) => e.flowId),
      [F3, F2, F2, F1],
    );
    assert.match(http.understood, /using HTTP, HTTP with Microsoft Entra ID or HTTP Webhook$/);
    const entra = await runQuery(store, q('flows using HTTP with Microsoft Entra ID this week'), BERLIN);
    assert.deepEqual(
      entra.events?.items.map((e) => e.flowId),
      [F2, F2],
    );
    const avery = await runQuery(store, q(`flows by ${AVERY.toUpperCase()} this week`), BERLIN);
    assert.equal(avery.events?.total, 4);
    const sales = await runQuery(store, q(`flows in environment ${SALES_ENV} this week`), BERLIN);
    assert.deepEqual(
      sales.events?.items.map((e) => e.operation),
      ['EditFlow', 'CreateFlow'],
    );
    const both = await runQuery(store, q(`edited flows using SharePoint by ${JORDAN} this week`), BERLIN);
    assert.equal(both.events?.total, 1);
    assert.equal(both.events?.items[0]?.flowId, F2);
  });

  describe('coverage', () => {
    test('without any synced range the whole period up to now is missing', async () => {
      const result = await runQuery(store, q('new flows today'), BERLIN);
      assert.deepEqual(result.coverage, {
        complete: false,
        missing: [{ from: '2026-11-26T23:00:00.000Z', to: '2026-11-27T15:00:00.000Z' }],
      });
    });

    test('coverage up to now is complete, although the day goes on', async () => {
      await store.syncState.addCoverage(COVERAGE_SOURCE, { from: '2026-11-20T00:00:00Z', to: '2026-11-27T15:00:00Z' });
      const result = await runQuery(store, q('new flows today'), BERLIN);
      assert.deepEqual(result.coverage, { complete: true, missing: [] });
    });

    test('the minutes since a recent sync are "not synced yet", not missing', async () => {
      await store.syncState.addCoverage(COVERAGE_SOURCE, { from: '2026-11-20T00:00:00Z', to: '2026-11-27T14:50:00Z' });
      const result = await runQuery(store, q('new flows today'), BERLIN);
      assert.deepEqual(result.coverage, { complete: true, missing: [] });
    });

    test('after a sync older than staleAfterMs, the time since it is missing', async () => {
      await store.syncState.addCoverage(COVERAGE_SOURCE, { from: '2026-11-20T00:00:00Z', to: '2026-11-27T12:00:00Z' });
      const result = await runQuery(store, q('new flows today'), BERLIN);
      assert.deepEqual(result.coverage, {
        complete: false,
        missing: [{ from: '2026-11-27T12:00:00.000Z', to: '2026-11-27T15:00:00.000Z' }],
      });
      const lenient = await runQuery(store, q('new flows today'), { ...BERLIN, staleAfterMs: 4 * 3_600_000 });
      assert.equal(lenient.coverage.complete, true);
    });

    test('a period before the first synced instant is missing', async () => {
      await store.syncState.addCoverage(COVERAGE_SOURCE, { from: '2026-11-20T12:00:00Z', to: '2026-11-27T15:00:00Z' });
      const result = await runQuery(store, q('new flows last month'), BERLIN);
      assert.deepEqual(result.coverage, {
        complete: false,
        missing: [{ from: '2026-09-30T22:00:00.000Z', to: '2026-10-31T23:00:00.000Z' }],
      });
    });

    test('a hole in the middle is reported as the missing range', async () => {
      await store.syncState.addCoverage(COVERAGE_SOURCE, { from: '2026-11-20T00:00:00Z', to: '2026-11-24T06:00:00Z' });
      await store.syncState.addCoverage(COVERAGE_SOURCE, { from: '2026-11-24T09:00:00Z', to: '2026-11-27T16:00:00Z' });
      const result = await runQuery(store, q('new flows this week'), BERLIN);
      assert.deepEqual(result.coverage, {
        complete: false,
        missing: [{ from: '2026-11-24T06:00:00.000Z', to: '2026-11-24T09:00:00.000Z' }],
      });
    });

    test('coverage of another source does not count', async () => {
      await store.syncState.addCoverage('graph:backfill', { from: '2026-11-20T00:00:00Z', to: '2026-11-28T00:00:00Z' });
      const result = await runQuery(store, q('new flows today'), BERLIN);
      assert.equal(result.coverage.complete, false);
    });

    test('a period that starts in the future needs no coverage', async () => {
      const result = await runQuery(store, q('new flows since 2027-01-01'), BERLIN);
      assert.deepEqual(result.coverage, { complete: true, missing: [] });
      assert.equal(result.events?.total, 0);
    });
  });
});
