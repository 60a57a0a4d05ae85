/**
 * An inventory pass killed with SIGKILL half-way (in another process) and resumed here: the
 * resumed pass continues the same pass from its saved page, and the inventory equals the
 * emulator's truth, tombstone included, with no flow marked deleted by the killed pass in an
 * environment it had not read to the end.
 */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startEmulator } from '../../src/emulator/index.ts';
import { SqliteStore } from '../../src/store/sqlite/sqlite-store.ts';
import { runInventoryPass } from '../../src/sync/inventory/inventory-pass.ts';
import { childSettings, spawnKillable } from '../helpers/kill-child.ts';
import { assertInventoryEqualsTruth, inventoryClient } from './helpers.ts';

const dir = mkdtempSync(path.join(tmpdir(), 'flowwatch-inventory-crash-'));
after(() => rmSync(dir, { recursive: true, force: true }));

test('an inventory pass killed with SIGKILL mid-way resumes and ends equal to the truth', async () => {
  let nowMs = Date.parse('2026-11-20T12:00:00.000Z');
  const now = () => new Date(nowMs);
  const emulator = await startEmulator({
    seed: 17,
    makers: 10,
    environments: 4,
    flowsPerDay: 15,
    days: 4,
    now,
    admin: { managementAppRegistered: true, adminPageSize: 4 },
  });
  const file = path.join(dir, 'inventory.db');
  try {
    // A first, complete pass; then a flow goes, and the next pass is killed.
    const first = SqliteStore.open(file);
    await runInventoryPass({
      client: inventoryClient(emulator, now),
      store: first,
      now,
      graphLookup: true,
      concurrency: 2,
    });
    await first.close();
    const doomed = emulator.admin.truth()[0];
    emulator.admin.changeFlow(doomed.flowId, { deleted: true });
    nowMs += 6 * 3_600_000;
    emulator.setFaults({ slowMs: 40 });

    const child = spawnKillable(
      'test/inventory/inventory-child.ts',
      childSettings(emulator, file, now().toISOString()),
    );
    await child.killWhen('three saved pages', () => (child.stdout().match(/^page /gm) ?? []).length >= 3);
    assert.doesNotMatch(child.stdout(), /finished/);

    emulator.setFaults({ slowMs: 0 });
    const store = SqliteStore.open(file);
    try {
      const killed = await store.flowIdentity.getPass();
      assert.equal(killed?.finishedAt, null, 'the killed pass is unfinished');
      const read = new Set(
        Object.entries(killed.environments)
          .filter(([, p]) => p.flowsDone)
          .map(([id]) => id),
      );
      const [atKill] = await store.flowIdentity.getFlowIdentities([doomed.flowId]);
      assert.equal(atKill?.deleted, read.has(doomed.environmentId), 'deleted only where the listing was read whole');

      const resumed = await runInventoryPass({
        client: inventoryClient(emulator, now),
        store,
        now,
        graphLookup: true,
        concurrency: 2,
      });
      assert.equal(resumed.resumed, true);
      assert.equal(resumed.passId, killed.passId);
      await assertInventoryEqualsTruth(store, emulator.admin.truth());
      const [tomb] = await store.flowIdentity.getFlowIdentities([doomed.flowId]);
      assert.equal(tomb?.deleted, true);
      assert.equal(tomb?.displayName, doomed.displayName);
    } finally {
      await store.close();
    }
  } finally {
    await emulator.close();
  }
});
