/**
 * While the backfill runs (issue 12), answers say how far it has got: a question over a range it
 * is still reading says so beside the coverage gap (card and CLI), and "digest status" and the
 * digest card carry a line with its progress. Real sync and real backfill over HTTP against the
 * tenant emulator; the bot answers Teams-shaped activities over HTTP.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseQuestion } from '../../src/bot/commands/parse.ts';
import { renderResultText } from '../../src/cli/table.ts';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.ts';
import { createLogger } from '../../src/log.ts';
import { runQuery } from '../../src/queries/run.ts';
import { SqliteStore } from '../../src/store/sqlite/sqlite-store.ts';
import { installSlices } from '../../src/sync/backfill/plan-slices.ts';
import { runBackfill } from '../../src/sync/backfill/run-backfill.ts';
import { runSync } from '../../src/sync/run-sync.ts';
import { cardText } from '../helpers/card-walk.ts';
import { cardOf, startBotHarness, TEST_NOW, type BotHarness } from './helpers/bot-harness.ts';
import { channelMessage, MEMBER } from '../bot/fixtures/teams-activities.ts';
import { emulatorClient } from '../sync/helpers/emulator-client.ts';
import { backfillDeps, TestClock } from '../backfill/backfill-client.ts';

describe('answers while the backfill runs', () => {
  let dir: string;
  let store: SqliteStore;
  let emulator: RunningEmulator;
  let h: BotHarness;
  /** The oldest of the 5 newest install days, which the backfill has done. */
  let doneBackTo: string;

  before(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'flowwatch-backfill-progress-'));
    store = SqliteStore.open(path.join(dir, 'flowwatch.db'));
    const clock = new TestClock(TEST_NOW.getTime());
    emulator = await startEmulator({
      seed: 5,
      makers: 6,
      environments: 2,
      flowsPerDay: 8,
      days: 40,
      now: clock.now,
      startSubscribed: true,
      auditQuery: { startSeconds: 0, runSeconds: 0 },
    });
    const report = await runSync({
      feed: emulatorClient(emulator, { now: clock.now }),
      store,
      now: clock.now,
      log: createLogger('silent'),
      options: { overlapMs: 15 * 60_000, blobConcurrency: 4 },
    });
    assert.equal(report.ok, true, JSON.stringify(report.error));
    // The install's 30 days, of which the backfill has read the newest 5 so far.
    const plan = installSlices(30, clock.now());
    await store.backfill.planSlices(plan.slice(0, 5), clock.now());
    const first = await runBackfill(backfillDeps(emulator, store, clock));
    assert.equal(first.failed, 0);
    await store.backfill.planSlices(plan.slice(5), clock.now());
    doneBackTo = plan[4].from.slice(0, 10);
    h = await startBotHarness({ store });
  });
  after(async () => {
    await h?.close();
    await emulator?.close();
    await store?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  async function say(text: string) {
    h.connector.reset();
    const res = await h.post(channelMessage({ serviceUrl: h.connector.serviceUrl, from: MEMBER, text }));
    assert.equal(res.status, 200);
    const sent = h.connector.sentActivities();
    assert.equal(sent.length, 1);
    return sent[0].activity;
  }

  const progress = () => `5 of 30 days done, back to ${doneBackTo}`;

  test('a question over days still being read says how far the backfill has got, on the card and the CLI', async () => {
    const text = cardText(cardOf(await say('new flows last 30 days')));
    assert.match(text, /Sync has not covered/);
    assert.ok(text.includes(progress()), text);

    const outcome = parseQuestion('new flows last 30 days');
    assert.equal(outcome.kind, 'query');
    if (outcome.kind !== 'query') return;
    const result = await runQuery(store, outcome.query, { now: TEST_NOW, timeZone: 'UTC' });
    assert.equal(result.coverage.backfilling?.slicesDone, 5);
    const cli = renderResultText(result, { now: TEST_NOW });
    assert.ok(cli.includes(progress()), cli);
  });

  test('a question the sync covers says nothing about the backfill', async () => {
    const text = cardText(cardOf(await say('new flows yesterday')));
    assert.doesNotMatch(text, /being read from the audit log/);
  });

  test('"digest status" and the digest card carry the backfill progress while it runs', async () => {
    const status = JSON.stringify(await say('digest status'));
    assert.ok(status.includes(progress()), status);
    const digest = cardText(cardOf(await say('summary of flow changes this week')));
    assert.ok(digest.includes(progress()), digest);
  });
});
