/**
 * Comparisons of two periods ("this month compared to last month", "today vs yesterday"), which
 * answer as the first period's summary with its change against the second (issue 13).
 */
import type { PeriodSpec } from '../../queries/query.ts';
import { takePeriod } from './period-words.ts';
import type { Scan } from './scan.ts';
import { wordsOfPatterns } from './vocabulary.ts';

/** "this week compared with last week", "today vs yesterday". */
const COMPARE = /\b(?:compared\s+(?:with|to)|vs\.?|versus)(?=\s)/i;
/**
 * The period just before each period whose digest already compares with it, as many days long
 * (schedule.ts previousPeriod): "this week compared with last week" needs no other period, and
 * compares the days of this week so far with as many days of last week.
 */
const PREVIOUS: Partial<Record<PeriodSpec['kind'], PeriodSpec['kind']>> = { thisWeek: 'lastWeek', today: 'yesterday' };

/**
 * "X compared with Y" answers as X's summary, whose totals show the change against Y: Y's spec
 * (null for the period just before X, which the summary compares with anyway), false when Y is
 * missing, not a period, or X itself (not understood); null when nothing is compared.
 */
export function takeComparison(
  scan: Scan,
  period: { period: PeriodSpec } | null,
): { against: PeriodSpec | null } | false | null {
  if (scan.takeEach(COMPARE).length === 0) return null;
  const against = takePeriod(scan);
  if (period === null || against === null || 'error' in against) return false;
  if (JSON.stringify(against.period) === JSON.stringify(period.period)) return false;
  return { against: PREVIOUS[period.period.kind] === against.period.kind ? null : against.period };
}

/** The words of the comparison pattern, for the typo corrector. */
export const COMPARISON_VOCABULARY = wordsOfPatterns([COMPARE]);
