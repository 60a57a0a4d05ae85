/** The text `flowwatch ask` prints for an estate question ("which flows use HTTP"): one row per flow. */
import { plural } from '../model/plural.ts';
import type { EstateResult } from '../queries/estate.ts';
import { renderTable } from './table.ts';

export function renderEstateText(result: EstateResult, maxWidth = 120): string {
  const head = [
    result.understood,
    result.asOf ? `Flow inventory as of ${result.asOf}` : 'Flow inventory: no full pass yet',
  ];
  const notice = estateNotice(result);
  if (notice) head.push(notice);
  if (result.query.shape === 'count' || result.total === 0)
    return [...head, result.total === 0 ? 'No flows match.' : plural(result.total, 'flow')].join('\n');
  const rows = result.flows.map((f) => [
    f.name ?? f.flowId ?? '',
    f.stateText ?? '',
    f.owner ?? '',
    f.environment ?? '',
    f.connectors.join(', '),
  ]);
  const table = renderTable(
    [
      { header: 'Flow', min: 16, squeeze: 1 },
      { header: 'State', min: 5, squeeze: 2 },
      { header: 'Owner', min: 16, squeeze: 3 },
      { header: 'Environment', min: 11, squeeze: 2 },
      { header: 'Connectors', min: 16, squeeze: 1 },
    ],
    rows,
    maxWidth,
  );
  const end = result.offset + result.flows.length;
  const page =
    end < result.total || result.offset > 0
      ? `Showing ${result.offset + 1}–${end} of ${plural(result.total, 'flow')} (--offset ${end} for more).`
      : plural(result.total, 'flow');
  return [...head, table, page].join('\n');
}

function estateNotice(result: EstateResult): string | null {
  if (result.unknownEnvironment) return `The flow inventory knows no environment named "${result.unknownEnvironment}".`;
  if (result.inventory === 'not-registered')
    return 'The admin APIs refuse Flowwatch (403): register it as a Power Platform management app (README: deployment).';
  if (result.inventory === 'never') return 'The flow inventory has not been read yet: run flowwatch serve first.';
  return null;
}
