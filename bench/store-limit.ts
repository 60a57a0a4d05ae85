/**
 * The store's limit for the ingest bench (issue 12): what parsing the very bytes the whole path
 * downloaded costs, and what a bare insert of their Flow events costs (primary key and 3
 * indexes, one prepared statement, 5,000 rows per transaction, the store's own pragmas). Their
 * sum is the least any sync of those bytes into SQLite could take: the whole path is compared
 * with it, in the same run, on the same machine.
 */
import path from 'node:path';
import Database from 'better-sqlite3';
import { normalizeRecord } from '../src/audit/normalize.ts';
import type { FlowEvent } from '../src/model/flow-event.ts';
import { configureConnection } from '../src/store/sqlite/connection.ts';

export interface StoreLimitFigures {
  /** JSON.parse of every blob body. */
  parseSeconds: number;
  /** Flow events stored (duplicate records, which the feed repeats, are stored once: INSERT OR IGNORE). */
  flowEvents: number;
  /** The bare insert of the Flow events. */
  insertSeconds: number;
  insertPerSecond: number;
  /** Flow events per second of parse + bare insert: the rate the whole path is compared with. */
  limitPerSecond: number;
}

const ROWS_PER_TRANSACTION = 5000;

export function measureStoreLimit(bodies: Iterable<Buffer>, dir: string): StoreLimitFigures {
  const t0 = performance.now();
  const parsed: unknown[] = [];
  for (const body of bodies) parsed.push(JSON.parse(body.toString('utf8')));
  const parseSeconds = (performance.now() - t0) / 1000;

  // Outside any timing: which records are Flow events (the whole path counts this as its own work).
  const events: FlowEvent[] = [];
  for (const blob of parsed)
    for (const record of Array.isArray(blob) ? blob : []) {
      const outcome = normalizeRecord(record);
      if (outcome.kind === 'flow') events.push(outcome.event);
    }

  const db = new Database(path.join(dir, 'bare-insert.db'));
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    configureConnection(db, {});
    db.exec(`CREATE TABLE events (id TEXT PRIMARY KEY, operation TEXT NOT NULL, occurred_ms INTEGER NOT NULL,
        actor_upn TEXT, flow_id TEXT, raw TEXT NOT NULL) WITHOUT ROWID;
      CREATE INDEX events_by_time ON events (occurred_ms);
      CREATE INDEX events_by_actor ON events (actor_upn, occurred_ms);
      CREATE INDEX events_by_flow ON events (flow_id, occurred_ms);`);
    const insert = db.prepare('INSERT OR IGNORE INTO events VALUES (?, ?, ?, ?, ?, ?)');
    const insertMany = db.transaction((rows: FlowEvent[]) => {
      for (const e of rows)
        insert.run(e.id, e.operation, Date.parse(e.occurredAt), e.actorUpn, e.flowId, JSON.stringify(e.raw ?? {}));
    });
    const t1 = performance.now();
    for (let i = 0; i < events.length; i += ROWS_PER_TRANSACTION) insertMany(events.slice(i, i + ROWS_PER_TRANSACTION));
    const insertSeconds = (performance.now() - t1) / 1000;
    const stored = (db.prepare('SELECT count(*) AS n FROM events').get() as { n: number }).n;
    return {
      parseSeconds,
      flowEvents: stored,
      insertSeconds,
      insertPerSecond: stored / insertSeconds,
      limitPerSecond: stored / (parseSeconds + insertSeconds),
    };
  } finally {
    db.close();
  }
}
