import { test, describe, before, after } from 'node:test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import assert from 'node:assert/strict';
import { ask, type AskDeps } from '../../src/cli/commands/ask.ts';
import { loadConfig } from '../../src/config/load-config.ts';
import { COVERAGE_SOURCE } from '../../src/queries/run.ts';
import { SqliteStore } from '../../src/store/sqlite/sqlite-store.ts';
import { flowEvent } from '../queries/helpers/flow-events.ts';

const NOW = new Date('2026-11-27T15:00:00Z');
const AVERY = 'avery.lee@contoso.example';
const F1 = '7e2d4a19-8c3b-4f05-a6d1-3b9e5c7f2a40';

interface Run {
  code: number;
  out: string;
  err: string;
  syncs: number;
  closed: boolean;
  opened: boolean;
}

/** Runs `ask` against a MemoryStore; `onSync` plays the sync engine. */
async function runAsk(
  args: string[],
  store: SqliteStore,
  onSync: () => Promise<void> = async () => {},
  env: Record<string, string> = {},
): Promise<Run> {
  const run: Run = { code: -1, out: '', err: '', syncs: 0, closed: false, opened: false };
  const deps: AskDeps = {
    loadConfig: () => loadConfig({ DATA_DIR: '/nonexistent-flowwatch-test', ...env }),
    openRuntime: async () => {
      run.opened = true;
      return {
        store,
        syncOnce: async () => {
          run.syncs++;
          await onSync();
        },
        close: async () => {
          run.closed = true;
        },
      };
    },
    now: () => NOW,
    out: (t) => (run.out += t + '\n'),
    err: (t) => (run.err += t + '\n'),
  };
  run.code = await ask(args, deps);
  return run;
}

let dir = '';
const opened: SqliteStore[] = [];
before(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'flowwatch-ask-'));
});
after(async () => {
  for (const store of opened) await store.close();
  rmSync(dir, { recursive: true, force: true });
});

/** A fresh SQLite file in the test's temp dir. */
function emptyStore(): SqliteStore {
  const store = SqliteStore.open(path.join(dir, `store-${opened.length + 1}.db`));
  opened.push(store);
  return store;
}

async function storeWithEvents(): Promise<SqliteStore> {
  const store = emptyStore();
  await store.events.ingest(
    [
      flowEvent({
        operation: 'CreateFlow',
        at: '2026-11-27T09:00:00Z',
        actor: AVERY,
        flowId: F1,
        flowName: 'Invoice approvals',
        connectors: ['Recurrence', 'Office 365 Outlook', 'SharePoint', 'HTTP'],
      }),
      flowEvent({
        operation: 'PutPermissions',
        at: '2026-11-27T09:31:58Z',
        actor: AVERY,
        flowId: F1,
        recipient: 'jordan.kim@contoso.example',
        sharingPermission: 3,
      }),
    ],
    { now: NOW },
  );
  return store;
}

