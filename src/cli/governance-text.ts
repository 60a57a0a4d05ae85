/** `flowwatch ask` answers to connection and data-policy questions (issue 12), as text tables. */
import { formatTime } from '../cards/format-time.ts';
import { governanceActor, governanceWhat } from '../cards/governance-text.ts';
import { plural } from '../model/plural.ts';
import type { GovernanceResult } from '../queries/governance.ts';
import { coverageLine, pageLine, renderTable } from './table.ts';

export function renderGovernanceText(result: GovernanceResult, maxWidth = 120): string {
  const zone = result.period.timeZone;
  const lines = [
    result.understood,
    `Period: ${result.period.label}, ${formatTime(result.period.from, zone, 'numeric')} to ${formatTime(result.period.to, zone, 'numeric')}`,
  ];
  if (!result.coverage.complete) lines.push(coverageLine(result.coverage, zone));
  lines.push('');
  if (result.events.total === 0) {
    lines.push(result.coverage.complete ? 'Nothing in this period.' : 'Nothing stored for this period yet.');
    return lines.join('\n');
  }
  if (result.actors) {
    lines.push(
      renderTable(
        [
          { header: 'Who', min: 24 },
          { header: 'Changes', align: 'right' },
        ],
        result.actors.map((a) => [governanceActor(a.key || null), String(a.count)]),
        maxWidth,
      ),
      '',
    );
  }
  const rows = result.events.items.map((e) => [
    formatTime(e.occurredAt, zone, 'shortDayAndTime'),
    governanceActor(e.actorUpn),
    governanceWhat(e) + suspendedAfter(result, e.id),
    (e.environmentId && result.environments[e.environmentId]) ?? e.environmentId ?? '',
  ]);
  lines.push(
    renderTable(
      [
        { header: 'When', min: 12 },
        { header: 'Who', min: 16, squeeze: 1 },
        { header: 'What', min: 24, squeeze: 2 },
        { header: 'Environment', min: 10 },
      ],
      rows,
      maxWidth,
    ),
  );
  const more = pageLine(result.events, 'event');
  if (more) lines.push(more);
  else lines.push(plural(result.events.total, 'event'));
  return lines.join('\n');
}

/** "; flows suspended after it: Invoice intake": the link of src/queries/suspension-causes.ts. */
function suspendedAfter(result: GovernanceResult, eventId: string): string {
  const flows = result.suspensions?.[eventId];
  return flows ? `; flows suspended after it: ${flows.map((f) => f.displayName ?? f.flowId).join(', ')}` : '';
}
