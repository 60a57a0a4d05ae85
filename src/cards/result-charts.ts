/**
 * Charts on a chat answer: a count gets its events per hour, day or week of the period; a ranking
 * (makers, connectors, environments) a bar per row shown. Each has its text fallback
 * (chart-elements.ts); none when there is nothing to draw.
 */
import type { QueryResult } from '../queries/query.ts';
import { verticalBarChart, type ChartPoint } from './chart-elements.ts';

/** Bars of a ranking: the page's first rows (a "top 5" ends at 5 anyway). */
const RANKING_BARS = 10;

export function resultCharts(result: QueryResult): Array<Record<string, unknown>> {
  const activity = result.activity;
  if (activity && activity.buckets.some((b) => b.count > 0))
    return [
      verticalBarChart({
        title: `Events per ${activity.unit}`,
        xAxisTitle: `${activity.unit === 'week' ? 'Week from' : activity.unit === 'day' ? 'Day' : 'Hour'} (${result.period.timeZone})`,
        yAxisTitle: 'Events',
        points: activity.buckets.map((b) => ({ label: b.label, value: b.count })),
      }),
    ];
  const ranking = rankingOf(result);
  if (!ranking || ranking.points.length < 2) return [];
  return [
    verticalBarChart({
      title: `Events per ${ranking.noun}`,
      xAxisTitle: ranking.axis,
      yAxisTitle: 'Events',
      points: ranking.points,
    }),
  ];
}

function rankingOf(result: QueryResult): { noun: string; axis: string; points: ChartPoint[] } | null {
  const cut = <T>(items: T[], point: (item: T) => ChartPoint) => items.slice(0, RANKING_BARS).map(point);
  if (result.makers)
    return {
      noun: 'maker',
      axis: 'Maker',
      points: cut(result.makers.items, (m) => ({ label: m.maker, value: m.count })),
    };
  if (result.connectors)
    return {
      noun: 'connector',
      axis: 'Connector',
      points: cut(result.connectors.items, (c) => ({ label: c.key || '(none)', value: c.count })),
    };
  if (result.environments)
    return {
      noun: 'environment',
      axis: 'Environment',
      points: cut(result.environments.items, (e) => ({ label: e.key || '(unknown)', value: e.count })),
    };
  return null;
}
