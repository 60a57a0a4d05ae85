/**
 * Connection and data-policy questions end to end (issue 12): the tenant emulator publishes admin
 * records in its Audit.General blobs, the real sync stores them over HTTP, and the real bot
 * answers Teams-shaped activities over HTTP from that store; Refresh and Show more re-run the query;
 * `flowwatch ask` answers the same from the same store. Once the inventory has been read, rows name
 * environments, and an event question may name one ("in environment sales"). Expected answers come
 * from the emulator's ground truth, not from the store.
 */
import { after, before, beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { normalizeGovernanceRecord } from '../../src/audit/normalize-governance.ts';
import { normalizeRecord } from '../../src/audit/normalize.ts';
import { ask } from '../../src/cli/commands/ask.ts';
import { DIGEST_GOVERNANCE_ACTIONS } from '../../src/queries/governance-digest.ts';
import { loadConfig } from '../../src/config/load-config.ts';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.ts';
import { createLogger } from '../../src/log.ts';
import type { GovernanceAction, GovernanceEvent } from '../../src/model/governance-event.ts';
import { SqliteStore } from '../../src/store/sqlite/sqlite-store.ts';
import { runSync } from '../../src/sync/run-sync.ts';
import { cardText, executeActions, textRuns } from '../helpers/card-walk.ts';
import { cardOf, startBotHarness, TEST_NOW, type BotHarness } from './helpers/bot-harness.ts';
import { cardActionInvoke, channelMessage, MEMBER } from '../bot/fixtures/teams-activities.ts';
import { emulatorClient } from '../sync/helpers/emulator-client.ts';
import { runInventoryPass } from '../../src/sync/inventory/inventory-pass.ts';
import { inventoryClient } from '../inventory/helpers.ts';

type InvokeBody = { statusCode: number; value: Record<string, unknown> };
/** This week in Berlin at TEST_NOW (Wed 25 Nov 2026 10:30): from Mon 23 Nov 00:00 local. */
const WEEK_FROM = Date.parse('2026-11-22T23:00:00Z');

describe('connection and data-policy questions over HTTP, from an emulated tenant', () => {
  let dir: string;
  let store: SqliteStore;
  let emulator: RunningEmulator;
  let h: BotHarness;
  let truth: GovernanceEvent[];

  before(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'flowwatch-gov-http-'));
    store = SqliteStore.open(path.join(dir, 'flowwatch.db'));
    const now = () => TEST_NOW;
    emulator = await startEmulator({ seed: 21, makers: 12, environments: 3, flowsPerDay: 60, days: 7, now });
    const report = await runSync({
      feed: emulatorClient(emulator, { now }),
      store,
      now,
      log: createLogger('silent'),
      options: { overlapMs: 15 * 60_000, blobConcurrency: 4 },
    });
    assert.equal(report.ok, true, JSON.stringify(report.error));
    truth = emulator.governanceTruth().flatMap((raw) => {
      const o = normalizeGovernanceRecord(raw);
      return o.kind === 'governance' ? [o.event] : [];
    });
    h = await startBotHarness({ store });
  });
  after(async () => {
    await h.close();
    await emulator.close();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });
  beforeEach(() => h.connector.reset());

  const thisWeek = (actions: GovernanceAction[]) =>
    truth.filter((e) => actions.includes(e.action) && Date.parse(e.occurredAt) >= WEEK_FROM);

  async function askCard(text: string) {
    const res = await h.post(channelMessage({ serviceUrl: h.connector.serviceUrl, from: MEMBER, text }));
    assert.equal(res.status, 200);
    const sent = h.connector.sentActivities();
    assert.equal(sent.length, 1);
    return cardOf(sent[0].activity);
  }

  async function invoke(verb: string, data: unknown) {
    const res = await h.post(
      cardActionInvoke({ serviceUrl: h.connector.serviceUrl, from: MEMBER, conversation: 'channel', verb, data }),
    );
    return res.body as InvokeBody;
  }

  test('"connections shared this week" lists every share of the week, and Refresh answers the same', async () => {
    const expected = thisWeek(['connection-shared']);
    assert.ok(expected.length > 0, 'the emulated week has no shares');
    const card = await askCard('connections shared this week');
    const text = cardText(card);
    assert.match(text, /Connections shared/);
    assert.match(text, new RegExp(`\\b${expected.length} events?\\.`));
    for (const e of expected.slice(0, 10)) assert.ok(text.includes(e.resourceId!), `missing ${e.resourceId}`);
    const refresh = executeActions(card).find((a) => a.verb === 'refreshGovernance');
    assert.deepEqual(refresh?.data, {
      governance: { topic: 'connectionsShared', period: { kind: 'thisWeek' } },
      offset: 0,
    });
    const again = await invoke('refreshGovernance', refresh.data);
    assert.equal(again.statusCode, 200);
    assert.equal(cardText(again.value), text);
  });

  test('"connections turned off by data policy this month" says the platform did it', async () => {
    const card = await askCard('connections turned off by data policy this month');
    const monthFrom = Date.parse('2026-10-31T23:00:00Z');
    const expected = truth.filter((e) => e.action === 'connection-turned-off' && Date.parse(e.occurredAt) >= monthFrom);
    const text = cardText(card);
    assert.match(
      text,
      new RegExp(expected.length === 0 ? 'Nothing in this period' : `\\b${expected.length} events?\\.`),
    );
    if (expected.length > 0) assert.match(text, /the platform\s*turned off connection/);
  });

  test('"data policy changes this month" pages with Show more; "who changed data policies" ranks the admins', async () => {
    const monthFrom = Date.parse('2026-10-31T23:00:00Z');
    const changes = truth.filter((e) => e.kind === 'data-policy' && Date.parse(e.occurredAt) >= monthFrom);
    assert.ok(changes.length > 0, 'the emulated month has no data-policy changes');
    const card = await askCard('data policy changes this month');
    assert.match(cardText(card), new RegExp(`\\b${changes.length} events?\\.`));
    assert.match(cardText(card), /data policy "/);
    const more = executeActions(card).find((a) => a.verb === 'moreGovernance');
    assert.equal(Boolean(more), changes.length > 25);
    if (more) {
      const next = await invoke('moreGovernance', more.data);
      assert.equal(next.statusCode, 200);
      assert.match(cardText(next.value), /Data policy changes/);
    }
    h.connector.reset();
    const who = await askCard('who changed data policies this month');
    const admins = new Set(changes.map((e) => e.actorUpn));
    assert.match(
      cardText(who),
      new RegExp(`${changes.length} data policy changes? by ${admins.size} (?:person|people)`),
    );
    for (const admin of admins) assert.ok(textRuns(who).includes(admin!), `missing ${admin}`);
  });

  test('the summary card gains a connections and data policies section only when there is something to say', async () => {
    const monthFrom = Date.parse('2026-10-31T23:00:00Z');
    const expected = truth.filter(
      (e) => DIGEST_GOVERNANCE_ACTIONS.includes(e.action) && Date.parse(e.occurredAt) >= monthFrom,
    );
    const card = await askCard('overview of this month');
    const text = cardText(card);
    assert.match(text, /Connections and data policies/);
    assert.match(text, new RegExp(`${expected.length} events`));
    h.connector.reset();
    // 1 November: before the emulated history, so nothing to say and no section.
    const quiet = await askCard('overview of 2026-11-01');
    assert.doesNotMatch(cardText(quiet), /Connections and data policies/);
  });

  test('a forged or stale governance action is refused with 400', async () => {
    const forged = await invoke('refreshGovernance', {
      governance: { topic: 'everything', period: { kind: 'today' } },
    });
    assert.equal(forged.statusCode, 400);
    const extra = await invoke('moreGovernance', {
      governance: { topic: 'policyChanges', period: { kind: 'today' }, sql: 'drop' },
      offset: 0,
    });
    assert.equal(extra.statusCode, 400);
  });

  test('flowwatch ask answers the same question from the same store', async () => {
    let out = '';
    const code = await ask(['connections shared this week', '--no-sync', '--tz', 'Europe/Berlin'], {
      loadConfig: () => loadConfig({ DATA_DIR: '/nonexistent-flowwatch-test' }),
      openRuntime: async () => ({ store, syncOnce: async () => undefined, close: async () => undefined }),
      now: () => TEST_NOW,
      out: (t) => (out += `${t}\n`),
      err: (t) => (out += `ERR ${t}\n`),
    });
    assert.equal(code, 0, out);
    const expected = thisWeek(['connection-shared']);
    assert.match(out, /^Connections shared/);
    assert.match(
      out,
      new RegExp(expected.length > 25 ? `of ${expected.length} events` : `\\b${expected.length} events?\\b`),
    );
    assert.match(out, /shared connection shared-/);
  });

  // Last: it fills the flow inventory, which the tests above answer without.
  test('once the inventory has read the environments, rows name them ("Sales (Production)"), not their ids', async () => {
    emulator.admin.knobs.managementAppRegistered = true;
    const now = () => TEST_NOW;
    const client = inventoryClient(emulator, now);
    await runInventoryPass({ client, store, now, logger: createLogger('silent'), graphLookup: false, concurrency: 2 });
    // "Sales (Production)"; the default environment's name says it already: "Contoso (default)".
    const label = (e: { displayName: string; sku: string }) =>
      e.displayName.toLowerCase().includes(e.sku.toLowerCase()) ? e.displayName : `${e.displayName} (${e.sku})`;
    const names = new Map(emulator.admin.inventory.environments.map((e) => [e.id.toLowerCase(), label(e)]));
    const shown = thisWeek(['connection-shared'])
      .slice(0, 10)
      .filter((e) => e.environmentId);
    assert.ok(shown.length > 0, 'no share of the week names an environment');
    const text = cardText(await askCard('connections shared this week'));
    for (const e of shown) {
      const name = names.get(e.environmentId!.toLowerCase());
      assert.ok(name, `the emulator lists no environment ${e.environmentId}`);
      assert.ok(text.includes(`environment ${name}`), `card lacks "${name}"`);
      assert.ok(!text.includes(e.environmentId!), `card still shows the id ${e.environmentId}`);
    }
    h.connector.reset();
    await h.post(channelMessage({ serviceUrl: h.connector.serviceUrl, from: MEMBER, text: 'overview of this week' }));
    const digest = h.connector
      .sentActivities()
      .filter((a) => a.activity.attachments?.length)
      .map((a) => cardText(cardOf(a.activity)))
      .join('\n');
    assert.match(digest, /Connections and data policies/);
    for (const e of thisWeek(DIGEST_GOVERNANCE_ACTIONS as GovernanceAction[]).slice(0, 10))
      if (e.environmentId) assert.ok(!digest.includes(e.environmentId), `digest shows ${e.environmentId}`);
  });

  test('"new flows in environment Sales this week": an event question names the environment as admins do', async () => {
    // Runs after the inventory pass above. Records carry only the environment's id.
    const creates = emulator
      .loggedFlowRecords(new Date(WEEK_FROM), TEST_NOW)
      .flatMap((r) => {
        const o = normalizeRecord(r);
        return o.kind === 'flow' && o.event.operation === 'CreateFlow' ? [o.event] : [];
      })
      .filter((e) => Date.parse(e.occurredAt) >= WEEK_FROM);
    const env = emulator.admin.inventory.environments.find(
      (e) => !/\s/.test(e.displayName) && creates.some((c) => c.environmentId?.toLowerCase() === e.id.toLowerCase()),
    );
    assert.ok(env, 'no environment with a one-word name had creates this week');
    const expected = creates.filter((c) => c.environmentId?.toLowerCase() === env.id.toLowerCase()).length;
    const text = cardText(await askCard(`new flows in environment ${env.displayName.toLowerCase()} this week`));
    const shown = text.match(/^Created$/gm)?.length ?? 0;
    const more = Number(/(\d+) more events? not shown/.exec(text)?.[1] ?? 0);
    assert.ok(shown > 0, text.slice(0, 300));
    assert.equal(shown + more, expected, 'every create of the week in that environment, and no other');
    const places = text.split('\n').filter((l) => l.startsWith(' in '));
    assert.equal(places.length, shown);
    assert.ok(
      places.every((l) => l.includes(env.displayName)),
      places.join('; '),
    );
  });
});
