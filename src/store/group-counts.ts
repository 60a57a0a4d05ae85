/** Orders and groups of counts that both stores give in the same shape. */
import type { ActorFlowCounts, GroupCount } from '../model/event-query.ts';

/** Largest first, then by key (code unit order, as SQLite's and PostgreSQL's "C" collation). */
export function byCountThenKey(a: GroupCount, b: GroupCount): number {
  return b.count - a.count || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);
}

/** Per-(actor, flow) rows as countFlowsByActor answers them: one entry per asked actor, in order, at most `limit` flows each. */
export function flowsPerActor(
  actors: string[],
  rows: Array<{ actor: string; flowId: string; count: number }>,
  limit: number,
): ActorFlowCounts[] {
  const byActor = new Map<string, GroupCount[]>(actors.map((actor) => [actor, []]));
  for (const row of rows) byActor.get(row.actor)?.push({ key: row.flowId, count: row.count });
  return actors.map((actor) => ({ actor, flows: byActor.get(actor)!.sort(byCountThenKey).slice(0, limit) }));
}
