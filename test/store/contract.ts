/**
 * The Store contract: every implementation (SQLite, PostgreSQL) registers these tests with its
 * own `open`, which must return a fresh, empty store each time. Times are compared as instants,
 * so an implementation may spell them "…Z" or "….000Z".
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { FlowEvent } from '../../src/model/flow-event.ts';
import type { EventFilter, TimeRange } from '../../src/model/event-query.ts';
import type { Store } from '../../src/store/store.ts';
import { botStateContract } from './bot-state-contract.ts';
import { ingestBlobsContract } from './ingest-blobs-contract.ts';
import { DEFAULT_ENV, flowEvent } from './flow-event-fixtures.ts';

const NOW = new Date('2026-05-05T12:00:00.000Z');
const instant = (iso: string | null) => (iso === null ? null : new Date(iso).toISOString());
const ranges = (list: TimeRange[]) => list.map((r) => ({ from: instant(r.from), to: instant(r.to) }));
const ids = (events: Array<{ id: string }>) => events.map((e) => e.id).sort();
const hour = (h: number, m = 0) => new Date(Date.UTC(2026, 4, 4, h, m)).toISOString();
const blob = (n: number) => ({
  contentId: `2026050409301512300456${n}$2026050409301512300456${n}$audit_general$Audit_General$na0031`,
  contentCreated: hour(10),
});

async function withStore(open: () => Promise<Store>, fn: (store: Store) => Promise<void>): Promise<void> {
  const store = await open();
  try {
    await fn(store);
  } finally {
    await store.close();
  }
}

async function all(store: Store, filter: EventFilter) {
  return store.findEvents(filter, { limit: 1000, offset: 0 });
}

const DAY: EventFilter = { from: hour(0), to: hour(24) };

export function storeContract(name: string, open: () => Promise<Store>): void {
  const run = (fn: (store: Store) => Promise<void>) => () => withStore(open, fn);

  describe(`Store contract: ${name}`, () => {
    describe('ingest', () => {
      test(
        'stores every field and stamps ingestedAt',
        run(async (store) => {
          const event = flowEvent({
            occurredAt: hour(9, 12),
            operation: 'PutPermissions',
            recipientUpn: 'jordan.kim@contoso.example',
            sharingPermission: 3,
            initiatedBy: 'user',
            flowName: 'Invoice approvals',
            connectors: [],
          });
          await store.ingest([event], { now: NOW });
          const { events } = await all(store, DAY);
          assert.equal(events.length, 1);
          const { ingestedAt, ...stored } = events[0];
          assert.equal(instant(ingestedAt), NOW.toISOString());
          assert.deepEqual(
            { ...stored, occurredAt: instant(stored.occurredAt) },
            { ...event, occurredAt: instant(event.occurredAt) },
          );
        }),
      );

      test(
        'dedupes on id within one call and across calls, keeping the first copy',
        run(async (store) => {
          const first = flowEvent({ occurredAt: hour(9), operation: 'CreateFlow' });
          const again = { ...first, resultStatus: 'Failed' };
          assert.deepEqual(await store.ingest([first, again], { now: NOW }), { inserted: 1, duplicates: 1 });
          assert.deepEqual(await store.ingest([again, flowEvent({ occurredAt: hour(10) })], { now: NOW }), {
            inserted: 1,
            duplicates: 1,
          });
          const { events, total } = await all(store, DAY);
          assert.equal(total, 2);
          assert.equal(events.find((e) => e.id === first.id)?.resultStatus, 'Succeeded');
        }),
      );

      test(
        'marks the blob done together with its events, and alone when it has none',
        run(async (store) => {
          assert.deepEqual([...(await store.doneBlobs([blob(1).contentId]))], []);
          await store.ingest([flowEvent({ occurredAt: hour(9) })], { now: NOW, blob: blob(1) });
          await store.ingest([], { now: NOW, blob: blob(2) });
          const done = await store.doneBlobs([blob(1).contentId, blob(2).contentId, blob(3).contentId]);
          assert.deepEqual([...done].sort(), [blob(1).contentId, blob(2).contentId].sort());
          assert.equal((await all(store, DAY)).total, 1);
        }),
      );

      test(
        'answers doneBlobs for long id lists',
        run(async (store) => {
          const blobs = Array.from({ length: 1200 }, (_, i) => ({ contentId: `blob-${i}`, contentCreated: hour(10) }));
          for (const b of blobs.filter((_, i) => i % 3 === 0)) await store.ingest([], { now: NOW, blob: b });
          const done = await store.doneBlobs(blobs.map((b) => b.contentId));
          assert.equal(done.size, 400);
          assert.ok(done.has('blob-1197') && !done.has('blob-1198'));
        }),
      );

      test(
        'a failing ingest leaves nothing behind: no events, no inventory, blob not done',
        run(async (store) => {
          const good = flowEvent({
            occurredAt: hour(9),
            operation: 'CreateFlow',
            flowId: 'aaaaaaaa-0000-4000-8000-000000000001',
          });
          const bad = flowEvent({ occurredAt: 'not a time', flowId: 'aaaaaaaa-0000-4000-8000-000000000001' });
          await assert.rejects(store.ingest([good, bad], { now: NOW, blob: blob(1) }));
          assert.equal((await all(store, DAY)).total, 0);
          assert.equal((await store.doneBlobs([blob(1).contentId])).size, 0);
          assert.deepEqual(await store.getFlows(['aaaaaaaa-0000-4000-8000-000000000001']), []);
          assert.deepEqual(await store.ingest([good], { now: NOW, blob: blob(1) }), { inserted: 1, duplicates: 0 });
        }),
      );
    });

    describe('flow inventory', () => {
      const flowId = 'bbbbbbbb-0000-4000-8000-000000000002';
      const envId = 'Default-2f6d8c1e-3b7a-4e2f-9c51-7a0d4b6e8f13';

      test(
        'keeps the latest state by event time, whatever the arrival order',
        run(async (store) => {
          const create = flowEvent({
            occurredAt: hour(9),
            operation: 'CreateFlow',
            flowId,
            actorUpn: 'avery.lee@contoso.example',
            connectors: ['Recurrence'],
            flowName: 'Old name',
          });
          const edit1 = flowEvent({
            occurredAt: hour(10),
            flowId,
            actorUpn: 'jordan.kim@contoso.example',
            connectors: ['Recurrence', 'SharePoint'],
            flowName: 'Middle name',
          });
          const edit2 = flowEvent({
            occurredAt: hour(11),
            flowId,
            actorUpn: 'jordan.kim@contoso.example',
            connectors: ['Recurrence', 'SharePoint', 'HTTP'],
            flowName: 'New name',
          });
          const share = flowEvent({
            occurredAt: hour(12),
            operation: 'PutPermissions',
            flowId,
            connectors: [],
            recipientUpn: 'sam.ortiz@contoso.example',
            sharingPermission: 2,
          });
          for (const e of [edit2, share, create, edit1]) await store.ingest([e], { now: NOW });
          const [flow] = await store.getFlows([flowId]);
          assert.ok(flow);
          assert.equal(flow.flowId, flowId);
          assert.equal(flow.environmentId, envId);
          assert.equal(flow.flowName, 'New name');
          assert.deepEqual(flow.connectors, ['Recurrence', 'SharePoint', 'HTTP']);
          assert.equal(flow.creatorUpn, 'avery.lee@contoso.example');
          assert.equal(instant(flow.createdAt), hour(9));
          assert.equal(flow.lastOperation, 'PutPermissions');
          assert.equal(instant(flow.lastEventAt), hour(12));
          assert.equal(flow.deleted, false);
          assert.equal(flow.detailsUrl, create.detailsUrl);
        }),
      );

      test(
        'a delete marks the flow deleted and keeps its last connectors and creator, even when older events arrive after it',
        run(async (store) => {
          await store.ingest(
            [
              flowEvent({
                occurredAt: hour(9),
                operation: 'CreateFlow',
                flowId,
                actorUpn: 'avery.lee@contoso.example',
                connectors: ['Recurrence', 'HTTP'],
              }),
            ],
            { now: NOW },
          );
          await store.ingest(
            [
              flowEvent({
                occurredAt: hour(11),
                operation: 'DeleteFlow',
                flowId,
                actorUpn: 'jordan.kim@contoso.example',
                connectors: [],
              }),
            ],
            { now: NOW },
          );
          await store.ingest(
            [
              flowEvent({
                occurredAt: hour(10),
                flowId,
                actorUpn: 'jordan.kim@contoso.example',
                connectors: ['Recurrence', 'HTTP', 'Office 365 Outlook'],
              }),
            ],
            { now: NOW },
          );
          const [flow] = await store.getFlows([flowId]);
          assert.ok(flow);
          assert.equal(flow.deleted, true);
          assert.equal(flow.lastOperation, 'DeleteFlow');
          assert.deepEqual(flow.connectors, ['Recurrence', 'HTTP', 'Office 365 Outlook']);
          assert.equal(flow.creatorUpn, 'avery.lee@contoso.example');
        }),
      );

      test(
        'without a CreateFlow the creator is the actor of the earliest event; a CreateFlow then wins',
        run(async (store) => {
          await store.ingest([flowEvent({ occurredAt: hour(11), flowId, actorUpn: 'jordan.kim@contoso.example' })], {
            now: NOW,
          });
          await store.ingest([flowEvent({ occurredAt: hour(10), flowId, actorUpn: 'sam.ortiz@contoso.example' })], {
            now: NOW,
          });
          let [flow] = await store.getFlows([flowId]);
          assert.equal(flow?.creatorUpn, 'sam.ortiz@contoso.example');
          assert.equal(flow?.createdAt, null);
          await store.ingest(
            [
              flowEvent({
                occurredAt: hour(12),
                operation: 'CreateFlow',
                flowId,
                actorUpn: 'avery.lee@contoso.example',
              }),
            ],
            { now: NOW },
          );
          [flow] = await store.getFlows([flowId]);
          assert.equal(flow?.creatorUpn, 'avery.lee@contoso.example');
          assert.equal(instant(flow?.createdAt ?? null), hour(12));
        }),
      );

      test(
        'events without a flow id (trials) leave the inventory alone; unknown ids return nothing',
        run(async (store) => {
          await store.ingest(
            [
              flowEvent({
                occurredAt: hour(9),
                operation: 'StartAPaidTrial',
                flowId: null,
                environmentId: null,
                connectors: [],
                licenseName: 'Power Automate per user plan',
              }),
            ],
            { now: NOW },
          );
          assert.deepEqual(await store.getFlows([flowId, 'cccccccc-0000-4000-8000-000000000003']), []);
          assert.equal((await all(store, DAY)).total, 1);
        }),
      );
    });

    describe('sync state', () => {
      test(
        'cursors are per source and can be moved',
        run(async (store) => {
          assert.equal(await store.getCursor('mgmt:Audit.General'), null);
          await store.setCursor('mgmt:Audit.General', hour(9));
          await store.setCursor('graph', hour(3));
          await store.setCursor('mgmt:Audit.General', hour(10));
          assert.equal(instant(await store.getCursor('mgmt:Audit.General')), hour(10));
          assert.equal(instant(await store.getCursor('graph')), hour(3));
        }),
      );

      test(
        'coverage merges adjacent and overlapping ranges, per source',
        run(async (store) => {
          const src = 'mgmt:Audit.General';
          assert.deepEqual(await store.getCoverage(src), []);
          await store.addCoverage(src, { from: hour(4), to: hour(5) });
          await store.addCoverage(src, { from: hour(1), to: hour(2) });
          assert.deepEqual(ranges(await store.getCoverage(src)), [
            { from: hour(1), to: hour(2) },
            { from: hour(4), to: hour(5) },
          ]);
          await store.addCoverage(src, { from: hour(2), to: hour(3) });
          assert.deepEqual(ranges(await store.getCoverage(src)), [
            { from: hour(1), to: hour(3) },
            { from: hour(4), to: hour(5) },
          ]);
          await store.addCoverage(src, { from: hour(2, 30), to: hour(4, 30) });
          assert.deepEqual(ranges(await store.getCoverage(src)), [{ from: hour(1), to: hour(5) }]);
          await store.addCoverage(src, { from: hour(0, 30), to: hour(1, 30) });
          await store.addCoverage(src, { from: hour(2), to: hour(3) });
          assert.deepEqual(ranges(await store.getCoverage(src)), [{ from: hour(0, 30), to: hour(5) }]);
          await store.addCoverage('graph', { from: hour(7), to: hour(8) });
          assert.deepEqual(ranges(await store.getCoverage(src)), [{ from: hour(0, 30), to: hour(5) }]);
          assert.deepEqual(ranges(await store.getCoverage('graph')), [{ from: hour(7), to: hour(8) }]);
        }),
      );

      test(
        'a gap is recorded once per content id or range, and listed by range end',
        run(async (store) => {
          const expired = {
            source: 'mgmt:Audit.General',
            contentId: blob(1).contentId,
            from: hour(1),
            to: hour(2),
            reason: 'AF20051 content expired',
            recordedAt: NOW.toISOString(),
          };
          await store.recordGap(expired);
          await store.recordGap({ ...expired, recordedAt: new Date(NOW.getTime() + 60_000).toISOString() });
          const range = {
            source: 'graph',
            contentId: null,
            from: hour(5),
            to: hour(6),
            reason: 'older than retention',
            recordedAt: NOW.toISOString(),
          };
          await store.recordGap(range);
          await store.recordGap(range);
          const gaps = await store.listGaps();
          assert.equal(gaps.length, 2);
          const first = gaps.find((g) => g.contentId === expired.contentId);
          assert.ok(first);
          assert.equal(first.reason, expired.reason);
          assert.equal(instant(first.from), hour(1));
          assert.equal(instant(first.to), hour(2));
          assert.deepEqual(
            (await store.listGaps(hour(3))).map((g) => g.source),
            ['graph'],
          );
        }),
      );

      test(
        'the last sync report round-trips',
        run(async (store) => {
          assert.equal(await store.lastSyncReport(), null);
          const details = { blobsFetched: 3, gaps: ['x'], lag: { newestMs: 5000, cursorMs: null }, error: null };
          await store.saveSyncReport({
            source: 'mgmt:Audit.General',
            startedAt: hour(9),
            finishedAt: hour(9, 1),
            ok: false,
            details: { first: true },
          });
          await store.saveSyncReport({
            source: 'mgmt:Audit.General',
            startedAt: hour(10),
            finishedAt: hour(10, 1),
            ok: true,
            details,
          });
          const last = await store.lastSyncReport();
          assert.ok(last);
          assert.equal(last.ok, true);
          assert.equal(instant(last.startedAt), hour(10));
          assert.equal(instant(last.finishedAt), hour(10, 1));
          assert.deepEqual(last.details, details);
        }),
      );
    });

    describe('questions', () => {
      const FLOW_A = 'dddddddd-0000-4000-8000-00000000000a';
      const FLOW_B = 'dddddddd-0000-4000-8000-00000000000b';
      const SANDBOX = '8a1c7e2f-5b3d-4c9e-a0f1-6d2b8e4c7a90';
      const early = new Date('2026-05-05T10:00:00.000Z');
      const late = new Date('2026-05-06T10:00:00.000Z');
      let events: Record<string, FlowEvent> = {};

      async function seed(store: Store) {
        events = {
          create: flowEvent({
            occurredAt: hour(0),
            operation: 'CreateFlow',
            flowId: FLOW_A,
            actorUpn: 'avery.lee@contoso.example',
            connectors: ['Recurrence', 'SharePoint'],
          }),
          edit: flowEvent({
            occurredAt: hour(1, 15),
            flowId: FLOW_A,
            actorUpn: 'avery.lee@contoso.example',
            connectors: ['Recurrence', 'SharePoint', 'HTTP'],
          }),
          editB: flowEvent({
            occurredAt: hour(2, 45),
            flowId: FLOW_B,
            environmentId: SANDBOX,
            actorUpn: 'jordan.kim@contoso.example',
            connectors: ['sharepoint', 'Office 365 Outlook'],
          }),
          share: flowEvent({
            occurredAt: hour(3, 59),
            operation: 'PutPermissions',
            flowId: FLOW_B,
            environmentId: SANDBOX,
            actorUpn: 'jordan.kim@contoso.example',
            connectors: [],
            recipientUpn: 'sam.ortiz@contoso.example',
            sharingPermission: 3,
          }),
          del: flowEvent({
            occurredAt: hour(5, 30),
            operation: 'DeleteFlow',
            flowId: FLOW_A,
            actorUpn: 'sam.ortiz@contoso.example',
            connectors: [],
          }),
          trial: flowEvent({
            occurredAt: hour(6),
            operation: 'StartAPaidTrial',
            flowId: null,
            environmentId: null,
            actorUpn: 'sam.ortiz@contoso.example',
            connectors: [],
          }),
          atEnd: flowEvent({ occurredAt: hour(24), flowId: FLOW_A, connectors: ['HTTP'] }),
          before: flowEvent({
            occurredAt: new Date(Date.parse(hour(0)) - 1000).toISOString(),
            flowId: FLOW_A,
            connectors: ['HTTP'],
          }),
        };
        const { create, edit, editB, share, del, trial, atEnd, before } = events;
        await store.ingest([create, edit, editB, atEnd, before], { now: early });
        await store.ingest([share, del, trial], { now: late });
      }
      const idsOf = (...names: string[]) => names.map((n) => events[n].id).sort();

      test(
        'a period is half-open: an event at `from` is in, one at `to` is out',
        run(async (store) => {
          await seed(store);
          assert.deepEqual(
            ids((await all(store, DAY)).events),
            idsOf('create', 'edit', 'editB', 'share', 'del', 'trial'),
          );
          assert.deepEqual(ids((await all(store, { from: hour(1, 15), to: hour(2, 45) })).events), idsOf('edit'));
        }),
      );

      test(
        'filters by operations, actor, connector (any case), environment, flow and ingestion time',
        run(async (store) => {
          await seed(store);
          const find = async (extra: Partial<EventFilter>) => ids((await all(store, { ...DAY, ...extra })).events);
          assert.deepEqual(await find({ operations: ['CreateFlow', 'DeleteFlow'] }), idsOf('create', 'del'));
          assert.deepEqual(await find({ actorUpn: 'jordan.kim@contoso.example' }), idsOf('editB', 'share'));
          assert.deepEqual(await find({ connector: 'sharepoint' }), idsOf('create', 'edit', 'editB'));
          assert.deepEqual(await find({ connector: 'HTTP' }), idsOf('edit'));
          assert.deepEqual(await find({ connector: 'Http' }), idsOf('edit'));
          assert.deepEqual(await find({ connector: 'SQL Server' }), []);
          assert.deepEqual(await find({ environmentId: SANDBOX }), idsOf('editB', 'share'));
          assert.deepEqual(await find({ environmentId: DEFAULT_ENV, operations: ['EditFlow'] }), idsOf('edit'));
          assert.deepEqual(await find({ flowId: FLOW_A }), idsOf('create', 'edit', 'del'));
          assert.deepEqual(await find({ ingestedFrom: late.toISOString() }), idsOf('share', 'del', 'trial'));
          assert.deepEqual(await find({ ingestedTo: late.toISOString() }), idsOf('create', 'edit', 'editB'));
          assert.deepEqual(
            await find({
              ingestedFrom: early.toISOString(),
              ingestedTo: late.toISOString(),
              actorUpn: 'avery.lee@contoso.example',
              connector: 'HTTP',
            }),
            idsOf('edit'),
          );
        }),
      );

      test(
        'lists newest first and pages with the total before paging',
        run(async (store) => {
          await seed(store);
          const order = ['trial', 'del', 'share', 'editB', 'edit', 'create'].map((n) => events[n].id);
          const page1 = await store.findEvents(DAY, { limit: 4, offset: 0 });
          const page2 = await store.findEvents(DAY, { limit: 4, offset: 4 });
          assert.equal(page1.total, 6);
          assert.equal(page2.total, 6);
          assert.deepEqual(
            [...page1.events, ...page2.events].map((e) => e.id),
            order,
          );
          const past = await store.findEvents(DAY, { limit: 4, offset: 10 });
          assert.deepEqual(past, { events: [], total: 6 });
        }),
      );

      test(
        'listEvents pages like findEvents, ties and all, without raw records',
        run(async (store) => {
          await seed(store);
          // Several events at one instant, across operations: the merged order must still be by arrival.
          const tied = ['EditFlow', 'CreateFlow', 'EditFlow', 'PutPermissions', 'CreateFlow'].map((operation) =>
            flowEvent({
              occurredAt: hour(4),
              operation,
              flowId: FLOW_A,
              actorUpn: 'avery.lee@contoso.example',
              connectors: ['HTTP'],
            }),
          );
          await store.ingest(tied, { now: late });
          const atFour = { from: hour(4), to: hour(4, 1), operations: ['CreateFlow', 'EditFlow', 'PutPermissions'] };
          const newestStoredFirst = tied.map((e) => e.id).reverse();
          assert.deepEqual(
            (await store.listEvents(atFour, { limit: 10, offset: 0 })).map((e) => e.id),
            newestStoredFirst,
          );
          assert.deepEqual(
            (await store.listEvents(atFour, { limit: 2, offset: 1 })).map((e) => e.id),
            newestStoredFirst.slice(1, 3),
          );
          assert.deepEqual(
            (await store.findEvents(atFour, { limit: 2, offset: 3 })).events.map((e) => e.id),
            newestStoredFirst.slice(3, 5),
          );
          const filters: EventFilter[] = [
            DAY,
            { ...DAY, operations: ['EditFlow'] },
            { ...DAY, operations: ['CreateFlow', 'EditFlow', 'PutPermissions'] },
            { ...DAY, connector: 'http' },
            { ...DAY, connector: 'HTTP', operations: ['CreateFlow'] },
            { ...DAY, actorUpn: 'avery.lee@contoso.example' },
            { ...DAY, ingestedFrom: late.toISOString(), operations: ['EditFlow', 'DeleteFlow'] },
          ];
          for (const filter of filters) {
            const { events: expected, total } = await all(store, filter);
            assert.ok(total > 1, `filter ${JSON.stringify(filter)} should match several events`);
            for (const page of [
              { limit: 1000, offset: 0 },
              { limit: 2, offset: 0 },
              { limit: 2, offset: 1 },
              { limit: 3, offset: total - 1 },
              { limit: 5, offset: total },
            ]) {
              const listed = await store.listEvents(filter, page);
              const want = expected.slice(page.offset, page.offset + page.limit).map(({ raw: _raw, ...rest }) => rest);
              assert.deepEqual(listed, want, `filter ${JSON.stringify(filter)}, page ${JSON.stringify(page)}`);
            }
          }
          assert.deepEqual(await store.listEvents(DAY, { limit: 0, offset: 0 }), []);
          await assert.rejects(store.listEvents(DAY, { limit: -1, offset: 0 }), RangeError);
        }),
      );

      test(
        'counts by operation, actor, environment and flow, largest first; events without the key are not counted',
        run(async (store) => {
          await seed(store);
          assert.deepEqual(
            await store.countBy(DAY, 'operation'),
            [
              { key: 'CreateFlow', count: 1 },
              { key: 'DeleteFlow', count: 1 },
              { key: 'EditFlow', count: 2 },
              { key: 'PutPermissions', count: 1 },
              { key: 'StartAPaidTrial', count: 1 },
            ].sort((a, b) => b.count - a.count || a.key.localeCompare(b.key)),
          );
          assert.deepEqual(await store.countBy(DAY, 'actor'), [
            { key: 'avery.lee@contoso.example', count: 2 },
            { key: 'jordan.kim@contoso.example', count: 2 },
            { key: 'sam.ortiz@contoso.example', count: 2 },
          ]);
          assert.deepEqual(await store.countBy(DAY, 'environment'), [
            { key: DEFAULT_ENV, count: 3 },
            { key: SANDBOX, count: 2 },
          ]);
          assert.deepEqual(await store.countBy(DAY, 'flow'), [
            { key: FLOW_A, count: 3 },
            { key: FLOW_B, count: 2 },
          ]);
          assert.deepEqual(await store.countBy({ ...DAY, operations: ['EditFlow', 'PutPermissions'] }, 'actor'), [
            { key: 'jordan.kim@contoso.example', count: 2 },
            { key: 'avery.lee@contoso.example', count: 1 },
          ]);
          assert.deepEqual(await store.countBy({ ...DAY, actorUpn: 'sam.ortiz@contoso.example' }, 'operation'), [
            { key: 'DeleteFlow', count: 1 },
            { key: 'StartAPaidTrial', count: 1 },
          ]);
          assert.deepEqual(await store.countBy({ from: hour(7), to: hour(8) }, 'operation'), []);
        }),
      );

      test(
        'counts flows per actor in one read, as countBy per actor would, cut to the limit',
        run(async (store) => {
          await seed(store);
          // avery: two flows with one event each (a tie at the limit), jordan: FLOW_B twice.
          await store.ingest(
            [
              flowEvent({
                occurredAt: hour(7),
                operation: 'EditFlow',
                flowId: FLOW_B,
                actorUpn: 'avery.lee@contoso.example',
                connectors: [],
              }),
            ],
            { now: late },
          );
          const avery = 'avery.lee@contoso.example';
          const jordan = 'jordan.kim@contoso.example';
          const sam = 'sam.ortiz@contoso.example';
          assert.deepEqual(await store.countFlowsByActor(DAY, [jordan, avery, 'nobody@contoso.example'], 5), [
            { actor: jordan, flows: [{ key: FLOW_B, count: 2 }] },
            {
              actor: avery,
              flows: [
                { key: FLOW_A, count: 2 },
                { key: FLOW_B, count: 1 },
              ],
            },
            { actor: 'nobody@contoso.example', flows: [] },
          ]);
          const filters: EventFilter[] = [
            DAY,
            { ...DAY, operations: ['EditFlow', 'PutPermissions'] },
            { ...DAY, connector: 'sharepoint' },
            { ...DAY, environmentId: SANDBOX },
          ];
          for (const filter of filters) {
            for (const limit of [1, 2, 5]) {
              const expected = await Promise.all(
                [avery, jordan, sam].map(async (actor) => ({
                  actor,
                  flows: (await store.countBy({ ...filter, actorUpn: actor }, 'flow')).slice(0, limit),
                })),
              );
              assert.deepEqual(
                await store.countFlowsByActor(filter, [avery, jordan, sam], limit),
                expected,
                `filter ${JSON.stringify(filter)}, limit ${limit}`,
              );
            }
          }
          // Sam's trial has no flow: not counted.
          assert.deepEqual(await store.countFlowsByActor({ ...DAY, operations: ['StartAPaidTrial'] }, [sam], 5), [
            { actor: sam, flows: [] },
          ]);
          assert.deepEqual(await store.countFlowsByActor(DAY, [avery], 0), [{ actor: avery, flows: [] }]);
          assert.deepEqual(await store.countFlowsByActor(DAY, [], 5), []);
          await assert.rejects(store.countFlowsByActor(DAY, [avery], -1), RangeError);
        }),
      );

      test(
        'counts by connector once per event and connector, any case, with filters',
        run(async (store) => {
          await seed(store);
          const byConnector = await store.countBy(DAY, 'connector');
          const lower = byConnector.map((g) => ({ key: g.key.toLowerCase(), count: g.count }));
          assert.deepEqual(lower, [
            { key: 'sharepoint', count: 3 },
            { key: 'recurrence', count: 2 },
            { key: 'http', count: 1 },
            { key: 'office 365 outlook', count: 1 },
          ]);
          assert.deepEqual(
            await store.countBy({ ...DAY, operations: ['EditFlow'], environmentId: DEFAULT_ENV }, 'connector'),
            [
              { key: 'HTTP', count: 1 },
              { key: 'Recurrence', count: 1 },
              { key: 'SharePoint', count: 1 },
            ],
          );
          assert.deepEqual(await store.countBy({ ...DAY, connector: 'http' }, 'operation'), [
            { key: 'EditFlow', count: 1 },
          ]);
        }),
      );

      test(
        'counts by connector over many hours, with partial hours at both ends',
        run(async (store) => {
          const batch: FlowEvent[] = [];
          // One event every 20 minutes for three days, alternating connectors and operations.
          for (let i = 0; i < 3 * 72; i++) {
            const at = new Date(Date.parse(hour(0)) + i * 20 * 60_000 + 5 * 60_000).toISOString();
            batch.push(
              flowEvent({
                occurredAt: at,
                operation: i % 3 === 0 ? 'CreateFlow' : 'EditFlow',
                connectors: i % 2 === 0 ? ['HTTP', 'Http', 'SharePoint'] : ['SharePoint'],
              }),
            );
          }
          await store.ingest(batch, { now: NOW });
          // Duplicates must not count twice, whichever way an implementation keeps its counts.
          assert.deepEqual(await store.ingest(batch.slice(0, 50), { now: NOW }), { inserted: 0, duplicates: 50 });
          const filter = {
            from: hour(1, 20),
            to: new Date(Date.parse(hour(0)) + 49 * 3_600_000 + 30 * 60_000).toISOString(),
          };
          const inRange = batch.filter((e) => e.occurredAt >= filter.from && e.occurredAt < filter.to);
          const expect = (events: FlowEvent[]) =>
            [
              { key: 'sharepoint', count: events.length },
              { key: 'http', count: events.filter((e) => e.connectors.includes('HTTP')).length },
            ].filter((g) => g.count > 0);
          const got = async (f: EventFilter) =>
            (await store.countBy(f, 'connector')).map((g) => ({ key: g.key.toLowerCase(), count: g.count }));
          assert.deepEqual(await got(filter), expect(inRange));
          assert.deepEqual(
            await got({ ...filter, operations: ['CreateFlow'] }),
            expect(inRange.filter((e) => e.operation === 'CreateFlow')),
          );
          const { total } = await store.findEvents(filter, { limit: 1, offset: 0 });
          assert.equal(total, inRange.length);
          const withHttp = inRange.filter((e) => e.connectors.includes('HTTP'));
          const perOperation = ['CreateFlow', 'EditFlow']
            .map((key) => ({ key, count: withHttp.filter((e) => e.operation === key).length }))
            .sort((a, b) => b.count - a.count || a.key.localeCompare(b.key));
          assert.deepEqual(await store.countBy({ ...filter, connector: 'http' }, 'operation'), perOperation);
          const page = await store.findEvents({ ...filter, connector: 'Http' }, { limit: 5, offset: 3 });
          assert.equal(page.total, withHttp.length);
          const newestFirst = [...withHttp].sort((a, b) => b.occurredAt.localeCompare(a.occurredAt));
          assert.deepEqual(
            page.events.map((e) => e.id),
            newestFirst.slice(3, 8).map((e) => e.id),
          );
          const creates = inRange
            .filter((e) => e.operation === 'CreateFlow')
            .sort((a, b) => b.occurredAt.localeCompare(a.occurredAt));
          const createPage = await store.findEvents({ ...filter, operations: ['CreateFlow'] }, { limit: 4, offset: 2 });
          assert.equal(createPage.total, creates.length);
          assert.deepEqual(
            createPage.events.map((e) => e.id),
            creates.slice(2, 6).map((e) => e.id),
          );
          assert.deepEqual(await store.countBy({ ...filter, operations: ['CreateFlow'] }, 'operation'), [
            { key: 'CreateFlow', count: creates.length },
          ]);
        }),
      );
    });

    ingestBlobsContract(run);
    botStateContract(run);
  });
}
