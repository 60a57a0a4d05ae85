import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { SqliteStore } from '../../src/store/sqlite/sqlite-store.ts';
import { fileURLToPath } from 'node:url';
import { formatImportSummary, importAuditFiles } from '../../src/audit/import-audit-files.ts';
import type { FlowEvent } from '../../src/model/flow-event.ts';
import type { IngestOptions, IngestResult } from '../../src/store/event-store.ts';
import type { TimeRange } from '../../src/model/event-query.ts';

const fixture = (name: string): string => fileURLToPath(new URL(`../fixtures/audit/${name}`, import.meta.url));

/** Records what the import hands to the store; dedupes on id as every Store must. */
function recordingStore() {
  const stored = new Map<string, FlowEvent>();
  const calls: IngestOptions[] = [];
  const coverage: { source: string; range: TimeRange }[] = [];
  return {
    stored,
    calls,
    coverage,
    async addCoverage(source: string, range: TimeRange): Promise<void> {
      coverage.push({ source, range });
    },
    async ingest(events: FlowEvent[], options: IngestOptions): Promise<IngestResult> {
      calls.push(options);
      let inserted = 0;
      for (const e of events) {
        if (stored.has(e.id)) continue;
        stored.set(e.id, e);
        inserted++;
      }
      return { inserted, duplicates: events.length - inserted };
    },
  };
}

const NOW = new Date('2026-05-05T08:00:00Z');

describe('importAuditFiles', () => {
  test('imports all three formats, counting new, duplicate, other-workload and broken records', async () => {
    const store = recordingStore();
    const files = [
      'management-blob.json',
      'management-blob-variants.json',
      'graph-records-page.json',
      'psws-response.json',
      'management-blob-broken.json',
    ].map(fixture);
    const summary = await importAuditFiles(files, {
      events: store,
      syncState: store,
      now: () => NOW,
      readFile: (f) => readFile(f, 'utf8'),
    });
    assert.deepEqual(summary.failed, []);
    assert.deepEqual(
      summary.files.map((f) => [f.format, f.inserted, f.duplicates, f.otherWorkloads, f.broken.length]),
      [
        ['management-blob', 3, 0, 0, 0],
        // the duplicate of the first CreateFlow is recognised by its Id
        ['management-blob', 6, 1, 1, 0],
        // the Graph CreateFlow is the same record as the blob's: a duplicate across sources
        ['graph-records', 1, 1, 0, 1],
        ['psws', 0, 1, 0, 0],
        ['management-blob', 2, 0, 0, 5],
      ],
    );
    assert.equal(store.stored.size, 12);
    assert.ok(store.calls.every((c) => c.now === NOW && c.blob === undefined));
  });

  test('lists broken records with file and index', async () => {
    const store = recordingStore();
    const file = fixture('management-blob-broken.json');
    const summary = await importAuditFiles([file], {
      events: store,
      syncState: store,
      now: () => NOW,
      readFile: (f) => readFile(f, 'utf8'),
    });
    const lines = formatImportSummary(summary);
    assert.ok(
      lines.some((l) => l === `  broken record at ${file}[2]: no Id`),
      lines.join('\n'),
    );
    assert.match(lines.at(-1)!, /total: 1 of 1 files read, 2 new Flow events, 0 duplicates/);
  });

  test('a missing or unreadable file is reported and the other files still go in', async () => {
    const store = recordingStore();
    const summary = await importAuditFiles(['/nonexistent/audit.json', fixture('management-blob.json')], {
      events: store,
      syncState: store,
      now: () => NOW,
      readFile: (f) => readFile(f, 'utf8'),
    });
    assert.equal(summary.failed.length, 1);
    assert.match(summary.failed[0].reason, /ENOENT/);
    assert.equal(summary.files[0].inserted, 3);
  });

  test("each file covers its Flow records' span: first record to just after the last", async () => {
    const store = recordingStore();
    const summary = await importAuditFiles([fixture('management-blob.json')], {
      events: store,
      syncState: store,
      now: () => NOW,
      readFile: (f) => readFile(f, 'utf8'),
    });
    const range = { from: '2026-05-04T09:12:44.000Z', to: '2026-05-04T09:31:58.001Z' };
    assert.deepEqual(store.coverage, [{ source: 'import:files', range }]);
    assert.deepEqual(summary.files[0].covers, range);
    assert.ok(formatImportSummary(summary).includes(`  covers ${range.from} to ${range.to}`));
  });

  test('--covers is recorded for every file as given, and events outside it are counted', async () => {
    const store = recordingStore();
    const covers = { from: '2026-05-04T09:20:00.000Z', to: '2026-05-05T00:00:00.000Z' };
    const summary = await importAuditFiles([fixture('management-blob.json'), fixture('psws-response.json')], {
      events: store,
      syncState: store,
      covers,
      now: () => NOW,
      readFile: (f) => readFile(f, 'utf8'),
    });
    assert.deepEqual(
      store.coverage.map((c) => c.range),
      [covers, covers],
    );
    // The blob's CreateFlow at 09:12:44 is before FROM; the psws EditFlow at 09:27:03 is inside.
    assert.deepEqual(
      summary.files.map((f) => f.outsideCovers),
      [1, 0],
    );
    assert.ok(formatImportSummary(summary).some((l) => /1 Flow events fall outside --covers/.test(l)));
  });

  test('an empty export covers nothing unless --covers says what it covers', async () => {
    const store = recordingStore();
    const empty = async () => '{"odata.metadata":"x","value":[]}';
    await importAuditFiles(['end.json'], { events: store, syncState: store, now: () => NOW, readFile: empty });
    assert.deepEqual(store.coverage, []);
    const covers = { from: '2026-05-04T00:00:00.000Z', to: '2026-05-05T00:00:00.000Z' };
    await importAuditFiles(['end.json'], { events: store, syncState: store, covers, now: () => NOW, readFile: empty });
    assert.deepEqual(store.coverage, [{ source: 'import:files', range: covers }]);
  });

  test('a file with no Flow events does not call the store', async () => {
    const store = recordingStore();
    await importAuditFiles(['end.json'], {
      events: store,
      syncState: store,
      now: () => NOW,
      readFile: async () => '{"odata.metadata":"x","value":[]}',
    });
    assert.equal(store.calls.length, 0);
  });
});

