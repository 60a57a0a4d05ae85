/**
 * The PostgreSQL store's connector rows and hourly counts (migration 2): ingest keeps them equal
 * to the events it stored (duplicates and all), hour slots are floors also before 1970, and the
 * migration fills them from events a version-1 database already holds, so questions answer alike
 * before and after an upgrade.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { FlowEvent } from '../../src/model/flow-event.ts';
import { POSTGRES_MIGRATIONS } from '../../src/store/migrations/postgres.ts';
import { openPostgresStore, type PostgresStore } from '../../src/store/postgres/postgres-store.ts';
import { migratePostgres } from '../../src/store/postgres/migrate.ts';
import { createPostgresPool } from '../../src/store/postgres/pool.ts';
import { checkEvent } from '../../src/store/event-checks.ts';
import { eventToRow } from '../../src/store/postgres/rows.ts';
import type { EventFilter } from '../../src/model/event-query.ts';
import { flowEvent } from './flow-event-fixtures.ts';
import {
  adminQuery,
  createTestSchema,
  postgresSkipReason,
  TEST_DATABASE_URL,
  type TestSchema,
} from './postgres-test-database.ts';

const skip = await postgresSkipReason();
const HOUR = 3_600_000;
const NOW = new Date('2026-11-24T09:00:00.000Z');
const START = Date.parse('2026-11-20T00:00:00.000Z');

/** Events every 13 minutes over two days with mixed connector spellings, plus one from 1969. */
function sampleEvents(): FlowEvent[] {
  const connectorSets = [
    ['HTTP', 'SharePoint'],
    ['http', ' Http ', 'Office 365 Outlook'],
    [],
    ['SharePoint'],
    ['Approvals', 'HTTP'],
  ];
  const operations = ['CreateFlow', 'EditFlow', 'EditFlow', 'PutPermissions', 'DeleteFlow'];
  const events = Array.from({ length: 220 }, (_, i) =>
    flowEvent({
      occurredAt: new Date(START + i * 13 * 60_000 + 7_000).toISOString(),
      operation: operations[i % operations.length],
      connectors: connectorSets[(i * 7) % connectorSets.length],
      actorUpn: `maker${i % 9}@contoso.example`,
    }),
  );
  // Before the epoch the hour slot is the floor (23:00 of 1969-12-31), not a truncation towards zero.
  events.push(flowEvent({ occurredAt: '1969-12-31T23:30:00.000Z', operation: 'CreateFlow', connectors: ['HTTP'] }));
  return events;
}

interface Slot {
  hour: number;
  operation: string;
  connector?: string;
  display?: string;
  count: number;
}

/** The hourly counts the stored events call for, computed here with Math.floor. */
function expectedRollups(events: FlowEvent[]): { operations: Slot[]; connectors: Slot[] } {
  const operations = new Map<string, Slot>();
  const connectors = new Map<string, Slot>();
  for (const event of events) {
    const hour = Math.floor(Date.parse(event.occurredAt) / HOUR) * HOUR;
    const op = operations.get(`${hour}|${event.operation}`) ?? { hour, operation: event.operation, count: 0 };
    op.count++;
    operations.set(`${hour}|${event.operation}`, op);
    const seen = new Set<string>();
    for (const raw of event.connectors) {
      const display = raw.trim();
      const key = display.toLowerCase();
      if (!key || seen.has(key)) continue;
      seen.add(key);
      const slot = connectors.get(`${hour}|${event.operation}|${key}`) ?? {
        hour,
        operation: event.operation,
        connector: key,
        display,
        count: 0,
      };
      slot.count++;
      if (display < slot.display!) slot.display = display;
      connectors.set(`${hour}|${event.operation}|${key}`, slot);
    }
  }
  const order = (a: Slot, b: Slot) =>
    a.hour - b.hour || a.operation.localeCompare(b.operation) || (a.connector ?? '').localeCompare(b.connector ?? '');
  return { operations: [...operations.values()].sort(order), connectors: [...connectors.values()].sort(order) };
}

async function storedRollups(schema: string): Promise<{ operations: Slot[]; connectors: Slot[] }> {
  const operations = await adminQuery(
    TEST_DATABASE_URL,
    `SELECT hour_ms, operation, count FROM ${schema}.operation_hourly_counts`,
  );
  const connectors = await adminQuery(
    TEST_DATABASE_URL,
    `SELECT hour_ms, operation, connector_key, connector_name, count FROM ${schema}.connector_hourly_counts`,
  );
  const order = (a: Slot, b: Slot) =>
    a.hour - b.hour || a.operation.localeCompare(b.operation) || (a.connector ?? '').localeCompare(b.connector ?? '');
  return {
    operations: operations.rows
      .map((r) => ({ hour: Number(r.hour_ms), operation: r.operation, count: Number(r.count) }))
      .sort(order),
    connectors: connectors.rows
      .map((r) => ({
        hour: Number(r.hour_ms),
        operation: r.operation,
        connector: r.connector_key,
        display: r.connector_name,
        count: Number(r.count),
      }))
      .sort(order),
  };
}

