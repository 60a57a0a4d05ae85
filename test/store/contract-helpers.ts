/** What the per-concern contract suites share: fixed times, instant comparison, a fresh store per test. */
import type { EventFilter, TimeRange } from '../../src/model/event-query.ts';
import type { Store } from '../../src/store/store.ts';

/** Runs one test body against a fresh, empty store and closes it afterwards. */
export type RunWithStore = (fn: (store: Store) => Promise<void>) => () => Promise<void>;

export const NOW = new Date('2026-05-05T12:00:00.000Z');
export const instant = (iso: string | null) => (iso === null ? null : new Date(iso).toISOString());
export const ranges = (list: TimeRange[]) => list.map((r) => ({ from: instant(r.from), to: instant(r.to) }));
export const ids = (events: Array<{ id: string }>) => events.map((e) => e.id).sort();
export const hour = (h: number, m = 0) => new Date(Date.UTC(2026, 4, 4, h, m)).toISOString();
export const blob = (n: number) => ({
  contentId: `2026050409301512300456${n}$2026050409301512300456${n}$audit_general$Audit_General$na0031`,
  contentCreated: hour(10),
});

export async function withStore(open: () => Promise<Store>, fn: (store: Store) => Promise<void>): Promise<void> {
  const store = await open();
  try {
    await fn(store);
  } finally {
    await store.close();
  }
}

export async function all(store: Store, filter: EventFilter) {
  return store.events.findEvents(filter, { limit: 1000, offset: 0 });
}

export const DAY: EventFilter = { from: hour(0), to: hour(24) };