describe('importAuditFiles into a real SQLite store', () => {
  test('stores the events once: a second import of the same files counts only duplicates', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'flowwatch-import-'));
    const store = SqliteStore.open(path.join(dir, 'flowwatch.db'));
    try {
      const files = ['management-blob.json', 'graph-records-page.json', 'psws-response.json'].map(fixture);
      const deps = {
        events: store.events,
        syncState: store.syncState,
        now: () => NOW,
        readFile: (f: string) => readFile(f, 'utf8'),
      };
      const first = await importAuditFiles(files, deps);
      assert.deepEqual(
        first.files.map((f) => [f.inserted, f.duplicates]),
        [
          [3, 0],
          [1, 1],
          [0, 1],
        ],
      );
      const again = await importAuditFiles(files, deps);
      assert.deepEqual(
        again.files.map((f) => [f.inserted, f.duplicates]),
        [
          [0, 3],
          [0, 2],
          [0, 1],
        ],
      );
      const { events, total } = await store.events.findEvents(
        { from: '2026-05-04T00:00:00Z', to: '2026-05-05T00:00:00Z' },
        { limit: 10, offset: 0 },
      );
      assert.equal(total, 4);
      assert.ok(events.every((e) => e.ingestedAt === NOW.toISOString()));
      const deleted = events.find((e) => e.operation === 'DeleteFlow');
      assert.equal(deleted?.actorUpn, 'admin@contoso.example');
    } finally {
      await store.close();
      await rm(dir, { recursive: true, force: true });
    }
  });
});
