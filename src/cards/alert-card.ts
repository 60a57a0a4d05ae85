/**
 * The alert card: what matched, each flow (name, owner, state, environment, link), its connectors with the
 * ones the event added marked "new", and per flow "Mute this flow" and "Show this flow's history"
 * (Action.Execute verbs `muteFlow` and `flowHistory`, data { flowId }). Many matches in one post:
 * the first ones with a count and Show more (verb `alertMore`). Untrusted text goes in TextRuns
 * only (never markdown, teams-platform.md §4.5); the card is cut to stay under the size limit.
 */
import type { AlertCardModel, AlertFlowItem, FlowFacts } from '../model/alert-card-model.ts';
import { plural } from '../model/plural.ts';
import { describeOperation } from '../queries/operation-labels.ts';
import { missingFacts } from '../queries/describe-flow.ts';
import { fitRows } from './card-size.ts';
import { TONE_COLORS } from './event-row-model.ts';
import { formatInstant, usableZone } from './format-time.ts';
import { plainText } from './plain-text.ts';
import { toSafeLink } from './safe-link.ts';

/** Flows one alert post shows; Show more brings the next ones. */
export const ALERT_ITEMS = 5;

type El = Record<string, unknown>;

export const run = (text: string, extra: El = {}): El => ({ type: 'TextRun', text, ...extra });
export const para = (inlines: El[], extra: El = {}): El => ({ type: 'RichTextBlock', inlines, ...extra });

export function flowTitle(i: Pick<AlertFlowItem, 'flowName' | 'flowId'>): string {
  return plainText(i.flowName, 120) || (i.flowId ? `Flow ${i.flowId}` : 'A flow (no id in the record)');
}

/** "Owner: … · State: … · Environment: …" as answers say them (describe-flow.ts), and why a fact is missing. */
export function factsParas(f: FlowFacts): El[] {
  const why = f.unknownBecause
    ? `${missingFacts({ name: f.flowName, stateText: f.stateText })}: ${plainText(f.unknownBecause, 200)}.`
    : null;
  return [
    para(factsRuns(f), { spacing: 'None' }),
    ...(why ? [para([run(why, { isSubtle: true })], { spacing: 'None' })] : []),
  ];
}

function factsRuns(f: FlowFacts): El[] {
  const subtle = { isSubtle: true };
  return [
    run('Owner: ', subtle),
    run(plainText(f.owner, 150) || 'unknown'),
    run(' · State: ', subtle),
    f.stateText
      ? run(plainText(f.stateText, 120), { color: TONE_COLORS[f.stateTone], weight: 'Bolder' })
      : run('not in the flow inventory', { isSubtle: true, italic: true }),
    run(' · Environment: ', subtle),
    run(plainText(f.environment, 150) || 'unknown environment'),
  ];
}

function connectorRuns(connectors: AlertFlowItem['connectors']): El[] {
  if (connectors.length === 0) return [run('none named', { isSubtle: true })];
  return connectors
    .slice(0, 30)
    .flatMap((c, n) => [
      ...(n > 0 ? [run(', ')] : []),
      run(plainText(c.name, 60), c.added ? { weight: 'Bolder', color: 'Attention' } : {}),
      ...(c.added ? [run(' (new)', { color: 'Attention' })] : []),
    ]);
}

function flowActions(i: AlertFlowItem): El[] {
  const link = toSafeLink(i.link);
  return [
    ...(link ? [{ type: 'Action.OpenUrl', title: 'Open flow', url: link }] : []),
    ...(i.flowId
      ? [
          { type: 'Action.Execute', title: 'Mute this flow', verb: 'muteFlow', data: { flowId: i.flowId } },
          {
            type: 'Action.Execute',
            title: "Show this flow's history",
            verb: 'flowHistory',
            data: { flowId: i.flowId },
          },
        ]
      : []),
  ];
}

function itemElement(i: AlertFlowItem, zone: string): El {
  const what = `${describeOperation(i.operation)} by ${plainText(i.actor, 120) || 'unknown'} at ${formatInstant(i.occurredAt, zone)}`;
  const actions = flowActions(i);
  return {
    type: 'Container',
    separator: true,
    spacing: 'Medium',
    items: [
      para([run(flowTitle(i), { weight: 'Bolder' })]),
      para([run(`Matched: ${i.because.join('; ')}`, { isSubtle: true })], { spacing: 'None' }),
      para([run(what)], { spacing: 'Small' }),
      ...factsParas(i),
      ...(i.recipient
        ? [para([run('Shared with: ', { isSubtle: true }), run(plainText(i.recipient, 200))], { spacing: 'None' })]
        : []),
      para([run('Connectors: ', { isSubtle: true }), ...connectorRuns(i.connectors)], { spacing: 'None' }),
      ...(actions.length > 0 ? [{ type: 'ActionSet', actions }] : []),
    ],
  };
}

function render(model: AlertCardModel, shown: number): El {
  const zone = usableZone(model.timeZone);
  const items = model.items.slice(0, shown);
  const offset = model.more?.offset ?? 0;
  const left = model.total - offset - items.length;
  const title = model.total === 1 ? 'Flowwatch alert' : `Flowwatch alert: ${plural(model.total, 'match', 'matches')}`;
  const body: El[] = [
    para([run(title, { size: 'Medium', weight: 'Bolder', color: 'Attention' })]),
    ...(model.rateNote ? [{ type: 'Container', style: 'warning', items: [para([run(model.rateNote)])] }] : []),
    ...items.map((i) => itemElement(i, zone)),
  ];
  if (left > 0 && model.more) {
    const next = { ...model.more, offset: offset + items.length };
    body.push(para([run(`${plural(left, 'more match', 'more matches')} not shown.`, { isSubtle: true })]));
    body.push({
      type: 'ActionSet',
      actions: [{ type: 'Action.Execute', title: 'Show more', verb: 'alertMore', data: next }],
    });
  }
  return { type: 'AdaptiveCard', $schema: 'http://adaptivecards.io/schemas/adaptive-card.json', version: '1.5', body };
}

export function renderAlertCard(model: AlertCardModel): El {
  return fitRows(Math.min(ALERT_ITEMS, model.items.length), (n) => render(model, n)).card;
}
