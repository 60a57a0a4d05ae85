import { readFileSync } from 'node:fs';
import path from 'node:path';
import { readPngSize } from './png-size.ts';
import { ManifestError, renderManifest } from './render-manifest.ts';
import { writeZip } from './zip-writer.ts';

/** Teams app id used when TEAMS_APP_ID is unset (documented in the README's configuration table). */
export const DEFAULT_TEAMS_APP_ID = '4563d250-d9d0-4d76-9569-2173c2b615db';

/** Icon files and their required square size in pixels (teams-platform.md §6.2). */
export const ICON_SIZES: Record<string, number> = { 'color.png': 192, 'outline.png': 32 };

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const SEMVER = /^\d+\.\d+\.\d+$/;

export interface AppPackageOptions {
  /** Folder holding manifest.json (the template) and the icons. */
  manifestDir: string;
  /** Microsoft App ID of the Azure Bot (BOT_ID). */
  botId: string;
  teamsAppId: string;
  /** The app's version, e.g. package.json's "0.1.0". */
  version: string;
}

export interface AppPackage {
  manifest: Record<string, unknown>;
  /** manifest.json and the icons at the zip's root (teams-platform.md §6.3). */
  zip: Buffer;
}

/** Renders the manifest, checks ids and icon sizes, and zips the package flat. */
export function buildAppPackage(options: AppPackageOptions): AppPackage {
  if (!GUID.test(options.botId)) throw new ManifestError(`bot id "${options.botId}" is not a GUID`);
  if (!GUID.test(options.teamsAppId)) throw new ManifestError(`Teams app id "${options.teamsAppId}" is not a GUID`);
  if (!SEMVER.test(options.version)) throw new ManifestError(`version "${options.version}" is not MAJOR.MINOR.PATCH`);
  const template: unknown = JSON.parse(readFileSync(path.join(options.manifestDir, 'manifest.json'), 'utf8'));
  const manifest = renderManifest(template, {
    BOT_ID: options.botId,
    TEAMS_APP_ID: options.teamsAppId,
    APP_VERSION: options.version,
  });
  const icons = manifest.icons as Record<string, unknown> | undefined;
  const entries = [{ name: 'manifest.json', data: Buffer.from(JSON.stringify(manifest, null, 2) + '\n') }];
  for (const [key, file] of Object.entries({ color: 'color.png', outline: 'outline.png' })) {
    if (icons?.[key] !== file) throw new ManifestError(`manifest icons.${key} must be "${file}" at the package root`);
    const data = readFileSync(path.join(options.manifestDir, file));
    const size = readPngSize(data);
    const want = ICON_SIZES[file];
    if (!size || size.width !== want || size.height !== want) {
      throw new ManifestError(
        `${file} must be a ${want}x${want} PNG, found ${size ? `${size.width}x${size.height}` : 'no PNG'}; run node manifest/make-icons.mjs`,
      );
    }
    entries.push({ name: file, data });
  }
  return { manifest, zip: writeZip(entries) };
}
