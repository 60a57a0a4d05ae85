/**
 * The digest's charts: activity per hour, day or week of the period (Chart.VerticalBar) and the
 * connectors named by new and edited flows (Chart.Donut, risky ones in the attention color).
 * None when the period has no events, where the sections already say so.
 */
import type { DigestModel } from '../model/digest-model.ts';
import { donutChart, verticalBarChart } from './chart-elements.ts';

const AXIS: Record<'hour' | 'day' | 'week', string> = { hour: 'Hour', day: 'Day', week: 'Week from' };

export function digestCharts(model: DigestModel): Array<Record<string, unknown>> {
  const charts: Array<Record<string, unknown>> = [];
  const activity = model.activity;
  if (activity && activity.buckets.some((b) => b.count > 0))
    charts.push(
      verticalBarChart({
        title: `Activity per ${activity.unit}`,
        xAxisTitle: `${AXIS[activity.unit]} (${model.period.timeZone})`,
        yAxisTitle: 'Events',
        points: activity.buckets.map((b) => ({ label: b.label, value: b.count })),
      }),
    );
  if (model.topConnectors.length > 0)
    charts.push(
      donutChart({
        title: 'Connectors in new and edited flows',
        points: model.topConnectors.map((c) => ({
          label: c.connector,
          value: c.count,
          ...(c.risk === 'none' ? {} : { color: 'attention' }),
        })),
      }),
    );
  return charts;
}
