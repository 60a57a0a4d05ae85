import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { AppManifestUtils } from '@microsoft/app-manifest';
import { loadConfig } from '../../src/config/load-config.ts';
import { parseQuestion } from '../../src/bot/commands/parse.ts';
import { parseDigestCommand } from '../../src/digest/digest-command.ts';
import { buildAppPackage, DEFAULT_TEAMS_APP_ID } from '../../src/cli/app-package/build-app-package.ts';
import { readPngSize } from '../../src/cli/app-package/png-size.ts';
import { ManifestError, renderManifest } from '../../src/cli/app-package/render-manifest.ts';
import { packageApp, validateWithAppManifest } from '../../src/cli/commands/package.ts';
import { decodeRgbaPng, readZip } from './read-zip.ts';

const BOT_ID = '0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d';
const APP_ID = '6f5e4d3c-2b1a-4c0d-9e8f-7a6b5c4d3e2f';
const MANIFEST_DIR = path.resolve('manifest');

function built() {
  return buildAppPackage({ manifestDir: MANIFEST_DIR, botId: BOT_ID, teamsAppId: APP_ID, version: '0.1.0' }).manifest;
}

describe('Teams app manifest', () => {
  test('validates against the official schema offline', async () => {
    const manifest = built();
    // The template is written against manifest 1.24 (the command limits below are that version's):
    // a newer schema is a deliberate change to make here too.
    assert.equal(
      manifest.$schema,
      'https://developer.microsoft.com/en-us/json-schemas/teams/v1.24/MicrosoftTeams.schema.json',
    );
    assert.deepEqual(await AppManifestUtils.validateAgainstSchema(manifest as never), []);
  });

  test('the schema check catches a broken manifest (so the test above can fail)', async () => {
    const broken = structuredClone(built()) as { bots: Array<{ scopes: string[] }>; developer?: unknown };
    broken.bots[0].scopes = ['personal', 'groupchat'];
    delete broken.developer;
    const problems = await validateWithAppManifest(broken);
    assert.ok(problems && problems.some((p) => p.includes('developer')), String(problems));
    assert.ok(
      problems.some((p) => p.includes('/bots/0/scopes/1')),
      String(problems),
    );
  });

  test('names the bot and the app by id, in personal, team and group chats', () => {
    const manifest = built() as { id: string; version: string; bots: Array<{ botId: string; scopes: string[] }> };
    assert.equal(manifest.id, APP_ID);
    assert.equal(manifest.version, '0.1.0');
    assert.equal(manifest.bots[0].botId, BOT_ID);
    assert.deepEqual([...manifest.bots[0].scopes].sort(), ['groupChat', 'personal', 'team']);
    assert.ok(!JSON.stringify(manifest).includes('${{'), 'every placeholder filled');
  });

  test('lists at most 12 commands per scope (manifest 1.24), each a question or digest command the bot understands', () => {
    const manifest = built() as {
      bots: Array<{
        commandLists: Array<{ scopes: string[]; commands: Array<{ title: string; description: string }> }>;
      }>;
    };
    for (const list of manifest.bots[0].commandLists) {
      assert.ok(list.commands.length >= 5 && list.commands.length <= 12, `${list.commands.length} commands`);
      for (const c of list.commands) {
        assert.ok(c.title.length <= 32 && c.description.length <= 128, c.title);
        // The bot offers a command to the digest parser first and the rest to the question parser,
        // so a "digest …" command must be the digest's, and any other a question it does not take.
        if (c.title.startsWith('digest ')) assert.notEqual(parseDigestCommand(c.title), null, c.title);
        else {
          assert.equal(parseDigestCommand(c.title), null, c.title);
          assert.notEqual(parseQuestion(c.title).kind, 'unknown', c.title);
        }
      }
    }
  });
});

describe('Teams app icons', () => {
  test('color.png is 192x192 and opaque', () => {
    const png = readFileSync(path.join(MANIFEST_DIR, 'color.png'));
    assert.deepEqual(readPngSize(png), { width: 192, height: 192 });
    const { pixels } = decodeRgbaPng(png);
    for (let i = 3; i < pixels.length; i += 4) assert.equal(pixels[i], 255);
  });

  test('outline.png is 32x32, white on transparent, with something drawn', () => {
    const png = readFileSync(path.join(MANIFEST_DIR, 'outline.png'));
    assert.deepEqual(readPngSize(png), { width: 32, height: 32 });
    const { pixels } = decodeRgbaPng(png);
    let drawn = 0;
    let transparent = 0;
    for (let i = 0; i < pixels.length; i += 4) {
      if (pixels[i + 3] === 0) transparent++;
      else {
        drawn++;
        assert.deepEqual([pixels[i], pixels[i + 1], pixels[i + 2]], [255, 255, 255]);
      }
    }
    assert.ok(drawn > 100 && transparent > 100, `drawn ${drawn}, transparent ${transparent}`);
  });

  test('readPngSize refuses what is not a PNG', () => {
    assert.equal(readPngSize(Buffer.from('GIF89a-not-a-png-at-all-really')), null);
  });
});

