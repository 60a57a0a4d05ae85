import type { GroupCount } from '../model/event-query.ts';
import { PAGE_SIZE } from '../queries/page-size.ts';
import type { EnvironmentCount, EventWithFlow, MakerGroup, QueryResult } from '../queries/query.ts';
import type { CardContext } from './card-context.ts';
import { usableZone } from './format-time.ts';

/** The rows of the answer's shape, and where they start in the whole answer. */
export interface ResultRows {
  kind: 'events' | 'makers' | 'connectors' | 'environments' | 'none';
  /** Rows available to show (already capped at the page size). */
  count: number;
  offset: number;
  total: number;
}

/** The part of the answer that is paged: list → events, byMaker → makers, byConnector → connectors, byEnvironment → environments. */
export function pageOf(result: QueryResult, pageSize: number): ResultRows {
  const page = result.events ?? result.makers ?? result.connectors ?? result.environments;
  if (!page) return { kind: 'none', count: 0, offset: 0, total: 0 };
  const kind = result.events ? 'events' : result.makers ? 'makers' : result.connectors ? 'connectors' : 'environments';
  return { kind, count: Math.min(page.items.length, pageSize), offset: page.offset, total: page.total };
}

/** One row of the page with everything its part of the card depends on (see expand-result-row.ts). */
export type RowInput =
  | { kind: 'events'; item: EventWithFlow; timeZone: string; riskyConnectors: string[] }
  | { kind: 'makers'; item: MakerGroup }
  | { kind: 'connectors'; item: GroupCount; riskyConnectors: string[] }
  | { kind: 'environments'; item: EnvironmentCount };

/** The rows of the page (at most the page size), one kind per answer shape. */
export function rowInputs(result: QueryResult, ctx: CardContext): RowInput[] {
  const page = pageOf(result, ctx.pageSize ?? PAGE_SIZE);
  const { riskyConnectors } = ctx;
  switch (page.kind) {
    case 'events': {
      const timeZone = usableZone(ctx.timeZone);
      return (result.events?.items ?? [])
        .slice(0, page.count)
        .map((item) => ({ kind: 'events', item, timeZone, riskyConnectors }));
    }
    case 'makers':
      return (result.makers?.items ?? []).slice(0, page.count).map((item) => ({ kind: 'makers', item }));
    case 'connectors':
      return (result.connectors?.items ?? [])
        .slice(0, page.count)
        .map((item) => ({ kind: 'connectors', item, riskyConnectors }));
    case 'environments':
      return (result.environments?.items ?? []).slice(0, page.count).map((item) => ({ kind: 'environments', item }));
    default:
      return [];
  }
}
