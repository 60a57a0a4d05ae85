/**
 * "Show this flow's history": every stored event of one flow, newest first, with Refresh
 * (Action.Execute verb `flowHistory`, the same data), cut to the size limit with a count.
 */
import type { FlowHistoryModel } from '../model/alert-card-model.ts';
import { plural } from '../model/plural.ts';
import { describeOperation } from '../queries/operation-labels.ts';
import { factsParas, flowTitle, para, run } from './alert-card.ts';
import { fitRows } from './card-size.ts';
import { formatClock, formatInstant, usableZone } from './format-time.ts';
import { plainText } from './plain-text.ts';
import { toSafeLink } from './safe-link.ts';

type El = Record<string, unknown>;

function eventLine(e: FlowHistoryModel['events'][number], zone: string): El {
  const extra = [
    ...(e.connectors.length > 0 ? [` · ${e.connectors.map((c) => plainText(c, 60)).join(', ')}`] : []),
    ...(e.recipient ? [` · with ${plainText(e.recipient, 120)}`] : []),
  ].join('');
  return para(
    [
      run(formatInstant(e.occurredAt, zone), { isSubtle: true }),
      run(`  ${describeOperation(e.operation)}`, { weight: 'Bolder' }),
      run(` by ${plainText(e.actor, 120) || 'unknown'}${extra}`),
    ],
    { spacing: 'Small' },
  );
}

function render(model: FlowHistoryModel, shown: number): El {
  const zone = usableZone(model.timeZone);
  const refresh = { type: 'Action.Execute', title: 'Refresh', verb: 'flowHistory', data: { flowId: model.flowId } };
  const link = toSafeLink(model.link);
  const left = model.total - Math.min(shown, model.events.length);
  return {
    type: 'AdaptiveCard',
    $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
    version: '1.5',
    refresh: { action: refresh, userIds: [] },
    body: [
      para([run(`History of ${flowTitle(model)}`, { size: 'Medium', weight: 'Bolder' })]),
      ...factsParas(model),
      para(
        [
          run(`${plural(model.total, 'event')} · Updated ${formatClock(new Date(model.generatedAt), zone)}`, {
            isSubtle: true,
          }),
        ],
        { spacing: 'None' },
      ),
      ...(model.total === 0 ? [para([run('No events of this flow are stored.', { isSubtle: true })])] : []),
      ...model.events.slice(0, shown).map((e) => eventLine(e, zone)),
      ...(left > 0 ? [para([run(`${plural(left, 'earlier event')} not shown.`, { isSubtle: true })])] : []),
      {
        type: 'ActionSet',
        actions: [...(link ? [{ type: 'Action.OpenUrl', title: 'Open flow', url: link }] : []), refresh],
      },
    ],
  };
}

export function renderFlowHistoryCard(model: FlowHistoryModel): El {
  return fitRows(model.events.length, (n) => render(model, n)).card;
}
