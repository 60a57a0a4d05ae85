/**
 * `flowwatch package [--out FILE] [--manifest-dir DIR]`: builds the Teams app package
 * (build/appPackage.zip) from manifest/ with BOT_ID and TEAMS_APP_ID, and checks it against the
 * official manifest schema offline when @microsoft/app-manifest (a dev dependency) is installed.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { loadConfig, type Config } from '../../config/load-config.ts';
import { buildAppPackage, DEFAULT_TEAMS_APP_ID } from '../app-package/build-app-package.ts';

export const summary = 'write the Teams app package build/appPackage.zip (needs BOT_ID)';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

const HELP = `usage: flowwatch package [--out FILE] [--manifest-dir DIR]

Writes the Teams app package: manifest.json (from manifest/manifest.json with BOT_ID, TEAMS_APP_ID
and the package version filled in) and the two icons, flat in one zip. Upload it in Teams
(Apps > Manage your apps > Upload an app) or in the Teams admin center.

  --out FILE          where to write the zip (default build/appPackage.zip)
  --manifest-dir DIR  folder with manifest.json, color.png and outline.png (default manifest/)

Needs BOT_ID (the Microsoft App ID of the Azure Bot). TEAMS_APP_ID defaults to ${DEFAULT_TEAMS_APP_ID}.
Exit code: 0 written, 2 options not understood, 1 anything else.`;

/** Schema problems of a manifest, or null when the validator is not installed. */
export type ManifestValidator = (manifest: Record<string, unknown>) => Promise<string[] | null>;

export interface PackageDeps {
  loadConfig: () => Config;
  validate: ManifestValidator;
  out: (text: string) => void;
  err: (text: string) => void;
}

export async function run(args: string[]): Promise<number> {
  return packageApp(args, {
    loadConfig: () => loadConfig(),
    validate: validateWithAppManifest,
    out: console.log,
    err: console.error,
  });
}

/** The command with its surroundings passed in, for tests. */
export async function packageApp(args: string[], deps: PackageDeps): Promise<number> {
  let values: { out?: string; 'manifest-dir'?: string; help?: boolean };
  try {
    ({ values } = parseArgs({
      args,
      options: { out: { type: 'string' }, 'manifest-dir': { type: 'string' }, help: { type: 'boolean', short: 'h' } },
    }));
  } catch (e) {
    deps.err(`flowwatch package: ${(e as Error).message}\n\n${HELP}`);
    return 2;
  }
  if (values.help) {
    deps.out(HELP);
    return 0;
  }
  const config = deps.loadConfig();
  if (!config.bot.appId) {
    deps.err(
      'flowwatch package: BOT_ID is not set. The package names the bot Teams talks to: set BOT_ID to the Microsoft App ID of your Azure Bot.',
    );
    return 1;
  }
  const version = (JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;
  const built = buildAppPackage({
    manifestDir: path.resolve(values['manifest-dir'] ?? path.join(ROOT, 'manifest')),
    botId: config.bot.appId,
    teamsAppId: config.bot.teamsAppId ?? DEFAULT_TEAMS_APP_ID,
    version,
  });
  const problems = await deps.validate(built.manifest);
  if (problems === null) deps.err('flowwatch package: schema check skipped (@microsoft/app-manifest is not installed)');
  else if (problems.length > 0) {
    deps.err(`flowwatch package: the manifest does not match its schema:\n${problems.map((p) => `  ${p}`).join('\n')}`);
    return 1;
  }
  const out = path.resolve(values.out ?? path.join(ROOT, 'build', 'appPackage.zip'));
  mkdirSync(path.dirname(out), { recursive: true });
  writeFileSync(out, built.zip);
  deps.out(`wrote ${out} (Teams app ${String(built.manifest.id)}, bot ${config.bot.appId}, version ${version})`);
  return 0;
}

/** Offline schema check with the bundled Teams schemas (teams-platform.md §6.4). */
export const validateWithAppManifest: ManifestValidator = async (manifest) => {
  let lib: { AppManifestUtils: { validateAgainstSchema(m: unknown): Promise<string[]> } };
  try {
    lib = await import('@microsoft/app-manifest');
  } catch (e) {
    if ((e as { code?: string }).code === 'ERR_MODULE_NOT_FOUND') return null;
    throw e;
  }
  return lib.AppManifestUtils.validateAgainstSchema(manifest);
};
