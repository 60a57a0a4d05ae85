/**
 * KnownNames: the tenant's connector names reach the typo corrector, are read again only after
 * ten minutes (on the injected clock), and a store that fails keeps the corrector it had.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { KnownNames } from '../../src/bot/known-names.ts';
import { parseQuestion } from '../../src/bot/commands/parse.ts';
import { SqliteStore } from '../../src/store/sqlite/sqlite-store.ts';
import { flowEvent } from './fixtures/flow-events.ts';

const NOW = new Date('2026-11-25T12:00:00Z');

test('custom connector names are learnt from the store, re-read after ten minutes, and kept when the store fails', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'flowwatch-names-'));
  const store = SqliteStore.open(path.join(dir, 'flowwatch.db'));
  try {
    let now = NOW;
    const names = new KnownNames(store, () => now);
    const connectorOf = async (text: string) => {
      const outcome = parseQuestion(text, await names.typoCorrector());
      return outcome.kind === 'query' ? outcome.query.connector : outcome.kind;
    };
    await store.events.ingest(
      [flowEvent({ operation: 'CreateFlow', occurredAt: '2026-11-20T10:00:00Z', connectors: ['Fabrikam Ledger'] })],
      { now },
    );
    assert.equal(await connectorOf('flows using fabrikam leddger this week'), 'fabrikam ledger');
    // A connector first seen now is not known until the names are read again.
    await store.events.ingest(
      [flowEvent({ operation: 'EditFlow', occurredAt: '2026-11-25T11:00:00Z', connectors: ['Northwind Payroll'] })],
      { now },
    );
    assert.equal(await connectorOf('flows using northwind payrol this week'), 'northwind payrol');
    now = new Date(NOW.getTime() + 10 * 60_000);
    assert.equal(await connectorOf('flows using northwind payrol this week'), 'northwind payroll');
    // The store gone: the corrector it had still reads the names it knew.
    await store.close();
    now = new Date(NOW.getTime() + 30 * 60_000);
    assert.equal(await connectorOf('flows using fabrikam leddger this week'), 'fabrikam ledger');
  } finally {
    await store.close().catch(() => {});
    rmSync(dir, { recursive: true, force: true });
  }
});
