/**
 * Teams chart elements (Chart.VerticalBar, Chart.Donut), each with a `fallback`: a RichTextBlock
 * saying the same numbers, which a client without charts (older Teams, Outlook, the adaptivecards
 * JS renderer of `digest --preview`) shows instead. Shapes from Microsoft's "Charts in Adaptive
 * Cards" (learn.microsoft.com/microsoftteams/platform/task-modules-and-cards/cards/charts-in-adaptive-cards):
 * VerticalBar has title, xAxisTitle, yAxisTitle, showBarValues, colorSet, data [{ x, y, color? }];
 * Donut has title, colorSet, data [{ legend, value, color? }]; fallback is an element or "drop".
 * Labels are untrusted names (connectors, makers): cleaned and cut like any TextRun text.
 */
import { plainText } from './plain-text.ts';

export const CHART_TYPES = ['Chart.VerticalBar', 'Chart.Donut'] as const;
export type ChartType = (typeof CHART_TYPES)[number];

export interface ChartPoint {
  label: string;
  value: number;
  /** A named chart color ("attention" for a risky connector); absent: the color set's. */
  color?: string;
}

const LABEL_MAX = 40;
/** A bar chart's x labels are short; a longer one is cut so the axis stays readable. */
const BAR_LABEL_MAX = 24;

/** "Activity per day: Mon 24 3 · Tue 25 5": what a chart-less client shows in the chart's place. */
export function chartFallbackText(title: string, points: readonly ChartPoint[]): string {
  const values = points.map((p) => `${plainText(p.label, LABEL_MAX)} ${p.value}`).join(' · ');
  return `${title}: ${values || 'none'}`;
}

function fallbackBlock(title: string, points: readonly ChartPoint[]): Record<string, unknown> {
  return {
    type: 'RichTextBlock',
    spacing: 'Small',
    inlines: [
      { type: 'TextRun', text: `${title}: `, weight: 'Bolder' },
      { type: 'TextRun', text: chartFallbackText(title, points).slice(title.length + 2) },
    ],
  };
}

export function verticalBarChart(o: {
  title: string;
  xAxisTitle: string;
  yAxisTitle: string;
  points: readonly ChartPoint[];
}): Record<string, unknown> {
  return {
    type: 'Chart.VerticalBar',
    title: o.title,
    xAxisTitle: o.xAxisTitle,
    yAxisTitle: o.yAxisTitle,
    colorSet: 'categorical',
    showBarValues: true,
    data: o.points.map((p) => ({
      x: plainText(p.label, BAR_LABEL_MAX),
      y: p.value,
      ...(p.color ? { color: p.color } : {}),
    })),
    fallback: fallbackBlock(o.title, o.points),
  };
}

export function donutChart(o: { title: string; points: readonly ChartPoint[] }): Record<string, unknown> {
  return {
    type: 'Chart.Donut',
    title: o.title,
    colorSet: 'categorical',
    data: o.points.map((p) => ({
      legend: plainText(p.label, LABEL_MAX),
      value: p.value,
      ...(p.color ? { color: p.color } : {}),
    })),
    fallback: fallbackBlock(o.title, o.points),
  };
}

/** Every chart element in a card, with its title: what `digest --preview` says it replaced. */
export function chartsIn(card: unknown): Array<{ type: string; title: string }> {
  const found: Array<{ type: string; title: string }> = [];
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(walk);
    if (node === null || typeof node !== 'object') return;
    const o = node as Record<string, unknown>;
    if (typeof o.type === 'string' && o.type.startsWith('Chart.'))
      found.push({ type: o.type, title: typeof o.title === 'string' ? o.title : '' });
    for (const [key, value] of Object.entries(o)) if (key !== 'fallback') walk(value);
  };
  walk(card);
  return found;
}

/** What `digest --preview` says about the charts it showed as their fallback text; '' for none. */
export function describeReplacedCharts(card: unknown): string {
  const charts = chartsIn(card);
  if (charts.length === 0) return '';
  const named = charts.map((c) => `${c.type} "${c.title}"`).join(', ');
  return `Shown as text, as Teams clients without charts show them: ${charts.length === 1 ? 'the chart' : `${charts.length} charts`} ${named}.`;
}
