/**
 * The layers of DESIGN.md, checked on every import in src/: http → bot → queries/cards → store,
 * the digest beside the bot, nothing below the bot imports Teams (botbuilder). A file that breaks
 * a rule is named with the import that breaks it.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

const SRC = 'src';

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return sourceFiles(full);
    return /\.(ts|js)$/.test(name) ? [full] : [];
  });
}

/** Every module a file imports: a package name, or the top folder under src/ of a relative import. */
function importsOf(file: string): Array<{ spec: string; target: string }> {
  const text = readFileSync(file, 'utf8');
  const specs = [...text.matchAll(/(?:^|\n)\s*(?:import|export)[^'"]*?from\s*'([^']+)'/g)].map((m) => m[1]);
  return specs.map((spec) => {
    if (!spec.startsWith('.')) return { spec, target: spec.startsWith('node:') ? 'node' : spec.split('/')[0] };
    const resolved = path.relative(SRC, path.resolve(path.dirname(file), spec));
    return { spec, target: resolved.split(path.sep)[0].replace(/\.ts$/, '') };
  });
}

const layerOf = (file: string) => path.relative(SRC, file).split(path.sep)[0].replace(/\.ts$/, '');

/** For each layer, the src/ folders and packages it must not import. */
const FORBIDDEN: Record<string, string[]> = {
  model: ['store', 'queries', 'cards', 'digest', 'bot', 'http', 'runtime', 'sync', 'audit', 'botbuilder'],
  store: ['queries', 'cards', 'digest', 'bot', 'http', 'runtime', 'replicas', 'botbuilder'],
  queries: ['cards', 'digest', 'bot', 'http', 'runtime', 'botbuilder'],
  cards: ['store', 'digest', 'bot', 'http', 'runtime', 'sync', 'botbuilder'],
  digest: ['bot', 'http', 'runtime', 'botbuilder'],
  sync: ['queries', 'cards', 'digest', 'bot', 'http', 'runtime', 'botbuilder'],
  replicas: ['queries', 'cards', 'digest', 'bot', 'http', 'runtime', 'botbuilder'],
  audit: ['queries', 'cards', 'digest', 'bot', 'http', 'runtime', 'botbuilder'],
  emulator: ['store', 'queries', 'cards', 'digest', 'bot', 'http', 'runtime', 'botbuilder'],
  bot: ['http', 'runtime'],
  metrics: ['queries', 'cards', 'bot', 'http', 'runtime', 'botbuilder'],
  alerts: ['bot', 'http', 'runtime', 'botbuilder'],
  doctor: ['bot', 'http', 'runtime', 'botbuilder'],
};

test('every import in src/ points down the layers, and only bot/ and http/ import botbuilder', () => {
  const broken: string[] = [];
  for (const file of sourceFiles(SRC)) {
    const forbidden = FORBIDDEN[layerOf(file)] ?? [];
    for (const { spec, target } of importsOf(file)) if (forbidden.includes(target)) broken.push(`${file}: ${spec}`);
  }
  assert.deepEqual(broken, []);
});

test('the check sees imports: cards import the model, bot imports botbuilder', () => {
  const all = sourceFiles(SRC).flatMap((file) => importsOf(file).map((i) => `${layerOf(file)} -> ${i.target}`));
  assert.ok(all.includes('cards -> model'));
  assert.ok(all.includes('bot -> botbuilder'));
});