describe('flowwatch ask', () => {
  test('syncs first when the period is not covered, then prints the table in the asked zone', async () => {
    const store = await storeWithEvents();
    const run = await runAsk(['flow activity today', '--tz', 'Europe/Berlin'], store, () =>
      store.syncState.addCoverage(COVERAGE_SOURCE, { from: '2026-11-20T00:00:00Z', to: NOW.toISOString() }),
    );
    assert.equal(run.code, 0, run.err);
    assert.equal(run.syncs, 1);
    assert.ok(run.closed);
    const lines = run.out.split('\n');
    assert.equal(lines[0], 'All flow activity');
    assert.equal(lines[1], 'Period: Fri 27 Nov 2026 (Europe/Berlin), 2026-11-27 00:00 to 2026-11-28 00:00');
    assert.doesNotMatch(run.out, /Coverage incomplete/);
    assert.match(run.out, /^Environment: the default environment\nTime\s+What\s+Maker\s+Flow\s+Connectors\s+Details$/m);
    // 09:31 UTC is 10:31 in Berlin.
    assert.match(
      run.out,
      /^10:31\s+Shared\s+avery\.lee@contoso\.example\s+Invoice approvals .*to jordan\.kim@contoso\.example \(owner\)$/m,
    );
    assert.match(run.out, /^10:00\s+Created\s+avery/m);
    assert.match(run.out, /Invoice approvals {2}HTTP \(!\), Recurren…/, 'HTTP is a risky connector by default');
    assert.match(run.out, /^Flow names or states missing:\n {2}the flow inventory has not been read yet\.$/m);
    for (const line of lines) assert.ok(line.length <= 120, `too wide: ${line}`);
  });

  test('a period of several days shows the day with each time', async () => {
    const run = await runAsk(['new flows this week', '--no-sync', '--tz', 'Europe/Berlin'], await storeWithEvents());
    assert.match(run.out, /^27 Nov 10:00\s+Created\s+avery\.lee@contoso\.example\s+Invoice approvals/m);
  });

  test('--no-sync answers from the store and says coverage is incomplete', async () => {
    const run = await runAsk(['new flows today', '--no-sync'], await storeWithEvents());
    assert.equal(run.code, 0);
    assert.equal(run.syncs, 0);
    assert.match(
      run.out,
      /^Coverage incomplete: audit data not synced yet for 2026-11-27 00:00 to 2026-11-27 15:00\. The answer may miss events\.$/m,
    );
  });

  test('an empty answer says what was not found between which times', async () => {
    const store = await storeWithEvents();
    await store.syncState.addCoverage(COVERAGE_SOURCE, { from: '2026-11-01T00:00:00Z', to: NOW.toISOString() });
    const run = await runAsk(['deleted flows yesterday', '--tz', 'America/New_York'], store);
    assert.equal(run.code, 0);
    assert.match(
      run.out,
      /^No deleted flows between Thu 26 Nov 2026 00:00 and Fri 27 Nov 2026 00:00 \(America\/New_York\)\.$/m,
    );
    const today = await runAsk(['deleted flows today', '--tz', 'America/New_York'], store);
    assert.match(
      today.out,
      /^No deleted flows between Fri 27 Nov 2026 00:00 and now, Fri 27 Nov 2026 10:00 \(America\/New_York\)\.$/m,
    );
  });

  test('the default zone comes from the configuration', async () => {
    const run = await runAsk(['new flows today', '--no-sync'], await storeWithEvents(), undefined, {
      DEFAULT_TIMEZONE: 'Asia/Tokyo',
    });
    assert.match(run.out, /^Period: Sat 28 Nov 2026 \(Asia\/Tokyo\)/m);
  });

  test('groups by maker and counts', async () => {
    const store = await storeWithEvents();
    const who = await runAsk(['who shared flows today', '--no-sync'], store);
    assert.match(who.out, /^Maker\s+Events\s+Flows \(events\)$/m);
    assert.match(who.out, /^avery\.lee@contoso\.example\s+1\s+Invoice approvals \(1\)$/m);
    const count = await runAsk(['how many flows today', '--no-sync'], store);
    assert.match(count.out, /^Created\s+1$/m);
    assert.match(count.out, /^Shared\s+1$/m);
    assert.match(count.out, /^Total\s+2$/m);
  });

  test('--json prints the QueryResult with the canonical question', async () => {
    const run = await runAsk(['connectors used today', '--json', '--no-sync'], await storeWithEvents());
    const result = JSON.parse(run.out);
    assert.equal(result.question, 'connectors used today');
    assert.equal(result.understood, 'New and edited flows, grouped by connector');
    assert.deepEqual(result.connectors.items[0], { key: 'HTTP', count: 1 });
    assert.equal(result.connectors.total, 4);
    assert.equal(result.coverage.complete, false);
  });

  test('a sync failure still answers from the store, saying so', async () => {
    const run = await runAsk(['new flows today'], await storeWithEvents(), async () => {
      throw new Error('AF429 throttled');
    });
    assert.equal(run.code, 0);
    assert.match(run.err, /sync failed \(AF429 throttled\); answering from what is stored/);
    assert.match(run.out, /Invoice approvals/);
    assert.ok(run.closed);
  });

  test('unknown text prints suggestions and exits 2 without opening the runtime', async () => {
    const run = await runAsk(['new flos today'], emptyStore());
    assert.equal(run.code, 2);
    assert.equal(run.opened, false);
    assert.match(
      run.err,
      /^Sorry, I did not understand "new flos today"\. Try:\n {2}flowwatch ask "new flows today"\n/,
    );
  });

  test('bad options exit 2 with the usage', async () => {
    assert.equal((await runAsk(['new flows today', '--tz', 'Mars/Olympus'], emptyStore())).code, 2);
    assert.equal((await runAsk(['new flows today', '--limit', '0'], emptyStore())).code, 2);
    assert.equal((await runAsk([], emptyStore())).code, 2);
    const unknownFlag = await runAsk(['new flows today', '--colour'], emptyStore());
    assert.equal(unknownFlag.code, 2);
    assert.match(unknownFlag.err, /usage: flowwatch ask/);
  });

  test('help lists the example questions', async () => {
    const run = await runAsk(['--help'], emptyStore());
    assert.equal(run.code, 0);
    assert.match(run.out, /who edited flows this week/);
    assert.equal((await runAsk(['help'], emptyStore())).code, 0);
  });
});
