import connectorTemplate from '../../cards/result-connector.json' with { type: 'json' };
import eventTemplate from '../../cards/result-event.json' with { type: 'json' };
import makerTemplate from '../../cards/result-maker.json' with { type: 'json' };
import { buildConnectorRow, buildEnvironmentRow, type ConnectorRowModel } from './connector-row-model.ts';
import { buildEventRow, type EventRowModel } from './event-row-model.ts';
import { compileTemplate } from './expand-template.ts';
import { plainJsonBytes } from './json-size.ts';
import { buildMakerRow, type MakerRowModel } from './maker-row-model.ts';
import { rememberByJson } from './remember-by-json.ts';
import type { RowInput } from './row-inputs.ts';

/** A result row as the card shows it, its JSON size, and whether it flags a connector (then the card explains flags). */
export interface ExpandedRow {
  card: Record<string, unknown>;
  bytes: number;
  flagged: boolean;
}

/** Rows whose expansion is remembered: about 80 full pages, a few MB. */
const REMEMBERED_ROWS = 2000;

// Parsed once, when the module loads.
const expandEvent = compileTemplate<EventRowModel>(eventTemplate);
const expandMaker = compileTemplate<MakerRowModel>(makerTemplate);
const expandConnector = compileTemplate<ConnectorRowModel>(connectorTemplate);

function expandRow(input: RowInput): ExpandedRow {
  switch (input.kind) {
    case 'events': {
      const model = buildEventRow(input.item, input, input.timeZone);
      return sized(
        expandEvent(model),
        model.connectors.some((c) => c.color !== 'Default'),
      );
    }
    case 'makers':
      return sized(expandMaker(buildMakerRow(input.item)), false);
    case 'connectors': {
      const model = buildConnectorRow(input.item, input);
      return sized(expandConnector(model), model.color !== 'Default');
    }
    case 'environments':
      return sized(expandConnector(buildEnvironmentRow(input.item)), false);
  }
}

function sized(card: Record<string, unknown>, flagged: boolean): ExpandedRow {
  return { card, bytes: plainJsonBytes(card), flagged };
}

/** One row of a result card, from its template; remembered, since the same rows are shown again and again. */
export const expandResultRow = rememberByJson(expandRow, REMEMBERED_ROWS);
