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
    // A connector first seen now, and an environment the inventory first lists now, is not known until the names are read again.
    await store.events.ingest(
      [flowEvent({ operation: 'EditFlow', occurredAt: '2026-11-25T11:00:00Z', connectors: ['Northwind Payroll'] })],
      { now },
    );
    await store.flowIdentity.saveEnvironments(
      [
        {
          environmentId: 'b2c4e6f8-0000-4000-8000-000000000001',
          displayName: 'Contractors',
          type: 'Sandbox',
          dataverseUrl: null,
        },
      ],
      now.toISOString(),
    );
    const environmentOf = async (text: string) => {
      const outcome = parseQuestion(text, await names.typoCorrector());
      return outcome.kind === 'query' ? outcome.query.environment : outcome.kind;
    };
    assert.equal(await connectorOf('flows using northwind payrol this week'), 'northwind payrol');
    assert.equal(await environmentOf('new flows in environment contractrs this week'), 'contractrs');
    now = new Date(NOW.getTime() + 10 * 60_000);
    assert.equal(await connectorOf('flows using northwind payrol this week'), 'northwind payroll');
    assert.equal(await environmentOf('new flows in environment contractrs this week'), 'contractors');
    // The store gone: the corrector it had still reads the names it knew.
    await store.close();
    now = new Date(NOW.getTime() + 30 * 60_000);
    assert.equal(await connectorOf('flows using fabrikam leddger this week'), 'fabrikam ledger');
  } finally {
    await store.close().catch(() => {});
    rmSync(dir, { recursive: true, force: true });
  }
});