describe('flowwatch package', () => {
  let dir = '';
  before(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'flowwatch-package-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  const run = async (args: string[], env: Record<string, string>) => {
    const out: string[] = [];
    const err: string[] = [];
    const code = await packageApp(args, {
      loadConfig: () => loadConfig(env),
      validate: validateWithAppManifest,
      out: (t) => out.push(t),
      err: (t) => err.push(t),
    });
    return { code, out: out.join('\n'), err: err.join('\n') };
  };

  test('writes a flat zip of manifest.json and both icons', async () => {
    const zipPath = path.join(dir, 'appPackage.zip');
    const { code, err } = await run(['--out', zipPath], { BOT_ID, TEAMS_APP_ID: APP_ID });
    assert.equal(code, 0, err);
    const files = readZip(readFileSync(zipPath));
    assert.deepEqual([...files.keys()].sort(), ['color.png', 'manifest.json', 'outline.png']);
    const manifest = JSON.parse(files.get('manifest.json')!.toString('utf8')) as {
      id: string;
      bots: Array<{ botId: string }>;
    };
    assert.equal(manifest.id, APP_ID);
    assert.equal(manifest.bots[0].botId, BOT_ID);
    assert.ok(files.get('color.png')!.equals(readFileSync(path.join(MANIFEST_DIR, 'color.png'))));
    assert.ok(files.get('outline.png')!.equals(readFileSync(path.join(MANIFEST_DIR, 'outline.png'))));
  });

  test('uses the documented default Teams app id when TEAMS_APP_ID is unset', async () => {
    const zipPath = path.join(dir, 'default.zip');
    assert.equal((await run(['--out', zipPath], { BOT_ID })).code, 0);
    const manifest = JSON.parse(readZip(readFileSync(zipPath)).get('manifest.json')!.toString('utf8')) as {
      id: string;
    };
    assert.equal(manifest.id, DEFAULT_TEAMS_APP_ID);
    assert.ok(readFileSync('README.md', 'utf8').includes(`| \`TEAMS_APP_ID\` | \`${DEFAULT_TEAMS_APP_ID}\` |`));
  });

  test('refuses to package without BOT_ID, and says which variable to set', async () => {
    const { code, err } = await run(['--out', path.join(dir, 'none.zip')], {});
    assert.equal(code, 1);
    assert.match(err, /BOT_ID is not set/);
  });

  test('refuses icons of the wrong size', () => {
    const bad = mkdtempSync(path.join(dir, 'bad-'));
    copyFileSync(path.join(MANIFEST_DIR, 'manifest.json'), path.join(bad, 'manifest.json'));
    copyFileSync(path.join(MANIFEST_DIR, 'outline.png'), path.join(bad, 'color.png'));
    copyFileSync(path.join(MANIFEST_DIR, 'outline.png'), path.join(bad, 'outline.png'));
    assert.throws(
      () => buildAppPackage({ manifestDir: bad, botId: BOT_ID, teamsAppId: APP_ID, version: '0.1.0' }),
      (e: unknown) => e instanceof ManifestError && /color\.png must be a 192x192 PNG, found 32x32/.test(e.message),
    );
  });

  test('reports unknown options with exit code 2', async () => {
    assert.equal((await run(['--nope'], { BOT_ID })).code, 2);
  });
});

describe('renderManifest', () => {
  test('fills placeholders inside strings only, so a value cannot change the JSON structure', () => {
    const out = renderManifest({ a: 'x-${{V}}', list: ['${{V}}'], n: 3 }, { V: '","evil":"' });
    assert.deepEqual(out, { a: 'x-","evil":"', list: ['","evil":"'], n: 3 });
  });

  test('refuses a placeholder without a value', () => {
    assert.throws(() => renderManifest({ id: '${{TEAMS_APP_ID}}' }, {}), /TEAMS_APP_ID/);
  });

  test('the template in manifest/ uses exactly the placeholders the package fills', () => {
    const template = readFileSync(path.join(MANIFEST_DIR, 'manifest.json'), 'utf8');
    const names = new Set([...template.matchAll(/\$\{\{([A-Z0-9_]+)\}\}/g)].map((m) => m[1]));
    assert.deepEqual([...names].sort(), ['APP_VERSION', 'BOT_ID', 'TEAMS_APP_ID']);
  });
});
