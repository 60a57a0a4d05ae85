/**
 * `flowwatch serve` as a user runs it: a child process in demo mode (no tenant configured) on a
 * free port, asked by the Agents Playground's default user, then stopped with SIGTERM.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PLAYGROUND_IDENTITY } from '../../src/config/access-config.ts';
import { startFakeConnector, type FakeConnector } from '../helpers/fake-connector.ts';
import { cardOf } from './helpers/bot-harness.ts';
import { cardText, executeActions } from '../helpers/card-walk.ts';
import { personalMessage } from '../bot/fixtures/teams-activities.ts';
import { startServeChild, type ServeChild } from '../helpers/serve-child.ts';

describe('flowwatch serve (demo mode)', () => {
  let dir: string;
  let serve: ServeChild;
  let child: ChildProcess;
  let connector: FakeConnector;
  let printed: string;
  let baseUrl: string;

  before(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'flowwatch-serve-'));
    connector = await startFakeConnector();
    // A clean environment: no AUDIT_*/BOT_* from the machine, so this is a fresh clone's demo mode.
    serve = await startServeChild({
      HOME: dir,
      DATA_DIR: dir,
      PORT: '0',
      LOG_LEVEL: 'warn',
      EMULATOR_MAKERS: '3',
      EMULATOR_FLOWS_PER_DAY: '5',
      EMULATOR_DAYS: '1',
    });
    ({ child, printed, baseUrl } = serve);
  });

  after(async () => {
    await serve.kill();
    await connector.close();
    rmSync(dir, { recursive: true, force: true });
  });

  test('prints where the bot listens and what to do next', () => {
    assert.match(printed, /demo mode/);
    assert.match(printed, /no Bot Framework auth/);
    assert.match(printed, /npm run playground/);
    assert.match(printed, /built-in emulator at http:\/\/127\.0\.0\.1:\d+/);
  });

  test('answers health checks', async () => {
    const res = await fetch(`${baseUrl}/healthz`);
    assert.equal(res.status, 200);
    assert.equal(((await res.json()) as { store: { kind: string } }).store.kind, 'sqlite');
  });

  test("answers the Agents Playground's default user with a result card", async () => {
    const activity = personalMessage({
      serviceUrl: connector.serviceUrl,
      text: 'new flows this week',
      tenantId: PLAYGROUND_IDENTITY.tenantId,
      from: { id: 'user-id-0', name: 'Alex Wilber', aadObjectId: PLAYGROUND_IDENTITY.userAadObjectId },
    });
    const res = await fetch(`${baseUrl}/api/messages`, {
      method: 'POST',
      body: JSON.stringify(activity),
      headers: { 'content-type': 'application/json' },
    });
    assert.equal(res.status, 200);
    const card = cardOf(connector.sentActivities()[0].activity);
    assert.ok(executeActions(card).some((a) => a.verb === 'refresh'));
  });

  test('refuses any other Playground user', async () => {
    connector.reset();
    const activity = personalMessage({
      serviceUrl: connector.serviceUrl,
      tenantId: PLAYGROUND_IDENTITY.tenantId,
      from: { id: 'user-id-1', name: 'Megan Bowen', aadObjectId: '00000000-0000-0000-0000-0000000000021' },
    });
    await fetch(`${baseUrl}/api/messages`, {
      method: 'POST',
      body: JSON.stringify(activity),
      headers: { 'content-type': 'application/json' },
    });
    assert.match(cardText(cardOf(connector.sentActivities()[0].activity)), /only the Power Platform admins/);
  });

  test('stops cleanly on SIGTERM and leaves its SQLite file', async () => {
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    child.kill('SIGTERM');
    assert.equal(await exited, 0);
    assert.ok(existsSync(path.join(dir, 'flowwatch.db')));
  });
});
