/**
 * `flowwatch digest --preview` against a SQLite store in a temp dir: writes the card JSON and an
 * HTML page, and the page renders the card in headless Chromium with Microsoft's renderer.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { digest } from '../../src/cli/commands/digest.ts';
import { loadConfig } from '../../src/config/load-config.ts';
import { COVERAGE_SOURCE } from '../../src/queries/run.ts';
import { CARD_SIZE_LIMIT_BYTES } from '../../src/cards/card-size.ts';
import { flowEvent } from '../bot/fixtures/flow-events.ts';
import { lines } from '../helpers/card-walk.ts';
import { openTempStore } from './helpers/temp-store.ts';
import { CHROMIUM, CHROMIUM_ARGS } from '../helpers/chromium.ts';

const NOW = new Date('2026-11-25T09:30:00.000Z');

describe('flowwatch digest --preview', () => {
  let temp: ReturnType<typeof openTempStore>;
  let out: string;
  let syncs = 0;

  before(async () => {
    temp = openTempStore();
    out = mkdtempSync(path.join(tmpdir(), 'flowwatch-preview-'));
    await temp.store.events.ingest(
      [
        flowEvent({
          operation: 'CreateFlow',
          occurredAt: '2026-11-24T08:15:00.000Z',
          flowName: 'Invoice approvals </script><script>alert(1)</script>',
          actorUpn: 'riley@contoso.com',
          connectors: ['SharePoint', 'HTTP'],
        }),
        flowEvent({
          operation: 'DeleteFlow',
          occurredAt: '2026-11-24T10:00:00.000Z',
          actorUpn: 'admin@contoso.com',
          connectors: [],
        }),
      ],
      { now: new Date('2026-11-24T12:00:00.000Z') },
    );
  });
  after(async () => {
    await temp.dispose();
    rmSync(out, { recursive: true, force: true });
  });

  async function runPreview(args: string[]) {
    const stdout: string[] = [];
    const stderr: string[] = [];
    const code = await digest(args, {
      loadConfig: () => loadConfig({ DIGEST_TIMEZONE: 'Europe/Berlin', DATA_DIR: out }),
      openRuntime: async () => ({
        store: temp.store,
        syncOnce: async () => {
          syncs++;
          await temp.store.syncState.addCoverage(COVERAGE_SOURCE, {
            from: '2026-11-01T00:00:00.000Z',
            to: NOW.toISOString(),
          });
        },
        close: async () => {},
      }),
      now: () => NOW,
      out: (t) => stdout.push(t),
      err: (t) => stderr.push(t),
    });
    return { code, stdout: stdout.join('\n'), stderr: stderr.join('\n') };
  }

  test('writes the card and a page for yesterday, syncing first when the day is not covered', async () => {
    const { code, stdout } = await runPreview(['--preview', '--out', out]);
    assert.equal(code, 0, stdout);
    assert.equal(syncs, 1);
    assert.match(
      stdout,
      /Digest for Tue 24 Nov 2026 \(Europe\/Berlin\): 1 new, 0 edited, 1 deleted flows; card \d+ bytes\./,
    );
    const json = path.join(out, 'digest-2026-11-24.json');
    const html = path.join(out, 'digest-2026-11-24.html');
    const card = JSON.parse(readFileSync(json, 'utf8')) as Record<string, unknown>;
    assert.ok(readFileSync(json).length < CARD_SIZE_LIMIT_BYTES);
    assert.ok(lines(card).some((l) => l.startsWith('Tue 24 Nov 2026 (Europe/Berlin)')));
    const page = readFileSync(html, 'utf8');
    assert.ok(page.includes('AdaptiveCards'), 'the renderer is inlined');
    assert.ok(!page.includes('</script><script>alert(1)'), 'card text cannot close the script element');
    // The page renders what a client without charts shows, and both it and the command say which charts that replaced.
    assert.match(
      stdout,
      /Shown as text, as Teams clients without charts show them: .*Chart\.VerticalBar "Activity per hour"/,
    );
    assert.match(
      page,
      /Shown as text, as Teams clients without charts show them: .*Chart\.VerticalBar &#34;Activity per hour&#34;/,
    );
  });

  test('rejects bad options with exit code 2', async () => {
    assert.equal((await runPreview(['--out', out])).code, 2, 'without --preview');
    assert.equal((await runPreview(['--preview', '--date', '24.11.2026'])).code, 2);
    assert.equal((await runPreview(['--preview', '--tz', 'Mars/Olympus'])).code, 2);
    assert.equal((await runPreview(['--preview', '--bogus'])).code, 2);
  });

  test(
    'the page renders the card in Chromium, untrusted text as text',
    { skip: !existsSync(CHROMIUM) && process.env.CI !== 'true' ? `no ${CHROMIUM}` : false },
    async () => {
      const { code } = await runPreview(['--preview', '--date', '2026-11-24', '--out', out, '--no-sync']);
      assert.equal(code, 0);
      const browser = await chromium.launch({
        executablePath: CHROMIUM,
        args: ['--headless', ...CHROMIUM_ARGS],
      });
      try {
        const page = await browser.newPage();
        const problems: string[] = [];
        page.on('pageerror', (e) => problems.push(String(e)));
        page.on('dialog', (d) => {
          problems.push(`dialog: ${d.message()}`);
          void d.dismiss();
        });
        await page.goto(`file://${path.join(out, 'digest-2026-11-24.html')}`);
        await page.waitForSelector('body[data-rendered=true]', { timeout: 10_000 });
        const text = await page.locator('#card').innerText();
        assert.match(text, /Power Automate flows: daily digest/);
        assert.match(text, /New flows · 1 flow/);
        assert.match(text, /Invoice approvals <\/script><script>alert\(1\)<\/script>/);
        assert.match(text, /⚠ HTTP \(risky\)/);
        assert.ok((await page.locator('button', { hasText: 'Refresh' }).count()) >= 1);
        assert.deepEqual(problems, []);
      } finally {
        await browser.close();
      }
    },
  );
});
