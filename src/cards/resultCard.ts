import shellTemplate from '../../cards/result.json' with { type: 'json' };
import connectorTemplate from '../../cards/result-connector.json' with { type: 'json' };
import eventTemplate from '../../cards/result-event.json' with { type: 'json' };
import makerTemplate from '../../cards/result-maker.json' with { type: 'json' };
import type { QueryResult } from '../queries/query.ts';
import { cardSizeBytes, fitMeasuredRows } from './cardSize.ts';
import { compileTemplate } from './expandTemplate.ts';
import {
  buildResultCardModel,
  buildRowModels,
  rowHasFlag,
  type CardContext,
  type ConnectorRowModel,
  type EventRowModel,
  type MakerRowModel,
  type ResultCardModel,
} from './resultCardModel.ts';

const expandShell = compileTemplate<ResultCardModel>(shellTemplate);
const expandEvent = compileTemplate<EventRowModel>(eventTemplate);
const expandMaker = compileTemplate<MakerRowModel>(makerTemplate);
const expandConnector = compileTemplate<ConnectorRowModel>(connectorTemplate);

/**
 * The Adaptive Card (1.5) answering a question: header with the question as understood and the
 * exact period, then events, makers, connectors or counts, a Refresh button (Action.Execute verb
 * `refresh`, data `{ query, offset }`) and, when rows were left out to respect the page size or
 * the size limit, a count of them and Show more (verb `more`, data `{ query, offset: next }`).
 * Pure: no I/O and no clock (pass `ctx.now` to show when it was computed).
 */
export function renderResultCard(result: QueryResult, ctx: CardContext): Record<string, unknown> {
  const models = buildRowModels(result, ctx);
  // Each row is expanded once; the card around them is re-expanded while fitting the size.
  const elements = expandRows(models);
  const flags = models.rows.map(rowHasFlag);
  const render = (k: number) => expandShell(buildResultCardModel(result, ctx, { elements: elements.slice(0, k), flagged: flags.slice(0, k).includes(true) }));
  return fitMeasuredRows(elements.map(cardSizeBytes), render).card;
}

function expandRows(models: ReturnType<typeof buildRowModels>): object[] {
  switch (models.kind) {
    case 'events':
      return models.rows.map(expandEvent);
    case 'makers':
      return models.rows.map(expandMaker);
    case 'connectors':
      return models.rows.map(expandConnector);
    default:
      return [];
  }
}
