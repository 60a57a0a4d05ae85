/** countFlowsByActor for the SQLite store: one statement over the (actor, operation, time) index. */
import { flowsPerActor } from '../group-counts.ts';
import { checkLimit } from '../page-checks.ts';
import { eventSelection, isTimeAndOperationsOnly, placeholders } from './filter.ts';
import type { StatementCache } from './statements.ts';
import type { ActorFlowCounts, EventFilter } from '../../model/event-query.ts';

export function countFlowsByActorSqlite(
  statements: StatementCache,
  filter: EventFilter,
  actors: string[],
  limit: number,
): ActorFlowCounts[] {
  checkLimit(limit);
  if (actors.length === 0 || limit === 0) return flowsPerActor(actors, [], limit);
  // The (actor, operation, time) index finds each actor's events of the period; without the hint
  // a planner with no statistics may walk the whole period by time instead.
  const selection = eventSelection(filter, true, isTimeAndOperationsOnly(filter) ? 'events_by_actor' : undefined);
  // Ranked and cut in JS: a window function over ~100 groups cost more than returning them.
  const rows = statements
    .get(
      `SELECT e.actor_upn AS actor, e.flow_id AS flowId, count(*) AS count FROM ${selection.from}
       WHERE ${selection.where} AND e.actor_upn IN (${placeholders(actors.length)}) AND e.flow_id IS NOT NULL GROUP BY e.actor_upn, e.flow_id`,
    )
    .all(...selection.params, ...actors) as Array<{ actor: string; flowId: string; count: number }>;
  return flowsPerActor(actors, rows, limit);
}
