import shellTemplate from '../../cards/result.json' with { type: 'json' };
import connectorTemplate from '../../cards/result-connector.json' with { type: 'json' };
import eventTemplate from '../../cards/result-event.json' with { type: 'json' };
import makerTemplate from '../../cards/result-maker.json' with { type: 'json' };
import type { QueryResult } from '../queries/query.ts';
import { fitSizedRows } from './card-size.ts';
import {
  buildRowModels,
  resultCardModels,
  rowHasFlag,
  type CardContext,
  type ConnectorRowModel,
  type EventRowModel,
  type MakerRowModel,
  type ResultCardModel,
} from './result-card-model.ts';
import { compileSimpleTemplate } from './simple-template.ts';

// These templates use only plain field bindings, so the fast expander renders them (simpleTemplate.ts).
const expandShell = compileSimpleTemplate<ResultCardModel>(shellTemplate);
const expandEvent = compileSimpleTemplate<EventRowModel>(eventTemplate);
const expandMaker = compileSimpleTemplate<MakerRowModel>(makerTemplate);
const expandConnector = compileSimpleTemplate<ConnectorRowModel>(connectorTemplate);

/** Stands in for a row while the card around the rows is measured: `{}`, 2 bytes of JSON. */
const ROW_PLACEHOLDER = Object.freeze({});
const PLACEHOLDER_BYTES = 2;

/**
 * The Adaptive Card (1.5) answering a question: header with the question as understood and the
 * exact period, then events, makers, connectors or counts, a Refresh button (Action.Execute verb
 * `refresh`, data `{ query, offset }`) and, when rows were left out to respect the page size or
 * the size limit, a count of them and Show more (verb `more`, data `{ query, offset: next }`).
 * Pure: no I/O and no clock (pass `ctx.now` to show when it was computed).
 */
export function renderResultCard(result: QueryResult, ctx: CardContext): Record<string, unknown> {
  const models = buildRowModels(result, ctx);
  // Each row is expanded and measured once.
  const rows = expandRows(models);
  const elements = rows.map((r) => r.card);
  const flags = models.rows.map(rowHasFlag);
  const modelAround = resultCardModels(result, ctx);
  const shellModel = (shown: object[]) =>
    modelAround({ elements: shown, flagged: flags.slice(0, shown.length).includes(true) });
  // The JSON of an array is its elements joined by commas, so the card with k rows measures the
  // card around k placeholders, minus theirs, plus the rows' own sizes: no whole card is serialized.
  const before = [0];
  for (const row of rows) before.push(before.at(-1)! + row.bytes);
  const sizeOf = (k: number) =>
    expandShell.measure(shellModel(new Array<object>(k).fill(ROW_PLACEHOLDER))) - k * PLACEHOLDER_BYTES + before[k];
  const shown = fitSizedRows(
    rows.map((r) => r.bytes),
    sizeOf,
  );
  return expandShell(shellModel(elements.slice(0, shown)));
}

function expandRows(models: ReturnType<typeof buildRowModels>): Array<{ card: object; bytes: number }> {
  switch (models.kind) {
    case 'events':
      return models.rows.map((row) => expandEvent.sized(row));
    case 'makers':
      return models.rows.map((row) => expandMaker.sized(row));
    case 'connectors':
      return models.rows.map((row) => expandConnector.sized(row));
    default:
      return [];
  }
}
