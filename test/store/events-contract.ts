/**
 * The EventStore contract: ingest (dedup, validation, atomic done marks) and the question reads
 * (findEvents, listEvents, countBy, countFlowsByActor). Registered by storeContract for every store.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Store } from '../../src/store/store.ts';
import type { FlowEvent } from '../../src/model/flow-event.ts';
import type { EventFilter } from '../../src/model/event-query.ts';
import { NOW, instant, ids, hour, blob, all, DAY, type RunWithStore } from './contract-helpers.ts';
import { DEFAULT_ENV, flowEvent } from './flow-event-fixtures.ts';

export function eventsContract(run: RunWithStore): void {
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
        await store.events.ingest([event], { now: NOW });
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
        assert.deepEqual(await store.events.ingest([first, again], { now: NOW }), { inserted: 1, duplicates: 1 });
        assert.deepEqual(await store.events.ingest([again, flowEvent({ occurredAt: hour(10) })], { now: NOW }), {
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
        assert.deepEqual([...(await store.syncState.doneBlobs([blob(1).contentId]))], []);
        await store.events.ingest([flowEvent({ occurredAt: hour(9) })], { now: NOW, blob: blob(1) });
        await store.events.ingest([], { now: NOW, blob: blob(2) });
        const done = await store.syncState.doneBlobs([blob(1).contentId, blob(2).contentId, blob(3).contentId]);
        assert.deepEqual([...done].sort(), [blob(1).contentId, blob(2).contentId].sort());
        assert.equal((await all(store, DAY)).total, 1);
      }),
    );

    test(
      'answers doneBlobs for long id lists',
      run(async (store) => {
        const blobs = Array.from({ length: 1200 }, (_, i) => ({ contentId: `blob-${i}`, contentCreated: hour(10) }));
        for (const b of blobs.filter((_, i) => i % 3 === 0)) await store.events.ingest([], { now: NOW, blob: b });
        const done = await store.syncState.doneBlobs(blobs.map((b) => b.contentId));
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
        await assert.rejects(store.events.ingest([good, bad], { now: NOW, blob: blob(1) }));
        assert.equal((await all(store, DAY)).total, 0);
        assert.equal((await store.syncState.doneBlobs([blob(1).contentId])).size, 0);
        assert.deepEqual(await store.inventory.getFlows(['aaaaaaaa-0000-4000-8000-000000000001']), []);
        assert.deepEqual(await store.events.ingest([good], { now: NOW, blob: blob(1) }), {
          inserted: 1,
          duplicates: 0,
        });
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
      await store.events.ingest([create, edit, editB, atEnd, before], { now: early });
      await store.events.ingest([share, del, trial], { now: late });
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
        assert.deepEqual(await find({ connectors: ['sharepoint'] }), idsOf('create', 'edit', 'editB'));
        assert.deepEqual(await find({ connectors: ['HTTP'] }), idsOf('edit'));
        assert.deepEqual(await find({ connectors: ['Http'] }), idsOf('edit'));
        assert.deepEqual(await find({ connectors: ['SQL Server'] }), []);
        // Several connectors: any of them, and an event naming two of them is listed once.
        assert.deepEqual(await find({ connectors: ['HTTP', 'SharePoint', 'http'] }), idsOf('create', 'edit', 'editB'));
        assert.deepEqual(await find({ connectors: ['HTTP', 'Office 365 Outlook'] }), idsOf('edit', 'editB'));
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
            connectors: ['HTTP'],
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
        const page1 = await store.events.findEvents(DAY, { limit: 4, offset: 0 });
        const page2 = await store.events.findEvents(DAY, { limit: 4, offset: 4 });
        assert.equal(page1.total, 6);
        assert.equal(page2.total, 6);
        assert.deepEqual(
          [...page1.events, ...page2.events].map((e) => e.id),
          order,
        );
        const past = await store.events.findEvents(DAY, { limit: 4, offset: 10 });
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
        await store.events.ingest(tied, { now: late });
        const atFour = { from: hour(4), to: hour(4, 1), operations: ['CreateFlow', 'EditFlow', 'PutPermissions'] };
        const newestStoredFirst = tied.map((e) => e.id).reverse();
        assert.deepEqual(
          (await store.events.listEvents(atFour, { limit: 10, offset: 0 })).map((e) => e.id),
          newestStoredFirst,
        );
        assert.deepEqual(
          (await store.events.listEvents(atFour, { limit: 2, offset: 1 })).map((e) => e.id),
          newestStoredFirst.slice(1, 3),
        );
        assert.deepEqual(
          (await store.events.findEvents(atFour, { limit: 2, offset: 3 })).events.map((e) => e.id),
          newestStoredFirst.slice(3, 5),
        );
        const filters: EventFilter[] = [
          DAY,
          { ...DAY, operations: ['EditFlow'] },
          { ...DAY, operations: ['CreateFlow', 'EditFlow', 'PutPermissions'] },
          { ...DAY, connectors: ['http'] },
          { ...DAY, connectors: ['HTTP'], operations: ['CreateFlow'] },
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
            const listed = await store.events.listEvents(filter, page);
            const want = expected.slice(page.offset, page.offset + page.limit).map(({ raw: _raw, ...rest }) => rest);
            assert.deepEqual(listed, want, `filter ${JSON.stringify(filter)}, page ${JSON.stringify(page)}`);
          }
        }
        assert.deepEqual(await store.events.listEvents(DAY, { limit: 0, offset: 0 }), []);
        await assert.rejects(store.events.listEvents(DAY, { limit: -1, offset: 0 }), RangeError);
      }),
    );

    test(
      'counts by operation, actor, environment and flow, largest first; events without the key are not counted',
      run(async (store) => {
        await seed(store);
        assert.deepEqual(
          await store.events.countBy(DAY, 'operation'),
          [
            { key: 'CreateFlow', count: 1 },
            { key: 'DeleteFlow', count: 1 },
            { key: 'EditFlow', count: 2 },
            { key: 'PutPermissions', count: 1 },
            { key: 'StartAPaidTrial', count: 1 },
          ].sort((a, b) => b.count - a.count || a.key.localeCompare(b.key)),
        );
        assert.deepEqual(await store.events.countBy(DAY, 'actor'), [
          { key: 'avery.lee@contoso.example', count: 2 },
          { key: 'jordan.kim@contoso.example', count: 2 },
          { key: 'sam.ortiz@contoso.example', count: 2 },
        ]);
        assert.deepEqual(await store.events.countBy(DAY, 'environment'), [
          { key: DEFAULT_ENV, count: 3 },
          { key: SANDBOX, count: 2 },
        ]);
        assert.deepEqual(await store.events.countBy(DAY, 'flow'), [
          { key: FLOW_A, count: 3 },
          { key: FLOW_B, count: 2 },
        ]);
        assert.deepEqual(await store.events.countBy({ ...DAY, operations: ['EditFlow', 'PutPermissions'] }, 'actor'), [
          { key: 'jordan.kim@contoso.example', count: 2 },
          { key: 'avery.lee@contoso.example', count: 1 },
        ]);
        assert.deepEqual(await store.events.countBy({ ...DAY, actorUpn: 'sam.ortiz@contoso.example' }, 'operation'), [
          { key: 'DeleteFlow', count: 1 },
          { key: 'StartAPaidTrial', count: 1 },
        ]);
        assert.deepEqual(await store.events.countBy({ from: hour(7), to: hour(8) }, 'operation'), []);
      }),
    );

    test(
      'counts flows per actor in one read, as countBy per actor would, cut to the limit',
      run(async (store) => {
        await seed(store);
        // avery: two flows with one event each (a tie at the limit), jordan: FLOW_B twice.
        await store.events.ingest(
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
        assert.deepEqual(await store.events.countFlowsByActor(DAY, [jordan, avery, 'nobody@contoso.example'], 5), [
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
          { ...DAY, connectors: ['sharepoint'] },
          { ...DAY, environmentId: SANDBOX },
        ];
        for (const filter of filters) {
          for (const limit of [1, 2, 5]) {
            const expected = await Promise.all(
              [avery, jordan, sam].map(async (actor) => ({
                actor,
                flows: (await store.events.countBy({ ...filter, actorUpn: actor }, 'flow')).slice(0, limit),
              })),
            );
            assert.deepEqual(
              await store.events.countFlowsByActor(filter, [avery, jordan, sam], limit),
              expected,
              `filter ${JSON.stringify(filter)}, limit ${limit}`,
            );
          }
        }
        // Sam's trial has no flow: not counted.
        assert.deepEqual(await store.events.countFlowsByActor({ ...DAY, operations: ['StartAPaidTrial'] }, [sam], 5), [
          { actor: sam, flows: [] },
        ]);
        assert.deepEqual(await store.events.countFlowsByActor(DAY, [avery], 0), [{ actor: avery, flows: [] }]);
        assert.deepEqual(await store.events.countFlowsByActor(DAY, [], 5), []);
        await assert.rejects(store.events.countFlowsByActor(DAY, [avery], -1), RangeError);
      }),
    );

    test(
      'counts by connector once per event and connector, any case, with filters',
      run(async (store) => {
        await seed(store);
        const byConnector = await store.events.countBy(DAY, 'connector');
        const lower = byConnector.map((g) => ({ key: g.key.toLowerCase(), count: g.count }));
        assert.deepEqual(lower, [
          { key: 'sharepoint', count: 3 },
          { key: 'recurrence', count: 2 },
          { key: 'http', count: 1 },
          { key: 'office 365 outlook', count: 1 },
        ]);
        assert.deepEqual(
          await store.events.countBy({ ...DAY, operations: ['EditFlow'], environmentId: DEFAULT_ENV }, 'connector'),
          [
            { key: 'HTTP', count: 1 },
            { key: 'Recurrence', count: 1 },
            { key: 'SharePoint', count: 1 },
          ],
        );
        assert.deepEqual(await store.events.countBy({ ...DAY, connectors: ['http'] }, 'operation'), [
          { key: 'EditFlow', count: 1 },
        ]);
        // The edit names both HTTP and SharePoint: one event, counted once.
        assert.deepEqual(await store.events.countBy({ ...DAY, connectors: ['http', 'SharePoint'] }, 'operation'), [
          { key: 'EditFlow', count: 2 },
          { key: 'CreateFlow', count: 1 },
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
        await store.events.ingest(batch, { now: NOW });
        // Duplicates must not count twice, whichever way an implementation keeps its counts.
        assert.deepEqual(await store.events.ingest(batch.slice(0, 50), { now: NOW }), {
          inserted: 0,
          duplicates: 50,
        });
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
          (await store.events.countBy(f, 'connector')).map((g) => ({ key: g.key.toLowerCase(), count: g.count }));
        assert.deepEqual(await got(filter), expect(inRange));
        assert.deepEqual(
          await got({ ...filter, operations: ['CreateFlow'] }),
          expect(inRange.filter((e) => e.operation === 'CreateFlow')),
        );
        const { total } = await store.events.findEvents(filter, { limit: 1, offset: 0 });
        assert.equal(total, inRange.length);
        const withHttp = inRange.filter((e) => e.connectors.includes('HTTP'));
        const perOperation = ['CreateFlow', 'EditFlow']
          .map((key) => ({ key, count: withHttp.filter((e) => e.operation === key).length }))
          .sort((a, b) => b.count - a.count || a.key.localeCompare(b.key));
        assert.deepEqual(await store.events.countBy({ ...filter, connectors: ['http'] }, 'operation'), perOperation);
        const page = await store.events.findEvents({ ...filter, connectors: ['Http'] }, { limit: 5, offset: 3 });
        assert.equal(page.total, withHttp.length);
        const newestFirst = [...withHttp].sort((a, b) => b.occurredAt.localeCompare(a.occurredAt));
        assert.deepEqual(
          page.events.map((e) => e.id),
          newestFirst.slice(3, 8).map((e) => e.id),
        );
        const creates = inRange
          .filter((e) => e.operation === 'CreateFlow')
          .sort((a, b) => b.occurredAt.localeCompare(a.occurredAt));
        const createPage = await store.events.findEvents(
          { ...filter, operations: ['CreateFlow'] },
          { limit: 4, offset: 2 },
        );
        assert.equal(createPage.total, creates.length);
        assert.deepEqual(
          createPage.events.map((e) => e.id),
          creates.slice(2, 6).map((e) => e.id),
        );
        assert.deepEqual(await store.events.countBy({ ...filter, operations: ['CreateFlow'] }, 'operation'), [
          { key: 'CreateFlow', count: creates.length },
        ]);
      }),
    );
  });
}
