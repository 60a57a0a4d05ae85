import shellTemplate from '../../cards/result.json' with { type: 'json' };
import type { QueryResult } from '../queries/query.ts';
import type { CardContext } from './card-context.ts';
import { fitSizedRows } from './card-size.ts';
import { expandResultRow } from './expand-result-row.ts';
import { compileTemplate } from './expand-template.ts';
import { plainJsonBytes } from './json-size.ts';
import { resultCardModels, type ResultCardModel } from './result-card-model.ts';
import { rowInputs } from './row-inputs.ts';

// Parsed once, when the module loads.
const expandShell = compileTemplate<ResultCardModel>(shellTemplate);

/** Stands in for a row while the card around the rows is measured: `{}`, 2 bytes of JSON. */
const PLACEHOLDER_BYTES = 2;

/**
 * The Adaptive Card (1.5) answering a question: header with the question as understood and the
 * exact period, then events, makers, connectors or counts, a Refresh button (Action.Execute verb
 * `refresh`, data `{ query, offset }`) and, when rows were left out to respect the page size or
 * the size limit, a count of them and Show more (verb `more`, data `{ query, offset: next }`).
 * Pure: no I/O and no clock (pass `ctx.now` to show when it was computed).
 */
export function renderResultCard(result: QueryResult, ctx: CardContext): Record<string, unknown> {
  // Each row is expanded from its own template and measured once; the card around the rows is
  // expanded with placeholders instead, so fitting the size limit never re-expands a row.
  const rows = rowInputs(result, ctx).map(expandResultRow);
  const rowBytes = rows.map((r) => r.bytes);
  const modelAround = resultCardModels(result, ctx);
  const shellModel = (shown: object[]) =>
    modelAround({ elements: shown, flagged: rows.slice(0, shown.length).some((r) => r.flagged) });
  // The JSON of an array is its elements joined by commas, so the card with k rows measures the
  // card around k placeholders, minus theirs, plus the rows' own sizes.
  const before = [0];
  for (const bytes of rowBytes) before.push(before.at(-1)! + bytes);
  const placeholders = (k: number) => Array.from({ length: k }, () => ({}));
  const sizeOf = (k: number) =>
    plainJsonBytes(expandShell(shellModel(placeholders(k)))) - k * PLACEHOLDER_BYTES + before[k];
  const shown = fitSizedRows(rowBytes, sizeOf);
  return expandShell(shellModel(rows.slice(0, shown).map((r) => r.card)));
}
