/**
 * The whole loop a person sees: the bot in demo mode (tenant emulator → sync → SQLite), Microsoft
 * 365 Agents Playground started by scripts/playground.mjs, and headless Debian chromium driving
 * it: ask "new flows today" in the personal chat, see the answer card, press Refresh, see the
 * card replaced. Screenshots go to screenshots/ (git-ignored) for a human to look at.
 * Without chromium the test is skipped, except under CI=true, where that is a failure.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { loadConfig } from '../../src/config/load-config.ts';
import { startBot, type RunningBot } from '../../src/http/server.ts';
import { openRuntime, type Runtime } from '../../src/runtime/runtime.ts';
import { openPlayground } from '../helpers/playground-page.ts';
import { waitUntil } from '../helpers/wait-until.ts';
import { CHROMIUM, CHROMIUM_ARGS } from '../helpers/chromium.ts';

const SCREENSHOTS = path.resolve('screenshots');
// Mid-afternoon UTC, so "today" already has flows whatever the real time of day; the clock runs
// on from there so each answer says a different "Updated" time.
const CLOCK_BASE = Date.parse('2026-05-06T15:00:00Z');
const started = Date.now();
const now = () => new Date(CLOCK_BASE + (Date.now() - started));

const chromiumMissing = !existsSync(CHROMIUM);
const skipReason = chromiumMissing ? `${CHROMIUM} not found (apt-get install -y chromium)` : false;

let dir = '';
let runtime: Runtime | undefined;
let bot: RunningBot | undefined;
let playground: ChildProcess | undefined;
let browser: BrowserContext | undefined;
let page: Page | undefined;

/** The Playground in Chromium, started by the first test that needs it. */
async function playgroundPage(): Promise<Page> {
  if (page) return page;
  const port = await startPlayground(bot!.messagesUrl);
  browser = await launchBrowser();
  page = browser.pages()[0] ?? (await browser.newPage());
  mkdirSync(SCREENSHOTS, { recursive: true });
  await openPlayground(page, `http://127.0.0.1:${port}/`);
  return page;
}

/** Starts scripts/playground.mjs on a free port and resolves with that port. */
function startPlayground(endpoint: string): Promise<number> {
  const child = spawn(
    process.execPath,
    ['scripts/playground.mjs', '--endpoint', endpoint, '--port', '0', '--no-browser'],
    {
      stdio: ['ignore', 'pipe', 'pipe'],
      // Its own process group, so cleanup ends the Playground it spawns too.
      detached: true,
      env: { ...process.env, M365_AGENTS_PLAYGROUND_LOGFILE: path.join(dir, 'playground.log') },
    },
  );
  playground = child;
  return new Promise((resolve, reject) => {
    let output = '';
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const listening = /Listening on (\d+)/.exec(output);
      if (listening) resolve(Number(listening[1]));
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('exit', (code) => reject(new Error(`playground exited with ${code}:\n${output}`)));
  });
}

/** Chromium with a fresh profile that may reach loopback only (the Playground's CDN fonts are dropped). */
async function launchBrowser(): Promise<BrowserContext> {
  const context = await chromium.launchPersistentContext(path.join(dir, 'profile'), {
    executablePath: CHROMIUM,
    headless: true,
    args: CHROMIUM_ARGS,
    viewport: { width: 1280, height: 2400 },
  });
  await context.route('**/*', (route) => {
    const url = new URL(route.request().url());
    const local =
      url.protocol === 'data:' ||
      url.protocol === 'blob:' ||
      ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname);
    return local ? route.continue() : route.abort();
  });
  return context;
}

/** The "Updated HH:mm:ss" of the newest result card. */
async function updatedText(page: Page): Promise<string> {
  const text = await page.locator('.ac-adaptiveCard').filter({ hasText: 'Updated' }).last().innerText();
  const match = /Updated (\d\d:\d\d:\d\d)/.exec(text);
  assert.ok(match, `no "Updated" time on the card:\n${text}`);
  return match[1];
}

