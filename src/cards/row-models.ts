import { PAGE_SIZE } from '../queries/page-size.ts';
import type { QueryResult } from '../queries/query.ts';
import type { CardContext } from './card-context.ts';
import { buildConnectorRow, type ConnectorRowModel } from './connector-row-model.ts';
import { buildEventRow, type EventRowModel } from './event-row-model.ts';
import { usableZone } from './format-time.ts';
import { buildMakerRow, type MakerRowModel } from './maker-row-model.ts';

/** The rows of the answer's shape, and where they start in the whole answer. */
export interface ResultRows {
  kind: 'events' | 'makers' | 'connectors' | 'none';
  /** Rows available to show (already capped at the page size). */
  count: number;
  offset: number;
  total: number;
}

/** The part of the answer that is paged: list → events, byMaker → makers, byConnector → connectors. */
export function pageOf(result: QueryResult, pageSize: number): ResultRows {
  const page = result.events ?? result.makers ?? result.connectors;
  if (!page) return { kind: 'none', count: 0, offset: 0, total: 0 };
  const kind = result.events ? 'events' : result.makers ? 'makers' : 'connectors';
  return { kind, count: Math.min(page.items.length, pageSize), offset: page.offset, total: page.total };
}

/** The row models of the page (at most the page size), one kind per answer shape. */
export type RowModels =
  | { kind: 'events'; rows: EventRowModel[] }
  | { kind: 'makers'; rows: MakerRowModel[] }
  | { kind: 'connectors'; rows: ConnectorRowModel[] }
  | { kind: 'none'; rows: [] };

export function buildRowModels(result: QueryResult, ctx: CardContext): RowModels {
  const zone = usableZone(ctx.timeZone);
  const page = pageOf(result, ctx.pageSize ?? PAGE_SIZE);
  switch (page.kind) {
    case 'events':
      return {
        kind: 'events',
        rows: (result.events?.items ?? []).slice(0, page.count).map((e) => buildEventRow(e, ctx, zone)),
      };
    case 'makers':
      return { kind: 'makers', rows: (result.makers?.items ?? []).slice(0, page.count).map(buildMakerRow) };
    case 'connectors':
      return {
        kind: 'connectors',
        rows: (result.connectors?.items ?? []).slice(0, page.count).map((c) => buildConnectorRow(c, ctx)),
      };
    default:
      return { kind: 'none', rows: [] };
  }
}

/** Whether a row shows a flagged connector (then the card explains the flags). */
export function rowHasFlag(row: EventRowModel | MakerRowModel | ConnectorRowModel): boolean {
  if ('connectors' in row) return row.connectors.some((c) => c.color !== 'Default');
  return 'color' in row && row.color !== 'Default';
}
