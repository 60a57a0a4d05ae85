/**
 * Teams charts on the digest card: activity per hour/day/week and connectors, each with a text
 * fallback that carries the same numbers, and the card under the size limit at the largest
 * sizes (a 186-day summary, 60 connectors with 5,000-character names).
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { CARD_SIZE_LIMIT_BYTES, cardSizeBytes } from '../../src/cards/card-size.ts';
import { chartFallbackText, chartsIn } from '../../src/cards/chart-elements.ts';
import { renderDigestCard } from '../../src/cards/digest-card.ts';
import type { DigestModel } from '../../src/model/digest-model.ts';
import { activityBuckets } from '../../src/queries/activity.ts';
import { busyDigest, emptyDigest, overflowingDigest } from '../digest/fixtures/digest-models.ts';
import { lines, nodes, sdkProblems } from '../helpers/card-walk.ts';

type Node = Record<string, unknown>;

const charts = (card: unknown) => nodes(card).filter((n) => String(n.type).startsWith('Chart.'));

/** Every chart in a card has a fallback element that says its title and each of its values. */
function assertFallbacks(card: unknown): void {
  for (const chart of charts(card)) {
    const fallback = chart.fallback as Node | undefined;
    assert.ok(fallback && typeof fallback === 'object', `${String(chart.type)} has no fallback element`);
    const text = lines(fallback).join(' ');
    assert.ok(text.startsWith(`${String(chart.title)}: `), text);
    for (const point of chart.data as Array<{ x?: string; y?: number; legend?: string; value?: number }>)
      assert.ok(
        text.includes(`${point.x ?? point.legend} ${point.y ?? point.value}`),
        `${text} lacks ${JSON.stringify(point)}`,
      );
  }
}

const withActivity = (model: DigestModel, days: number): DigestModel => {
  const from = new Date(model.period.from);
  const to = new Date(from.getTime() + days * 86_400_000);
  const buckets = activityBuckets({ from: from.toISOString(), to: to.toISOString() }, model.period.timeZone);
  return {
    ...model,
    activity: {
      unit: days <= 1 ? 'hour' : days <= 31 ? 'day' : 'week',
      buckets: buckets.map((b, i) => ({ from: b.from, label: b.label, count: (i * 7) % 13 })),
    },
  };
};

describe('digest charts', () => {
  test('a busy day has an hourly activity bar chart and a connectors donut, risky slices in the attention color', () => {
    const card = renderDigestCard(withActivity(busyDigest, 1));
    const [bar, donut] = charts(card);
    assert.equal(bar.type, 'Chart.VerticalBar');
    assert.equal(bar.title, 'Activity per hour');
    assert.equal((bar.data as unknown[]).length, 24);
    assert.equal(donut.type, 'Chart.Donut');
    const slices = donut.data as Array<{ legend: string; value: number; color?: string }>;
    assert.deepEqual(
      slices.map((s) => s.legend),
      busyDigest.topConnectors.map((c) => c.connector),
    );
    const http = slices.find((s) => s.legend === 'HTTP');
    assert.equal(http?.color, 'attention');
    assertFallbacks(card);
  });

  test('an empty day has no charts (the sections say there was nothing)', () => {
    const zero = withActivity(emptyDigest, 1);
    const model = {
      ...zero,
      activity: { ...zero.activity!, buckets: zero.activity!.buckets.map((b) => ({ ...b, count: 0 })) },
    };
    assert.deepEqual(charts(renderDigestCard(model)), []);
  });

  test('a chart-less renderer (the adaptivecards SDK) parses the card without complaint and keeps the fallback text', () => {
    const card = renderDigestCard(withActivity(busyDigest, 7));
    assert.deepEqual(sdkProblems(card), []);
    assert.deepEqual(
      chartsIn(card).map((c) => c.title),
      ['Activity per day', 'Connectors in new and edited flows'],
    );
  });

  test('under the size limit with charts at the largest sizes: a 186-day summary, long connector names, every section full', () => {
    const huge = 'c'.repeat(5000);
    const model: DigestModel = {
      ...withActivity(overflowingDigest, 186),
      refresh: { ...overflowingDigest.refresh, expand: 'newFlows' },
      topConnectors: Array.from({ length: 5 }, (_, i) => ({
        connector: `${huge}${i}`,
        count: 1000 + i,
        risk: 'nonMicrosoft',
      })),
    };
    const card = renderDigestCard(model);
    assert.ok(cardSizeBytes(card) < CARD_SIZE_LIMIT_BYTES, `${cardSizeBytes(card)} bytes`);
    const [bar, donut] = charts(card);
    assert.equal(bar.title, 'Activity per week');
    assert.ok((bar.data as unknown[]).length <= 28);
    assert.ok(JSON.stringify(donut).length < 2000, 'connector names are cut');
    assertFallbacks(card);
  });
});

describe('activity buckets', () => {
  test('local days in the period zone, 23 hours on the day clocks go forward', () => {
    const buckets = activityBuckets(
      { from: '2026-03-28T23:00:00.000Z', to: '2026-03-29T22:00:00.000Z' },
      'Europe/Berlin',
    );
    assert.equal(buckets.length, 23);
    assert.equal(buckets[0].label, '00');
    assert.equal(buckets[2].label, '03');
    const week = activityBuckets({ from: '2026-03-22T23:00:00.000Z', to: '2026-03-29T22:00:00.000Z' }, 'Europe/Berlin');
    assert.deepEqual(
      week.map((b) => b.label),
      ['Mon 23', 'Tue 24', 'Wed 25', 'Thu 26', 'Fri 27', 'Sat 28', 'Sun 29'],
    );
  });

  test('fallback text says every value', () => {
    assert.equal(
      chartFallbackText('Activity per day', [
        { label: 'Mon 23', value: 3 },
        { label: 'Tue 24', value: 0 },
      ]),
      'Activity per day: Mon 23 3 · Tue 24 0',
    );
  });
});
