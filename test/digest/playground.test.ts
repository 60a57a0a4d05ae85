/**
 * The digest in a real client: Microsoft 365 Agents Playground (the local Teams-like client)
 * driven by headless Chromium. Opening the team's General channel installs the bot there, which
 * subscribes the channel; POST /api/digest posts the card into the channel as a new post; its
 * Refresh button (Action.Execute) re-renders it in place with data that arrived since.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { loadConfig } from '../../src/config/load-config.ts';
import { startBot, type RunningBot } from '../../src/http/server.ts';
import { createLogger } from '../../src/log.ts';
import { COVERAGE_SOURCE } from '../../src/queries/run.ts';
import { flowEvent } from '../bot/fixtures/flow-events.ts';
import { openPlayground } from '../helpers/playground-page.ts';
import { waitUntil } from '../helpers/wait-until.ts';
import { openTempStore } from './helpers/temp-store.ts';
import { CHROMIUM, CHROMIUM_ARGS } from '../helpers/chromium.ts';

const SECRET = 'playground-digest-secret';
const skip = !existsSync(CHROMIUM) && process.env.CI !== 'true' ? `no ${CHROMIUM}` : false;

/** Starts the Playground CLI on a free port (its own log file, no browser of its own). */
async function startPlayground(endpoint: string, dir: string): Promise<{ child: ChildProcess; url: string }> {
  const cli = createRequire(import.meta.url).resolve('@microsoft/m365agentsplayground/cli.js');
  const child = spawn(
    process.execPath,
    [cli, '--app-endpoint', endpoint, '--channel-id', 'msteams', '--port', '0', '--disable-telemetry'],
    {
      env: {
        ...process.env,
        M365_AGENTS_PLAYGROUND_LOGFILE: path.join(dir, 'playground.log'),
        TEAMSAPPTESTER_BROWSER: 'none',
        // Its own connector, whatever the developer's shell says (the serviceUrl test depends on it).
        M365_AGENTS_PLAYGROUND_SERVICE_URL: undefined,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  const port = await new Promise<number>((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => reject(new Error(`the Playground did not start: ${output.slice(-500)}`)), 30_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const m = /Listening on (\d+)/.exec(output);
      if (m) {
        clearTimeout(timer);
        resolve(Number(m[1]));
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', (code) => reject(new Error(`the Playground exited (${code}): ${output.slice(-500)}`)));
  });
  return { child, url: `http://127.0.0.1:${port}/` };
}

/** The end of the Playground's own log (what it sent the bot, and its errors), for a failure message. */
function playgroundLogTail(dir: string): string {
  const file = path.join(dir, 'playground.log');
  return existsSync(file) ? readFileSync(file, 'utf8').slice(-3000) : '(no Playground log)';
}

/** waitUntil with the Playground's log tail in the failure. */
function until<T>(what: string, probe: () => Promise<T>, dir: string) {
  return waitUntil(what, probe, {
    timeoutMs: 20_000,
    intervalMs: 200,
    detail: () => `the Playground's log ends:\n${playgroundLogTail(dir)}`,
  });
}

describe('digest in Microsoft 365 Agents Playground', { skip }, () => {
  let dir: string;
  let temp: ReturnType<typeof openTempStore>;
  let bot: RunningBot;
  let playground: { child: ChildProcess; url: string };
  let browser: Browser;
  let page: Page;
  const yesterday = new Date(Date.now() - 24 * 3600_000).toISOString().slice(0, 10);

  before(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'flowwatch-playground-'));
    temp = openTempStore();
    await temp.store.events.ingest(
      [
        flowEvent({
          operation: 'CreateFlow',
          occurredAt: `${yesterday}T09:15:00.000Z`,
          flowName: 'Invoice approvals',
          actorUpn: 'riley@contoso.com',
          connectors: ['SharePoint', 'HTTP'],
        }),
        flowEvent({
          operation: 'CreateFlow',
          occurredAt: `${yesterday}T13:40:00.000Z`,
          flowName: 'Leave requests',
          actorUpn: 'sam@contoso.com',
          connectors: ['Microsoft Forms'],
        }),
      ],
      { now: new Date() },
    );
    await temp.store.syncState.addCoverage(COVERAGE_SOURCE, {
      from: `${yesterday}T00:00:00.000Z`,
      to: new Date(Date.now() + 3600_000).toISOString(),
    });
    // Demo mode (no tenant): no Bot Framework auth, loopback, and the Playground's user is an admin.
    const config = loadConfig({ DIGEST_SECRET: SECRET, DIGEST_TIMEZONE: 'UTC', DATA_DIR: dir });
    bot = await startBot({ config, store: temp.store, log: createLogger('silent'), host: '127.0.0.1', port: 0 });
    [playground, browser] = await Promise.all([
      startPlayground(bot.messagesUrl, dir),
      chromium.launch({
        executablePath: CHROMIUM,
        args: ['--headless', ...CHROMIUM_ARGS],
      }),
    ]);
    page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    // Loopback only: the client's requests to the internet (fonts, telemetry) fail at once instead of hanging the load.
    await page.route(
      (url) => !['127.0.0.1', 'localhost'].includes(url.hostname),
      (route) => route.abort(),
    );
  });

  after(async () => {
    await browser?.close();
    if (playground?.child.exitCode === null) {
      const exited = new Promise((resolve) => playground.child.once('exit', resolve));
      playground.child.kill('SIGTERM');
      await exited;
    }
    await bot?.close();
    await temp?.dispose();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  test('install into the team, trigger POST /api/digest, see the card in the channel, press Refresh', async () => {
    await openPlayground(page, playground.url);
    await page.getByText('Teams Channel').waitFor({ timeout: 20_000 });
    // Opening the channel installs the app into the team (installationUpdate "add").
    await page.getByText('General', { exact: true }).click();
    const subscription = await until(
      'the channel subscription',
      async () => (await temp.store.botState.listSubscriptions())[0],
      dir,
    );
    assert.equal(subscription.channelName, 'General');
    // Without --service-url the Playground names its own connector http://localhost:<its port>/_connector
    // (extractServiceUrl in its dist/index.js), though it listens on 127.0.0.1 too.
    assert.equal(
      subscription.serviceUrl,
      `http://localhost:${new URL(playground.url).port}/_connector`,
      'the Playground serves the connector',
    );

    const res = await fetch(`${bot.url}/api/digest`, {
      method: 'POST',
      headers: { authorization: `Bearer ${SECRET}`, 'content-type': 'application/json' },
      body: '{}',
    });
    assert.equal(res.status, 200);
    const { results } = (await res.json()) as { results: Array<{ status: string; periodKey: string }> };
    assert.deepEqual(
      results.map((r) => [r.status, r.periodKey]),
      [['sent', yesterday]],
    );

    const card = page.locator('.ac-adaptiveCard', { hasText: 'Power Automate flows: daily digest' });
    await card.waitFor({ timeout: 20_000 });
    assert.equal(await card.count(), 1);
    const before = await card.innerText();
    assert.match(before, /New flows · 2 flows/);
    assert.match(before, /Invoice approvals/);
    assert.match(before, /⚠ HTTP \(risky\)/);

    // A flow of the same day that arrives after the post: Refresh shows it, in the same card.
    await temp.store.events.ingest(
      [
        flowEvent({
          operation: 'CreateFlow',
          occurredAt: `${yesterday}T21:05:00.000Z`,
          flowName: 'Arrived after the post',
          actorUpn: 'jo@contoso.com',
          connectors: [],
        }),
      ],
      { now: new Date() },
    );
    await card.getByRole('button', { name: 'Refresh' }).last().click();
    await until('the refreshed card', async () => /Arrived after the post/.test(await card.innerText()), dir);
    assert.match(await card.innerText(), /New flows · 3 flows/);
    assert.equal(
      await page.locator('.ac-adaptiveCard', { hasText: 'Power Automate flows: daily digest' }).count(),
      1,
      'replaced in place, not posted again',
    );
  });
});
