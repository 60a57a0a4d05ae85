/**
 * A sync killed mid-way (SIGKILL, in another process) and then resumed loses nothing and stores
 * nothing twice: every blob marked done has all its events, and after the resumed run the store
 * equals the emulator's ground truth exactly. The kill lands at three points around the sync's
 * commits (see the tests at the end).
 */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { normalizeRecord } from '../../src/audit/normalize.ts';
import type { ContentEntry } from '../../src/audit/source.ts';
import { startEmulator } from '../../src/emulator/index.ts';
import { createLogger } from '../../src/log.ts';
import type { FlowEvent } from '../../src/model/flow-event.ts';
import { SqliteStore } from '../../src/store/sqlite/sqlite-store.ts';
import { runSync, syncSource } from '../../src/sync/run-sync.ts';
import { planWindows } from '../../src/sync/sync-windows.ts';
import { emulatorClient } from './helpers/emulator-client.ts';
import { childSettings, spawnKillable } from '../helpers/kill-child.ts';

const T0 = '2026-11-20T12:00:00.000Z';
const RESUME_OVERLAP_MS = 15 * 60_000;
const dir = mkdtempSync(path.join(tmpdir(), 'flowwatch-crash-'));
after(() => rmSync(dir, { recursive: true, force: true }));

/** Done blobs and stored event ids in the file, or null while the child is still creating it. */
function readProgress(file: string): { done: string[]; eventIds: Set<string> } | null {
  if (!existsSync(file)) return null;
  let db: Database.Database | null = null;
  try {
    db = new Database(file, { readonly: true, fileMustExist: true });
    const done = db.prepare('SELECT content_id FROM done_blobs').pluck().all() as string[];
    const eventIds = new Set(db.prepare('SELECT id FROM events').pluck().all() as string[]);
    return { done, eventIds };
  } catch {
    return null; // schema not migrated yet, or the file is mid-creation
  } finally {
    db?.close();
  }
}

interface KillPoint {
  /** Kill once this holds, checked every 10 ms. */
  ready(progress: { done: string[] } | null, blobsServed: number): boolean;
  /** This point is after a commit: some blob must be marked done at the kill. */
  afterCommit: boolean;
}

/**
 * Runs the sync in a child, kills it at `killAt`, checks that every blob marked done has all its
 * events, then resumes in this process and checks the store against the emulator's ground truth.
 */
async function killAndResume(killAt: KillPoint): Promise<void> {
  const now = () => new Date(T0);
  const emulator = await startEmulator({
    seed: 23,
    makers: 10,
    environments: 3,
    flowsPerDay: 10,
    days: 2,
    duplicateRate: 0.1,
    lateRate: 0.3,
    pageSize: 9,
    maxRecordsPerBlob: 5,
    faults: { slowMs: 15 },
    now,
  });
  const file = path.join(dir, `crash-${++runs}.db`);
  const child = spawnKillable('test/sync/helpers/sync-child.ts', {
    ...childSettings(emulator, file, T0),
    blobConcurrency: 2,
  });
  try {
    // Wait for the kill point, then kill without warning (a child that finished first: raise slowMs).
    await child.killWhen('the kill point', () => killAt.ready(readProgress(file), emulator.stats().blobsServed));

    const atKill = readProgress(file) ?? { done: [], eventIds: new Set<string>() };
    if (killAt.afterCommit) assert.ok(atKill.done.length > 0, 'no blob was done when the child was killed');
    const client = emulatorClient(emulator, { now });
    const listed: ContentEntry[] = [];
    for (const w of planWindows(null, now(), 0))
      for await (const page of client.listContent('Audit.General', w.start, w.end)) listed.push(...page);
    assert.ok(
      atKill.done.length < listed.length,
      'every blob was already done: the kill came too late to test anything',
    );
    // Atomicity: a blob marked done has every one of its Flow events stored.
    for (const contentId of atKill.done) {
      const entry = listed.find((e) => e.contentId === contentId);
      assert.ok(entry, `done blob ${contentId} not in the listing`);
      for (const raw of await client.fetchContent(entry)) {
        const outcome = normalizeRecord(raw);
        if (outcome.kind === 'flow')
          assert.ok(
            atKill.eventIds.has(outcome.event.id),
            `blob ${contentId} is done but event ${outcome.event.id} is missing`,
          );
      }
    }

    emulator.setFaults({ slowMs: 0 });
    const store = SqliteStore.open(file);
    try {
      const cursorAtKill = await store.syncState.getCursor(syncSource('Audit.General'));
      const report = await runSync({
        feed: client,
        store,
        now,
        log: createLogger('silent'),
        options: { overlapMs: RESUME_OVERLAP_MS, blobConcurrency: 4 },
      });
      assert.equal(report.ok, true, JSON.stringify(report.error));
      // The resumed run lists from its cursor (minus the overlap), so done blobs before that are not
      // even listed; every done blob it does list must be skipped, not fetched again.
      const relisted = new Set<string>();
      for (const w of planWindows(cursorAtKill, now(), RESUME_OVERLAP_MS))
        for await (const page of client.listContent('Audit.General', w.start, w.end))
          for (const e of page) relisted.add(e.contentId);
      const doneRelisted = atKill.done.filter((id) => relisted.has(id)).length;
      assert.equal(
        report.blobsSkippedDone,
        doneRelisted,
        `done blobs were fetched again: skipped ${report.blobsSkippedDone} of the ${doneRelisted} done blobs listed again`,
      );
      assert.equal(report.blobsFetched, relisted.size - doneRelisted);
      const expected = new Map<string, FlowEvent>();
      for (const raw of emulator.groundTruth()) {
        const outcome = normalizeRecord(raw);
        if (outcome.kind === 'flow') expected.set(outcome.event.id, outcome.event);
      }
      const { events, total } = await store.events.findEvents(
        { from: '2000-01-01T00:00:00Z', to: '2100-01-01T00:00:00Z' },
        { limit: 100_000, offset: 0 },
      );
      assert.equal(total, expected.size);
      assert.equal(
        atKill.eventIds.size + report.flowEventsNew,
        expected.size,
        'events stored before the kill plus after it should add up to the truth',
      );
      for (const { ingestedAt: _ingestedAt, ...stored } of events) assert.deepEqual(stored, expected.get(stored.id));
    } finally {
      await store.close();
    }
  } finally {
    if (child.child.exitCode === null && child.child.signalCode === null) child.child.kill('SIGKILL');
    await emulator.close();
  }
}

let runs = 0;

// The sync commits done blobs in batches (BlobWriter) and at the end of each listing window, so the
// kill is aimed around those commits: while the first window is being fetched (nothing committed,
// fetched records lost), just after a window's commit, and part-way through the next window
// (some blobs committed, the ones fetched since not).
test('a sync killed before its first commit resumes without losing or duplicating events', () =>
  killAndResume({
    ready: (_progress, blobsServed) => blobsServed >= 20,
    afterCommit: false,
  }));

test('a sync killed just after a commit resumes without losing or duplicating events', () =>
  killAndResume({
    ready: (progress) => progress !== null && progress.done.length > 0,
    afterCommit: true,
  }));

test('a sync killed part-way between commits resumes without losing or duplicating events', () =>
  killAndResume({
    ready: (progress, blobsServed) =>
      progress !== null && progress.done.length > 0 && blobsServed >= progress.done.length + 20,
    afterCommit: true,
  }));