before(async () => {
  if (chromiumMissing) return;
  dir = mkdtempSync(path.join(tmpdir(), 'flowwatch-playground-'));
  const config = loadConfig({
    DATA_DIR: dir,
    LOG_LEVEL: 'silent',
    EMULATOR_MAKERS: '8',
    EMULATOR_FLOWS_PER_DAY: '24',
    EMULATOR_DAYS: '2',
    // The living tenant and the demo sync, fast: the alert test waits for one card, not minutes.
    EMULATOR_LIVE_SECONDS: '2',
    DEMO_SYNC_INTERVAL_SECONDS: '5',
  });
  // As `flowwatch serve` does: alerts are evaluated after every sync run (the loop starts in the alert test).
  runtime = await openRuntime(config, {
    now,
    livingTenant: true,
    onSyncReport: () => {
      bot?.alerts.afterSync().catch((error: unknown) => console.error('alert evaluation failed', error));
    },
  });
  const report = await runtime.syncOnce();
  assert.equal(report.ok, true, 'the demo tenant synced');
  bot = await startBot({ config, store: runtime.store, now, host: '127.0.0.1', port: 0 });
});

after(async () => {
  await browser?.close().catch(() => undefined);
  if (playground?.pid && playground.exitCode === null) {
    try {
      process.kill(-playground.pid, 'SIGTERM');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ESRCH') throw e;
    }
  }
  await bot?.close();
  await runtime?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

test(
  'in the Playground, "new flows today" gets a card and Refresh replaces it',
  { skip: process.env.CI === 'true' ? false : skipReason, timeout: 120_000 },
  async () => {
    assert.ok(!chromiumMissing, `CI=true and ${skipReason}`);
    const page = await playgroundPage();
    // The chat box is a Lexical editor, not an <input>.
    const box = page.locator('[data-lexical-editor="true"]');
    await box.waitFor({ timeout: 30_000 });
    await box.click();
    await page.keyboard.type('new flows today');
    await page.keyboard.press('Enter');

    const answer = page.locator('.ac-adaptiveCard').filter({ hasText: 'Updated' }).last();
    await answer.waitFor({ timeout: 30_000 });
    const first = await answer.innerText();
    assert.match(first, /New flows/);
    assert.match(first, /Wed 6 May 2026/);
    assert.match(first, /Created ·/, 'today has new flows in the demo tenant');
    assert.match(first, /Connectors/);
    // Installing the app in the personal chat greeted with the help card first.
    assert.equal(
      await page.locator('.ac-adaptiveCard').filter({ hasText: 'Ask me about Power Automate flows' }).count(),
      1,
    );
    await answer.screenshot({ path: path.join(SCREENSHOTS, 'playground-1-answer.png') });
    const firstUpdated = await updatedText(page);

    // The card shows whole seconds of the bot's clock, and it drew this one no later than now: once
    // that clock is into the next second, the refreshed card must show a different time.
    const shownSecond = Math.floor(now().getTime() / 1000);
    await waitUntil(
      'the bot clock to reach the next whole second',
      () => Math.floor(now().getTime() / 1000) > shownSecond,
      {
        timeoutMs: 2_000,
        intervalMs: 20,
      },
    );
    await answer.getByRole('button', { name: 'Refresh' }).click();
    await page
      .locator('.ac-adaptiveCard')
      .filter({ hasText: /Updated \d\d:\d\d:\d\d/ })
      .filter({ hasNotText: `Updated ${firstUpdated}` })
      .waitFor({ timeout: 30_000 });
    const refreshedUpdated = await updatedText(page);
    assert.notEqual(refreshedUpdated, firstUpdated);
    assert.equal(
      await page.locator('.ac-adaptiveCard').filter({ hasText: 'Updated' }).count(),
      1,
      'Refresh replaced the card instead of posting another',
    );
    await page.screenshot({ path: path.join(SCREENSHOTS, 'playground-2-refreshed.png'), fullPage: true });

    // A ranking asked with a typo: the card says how it read the question.
    await box.click();
    await page.keyboard.type('busiest environmnts this week');
    await page.keyboard.press('Enter');
    const ranking = page.locator('.ac-adaptiveCard').filter({ hasText: 'grouped by environment' }).last();
    await ranking.waitFor({ timeout: 30_000 });
    const rankingText = await ranking.innerText();
    assert.match(rankingText, /Read as: flows grouped by environment this week \("environmnts" as "environments"\)/);
    // Environments are named from the inventory's BAP list (issue 11), with their type.
    assert.match(rankingText, /Contoso \(default\)(?! \(Default\))/);
    await ranking.screenshot({ path: path.join(SCREENSHOTS, 'playground-3-ranking.png') });

    // A summary: the digest card for the asked period.
    await box.click();
    await page.keyboard.type('overview of this week');
    await page.keyboard.press('Enter');
    const summary = page.locator('.ac-adaptiveCard').filter({ hasText: 'Power Automate flows: summary' }).last();
    await summary.waitFor({ timeout: 30_000 });
    assert.match(await summary.innerText(), /Mon 4 May 2026 – Sun 10 May 2026/);
    await summary.screenshot({ path: path.join(SCREENSHOTS, 'playground-4-summary.png') });
    // The Playground draws Teams charts (SVG, labelled for screen readers), not their fallback text.
    const activity = summary.locator('[aria-label^="Activity per day, Vertical bar chart"]');
    const donut = summary.locator('[aria-label^="Connectors in new and edited flows, Donut chart"]');
    await activity.waitFor({ timeout: 10_000 });
    assert.ok((await activity.locator('svg').count()) >= 1);
    assert.match(await activity.innerText(), /Mon 4[\s\S]*Sun 10[\s\S]*Day \(UTC\)/);
    assert.ok((await donut.locator('svg').count()) >= 1);
    await activity.screenshot({ path: path.join(SCREENSHOTS, 'playground-5-activity-chart.png') });
    await donut.screenshot({ path: path.join(SCREENSHOTS, 'playground-6-connectors-donut.png') });
  },
);

test(
  'in the team\'s channel, "alert on HTTP" is followed by an alert card for a new HTTP flow of the living tenant',
  { skip: process.env.CI === 'true' ? false : skipReason, timeout: 180_000 },
  async () => {
    assert.ok(!chromiumMissing, `CI=true and ${skipReason}`);
    const page = await playgroundPage();
    await page.getByText('Teams Channel').waitFor({ timeout: 20_000 });
    // Opening the channel installs the app into the team: the channel is remembered for proactive posts.
    await page.getByText('General', { exact: true }).click();
    await waitUntil(
      'the channel to be remembered',
      async () => (await runtime!.store.botState.listSubscriptions()).some((s) => s.channelName === 'General'),
      { timeoutMs: 20_000, intervalMs: 200 },
    );
    // The channel has two editors: "Start a new post" (first) and the reply box of the welcome post.
    const box = page.locator('[data-lexical-editor="true"]').first();
    await box.waitFor({ timeout: 30_000 });
    await box.click();
    // In a channel the bot hears only posts that @mention it (teams-platform.md §2): pick it from the typeahead.
    await page.keyboard.type('@Test');
    await page.getByRole('menuitem', { name: /Test Bot/ }).click();
    await page.keyboard.type(' alert on HTTP');
    await page.getByRole('button', { name: 'Post' }).click();
    const set = page.locator('.ac-adaptiveCard').filter({ hasText: 'Alert set' }).last();
    await set.waitFor({ timeout: 30_000 }).catch(async (error: unknown) => {
      await page.screenshot({ path: path.join(SCREENSHOTS, 'playground-7-alert-set-missing.png'), fullPage: true });
      throw error;
    });
    assert.match(await set.innerText(), /alerted on flows that start using HTTP/);

    // The demo loop: a new flow every 2 s, a sync every 5 s, alerts after each sync.
    runtime!.sync.start();
    const alert = page.locator('.ac-adaptiveCard').filter({ hasText: 'Flowwatch alert' }).first();
    await alert.waitFor({ timeout: 120_000 }).catch(async (error: unknown) => {
      await page.screenshot({ path: path.join(SCREENSHOTS, 'playground-7-alert-missing.png'), fullPage: true });
      throw error;
    });
    const text = await alert.innerText();
    assert.match(text, /Matched: flows that start using HTTP/);
    assert.match(text, /Created by [\w.]+@contoso\.example/);
    // The living tenant's flows are in the admin APIs at once; the sync's inventory refresh names them.
    assert.match(text, /Owner: [\w.]+@contoso\.example · State: On · Environment: /);
    assert.match(text, /HTTP/);
    assert.doesNotMatch(text, /not in the flow inventory/);
    for (const button of ['Mute this flow', "Show this flow's history"])
      assert.ok((await alert.getByRole('button', { name: button }).count()) >= 1, `the card has ${button}`);
    await alert.screenshot({ path: path.join(SCREENSHOTS, 'playground-7-alert.png') });
  },
);
