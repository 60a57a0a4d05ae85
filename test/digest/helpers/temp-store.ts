import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { SqliteStore } from '../../../src/store/sqlite/sqlite-store.ts';

/** A real SQLite store in a fresh temp directory; `dispose` closes it and removes the directory. */
export function openTempStore(): { store: SqliteStore; file: string; dispose(): Promise<void> } {
  const dir = mkdtempSync(path.join(tmpdir(), 'flowwatch-digest-'));
  const file = path.join(dir, 'flowwatch.db');
  const store = SqliteStore.open(file);
  return {
    store,
    file,
    async dispose() {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