/** Answers that read the rollups and connector rows: whole and partial hours, with and without filters. */
async function answers(store: PostgresStore): Promise<unknown[]> {
  const filters: EventFilter[] = [
    { from: '2026-11-20T01:20:00.000Z', to: '2026-11-21T17:45:00.000Z' },
    { from: '2026-11-20T03:05:00.000Z', to: '2026-11-20T03:50:00.000Z' },
    { from: '2026-11-20T00:00:00.000Z', to: '2026-11-23T00:00:00.000Z', operations: ['EditFlow', 'CreateFlow'] },
    { from: '1969-12-31T23:00:00.000Z', to: '1970-01-01T00:00:00.000Z' },
  ];
  const out: unknown[] = [];
  for (const filter of filters) {
    out.push(await store.events.countBy(filter, 'operation'), await store.events.countBy(filter, 'connector'));
    out.push(await store.events.countBy({ ...filter, connectors: ['Http'] }, 'operation'));
    const page = await store.events.findEvents({ ...filter, connectors: ['http'] }, { limit: 7, offset: 2 });
    out.push(
      page.total,
      page.events.map((e) => e.id),
    );
    // Several connectors (a family): each event once, however many of them it names.
    const family = { ...filter, connectors: ['HTTP', 'sharepoint'] };
    out.push(await store.events.countBy(family, 'operation'), await store.events.countBy(family, 'connector'));
    out.push((await store.events.findEvents(family, { limit: 7, offset: 2 })).events.map((e) => e.id));
    const listed = await store.events.findEvents(filter, { limit: 5, offset: 1 });
    out.push(
      listed.total,
      listed.events.map((e) => e.id),
    );
  }
  return out;
}

describe('PostgreSQL connector rows and hourly counts', { skip: skip ?? false }, () => {
  let db: TestSchema;
  const opened: PostgresStore[] = [];
  before(async () => {
    db = await createTestSchema('fw_pgrollup');
  });
  after(async () => {
    await Promise.all(opened.map((s) => s.close().catch(() => undefined)));
    await db.drop();
  });

  test('ingest keeps the hourly counts equal to the new events, duplicates and repeated blobs left out', async () => {
    const schema = `${db.schema}_ingest`;
    const store = await openPostgresStore({ connectionString: TEST_DATABASE_URL, schema, max: 2 });
    opened.push(store);
    try {
      const events = sampleEvents();
      await store.events.ingest(events.slice(0, 120), { now: NOW });
      // Overlapping batches, one with an id twice: only the first copy of each id counts.
      assert.deepEqual(await store.events.ingest([...events.slice(100, 180), events[150]], { now: NOW }), {
        inserted: 60,
        duplicates: 21,
      });
      await store.events.ingestBlobs(
        [
          { events: events.slice(170, 200), blob: { contentId: 'blob-a', contentCreated: NOW.toISOString() } },
          { events: events.slice(190), blob: { contentId: 'blob-b', contentCreated: NOW.toISOString() } },
        ],
        { now: NOW },
      );
      assert.deepEqual(await storedRollups(schema), expectedRollups(events));
      const rows = await adminQuery(TEST_DATABASE_URL, `SELECT count(*) AS n FROM ${schema}.event_connectors`);
      const expectedRows = events.reduce(
        (n, e) => n + new Set(e.connectors.map((c) => c.trim().toLowerCase()).filter(Boolean)).size,
        0,
      );
      assert.equal(Number(rows.rows[0].n), expectedRows);
      const early = await store.events.countBy(
        { from: '1969-12-31T23:00:00.000Z', to: '1970-01-01T00:00:00.000Z' },
        'connector',
      );
      assert.deepEqual(early, [{ key: 'HTTP', count: 1 }]);
    } finally {
      await adminQuery(TEST_DATABASE_URL, `DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    }
  });

  test('migration 2 fills the connector rows and hourly counts from events stored under version 1', async () => {
    const upgraded = `${db.schema}_v1`;
    const fresh = `${db.schema}_v2`;
    const events = sampleEvents();
    try {
      // A version-1 database, its events written as version 1 wrote them (no connector rows, no counts).
      const pool = createPostgresPool({ connectionString: TEST_DATABASE_URL, schema: upgraded, max: 1 });
      try {
        await migratePostgres(
          pool,
          POSTGRES_MIGRATIONS.filter((m) => m.version === 1),
          { schema: upgraded },
        );
        const rows = events.map((e) => eventToRow(e, checkEvent(e), NOW.getTime()));
        await pool.query(
          `INSERT INTO flow_events (id, operation, occurred_at, occurred_ms, actor_upn, result_status, environment_id, flow_id, flow_name,
             details_url, connectors, connector_keys, connector_names, sharing_permission, recipient_upn, license_name, initiated_by,
             tenant_id, client_ip, raw, ingested_ms)
           SELECT * FROM json_to_recordset($1::json) AS x(id text, operation text, occurred_at text, occurred_ms bigint, actor_upn text,
             result_status text, environment_id text, flow_id text, flow_name text, details_url text, connectors text[], connector_keys text[],
             connector_names text[], sharing_permission double precision, recipient_upn text, license_name text, initiated_by text,
             tenant_id text, client_ip text, raw text, ingested_ms bigint)`,
          [JSON.stringify(rows)],
        );
      } finally {
        await pool.end();
      }
      const upgradedStore = await openPostgresStore({ connectionString: TEST_DATABASE_URL, schema: upgraded, max: 2 });
      opened.push(upgradedStore);
      const freshStore = await openPostgresStore({ connectionString: TEST_DATABASE_URL, schema: fresh, max: 2 });
      opened.push(freshStore);
      await freshStore.events.ingest(events, { now: NOW });

      assert.deepEqual(await storedRollups(upgraded), expectedRollups(events));
      assert.deepEqual(await answers(upgradedStore), await answers(freshStore));
    } finally {
      await adminQuery(TEST_DATABASE_URL, `DROP SCHEMA IF EXISTS ${upgraded} CASCADE`);
      await adminQuery(TEST_DATABASE_URL, `DROP SCHEMA IF EXISTS ${fresh} CASCADE`);
    }
  });
});
