/**
 * Decides which blob each record is published in, and when. The service publishes a batch every
 * 10–15 minutes (audit-apis.md §1.6, observed by Youssefi); a record waits in the batch that is
 * open when it becomes available, so a late record lands in a blob hours after it happened.
 * Other-workload noise is spread over the batches, heavier in office hours.
 */
import type { Random } from '../random.ts';
import { HOUR_MS, MINUTE_MS } from '../time-format.ts';

export interface Placement {
  recordIndex: number;
  availableMs: number;
}

export interface BlobPlan {
  createdMs: number;
  recordIndexes: number[];
  otherCount: number;
}

export interface PublishingInput {
  rng: Random;
  placements: readonly Placement[];
  startMs: number;
  /** Batches close up to here (late records of the last day arrive after "now"). */
  untilMs: number;
  noiseTotal: number;
  /** Noise is published only up to here ("now" at generation). */
  noiseUntilMs: number;
  maxRecordsPerBlob: number;
}

function batchEnds(rng: Random, startMs: number, untilMs: number): number[] {
  const ends: number[] = [];
  for (let t = startMs; t < untilMs;) {
    t += rng.int(10, 14) * MINUTE_MS + rng.int(0, 59) * 1000;
    ends.push(t);
  }
  return ends;
}

function batchOf(ends: readonly number[], ms: number): number {
  let lo = 0;
  let hi = ends.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (ends[mid] < ms) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Splits `total` over the batches by weight, exactly (cumulative rounding). */
function spreadNoise(rng: Random, ends: readonly number[], total: number, untilMs: number): number[] {
  const weights = ends.map((end) => {
    if (end > untilMs) return 0;
    const hour = Math.floor((end % (24 * HOUR_MS)) / HOUR_MS);
    return (hour >= 8 && hour <= 18 ? 3 : 1) * (0.5 + rng.next());
  });
  const sum = weights.reduce((a, b) => a + b, 0);
  const counts: number[] = [];
  let cumulative = 0;
  let given = 0;
  for (const w of weights) {
    cumulative += w;
    const upTo = sum === 0 ? 0 : Math.round((cumulative / sum) * total);
    counts.push(upTo - given);
    given = upTo;
  }
  return counts;
}

/** Cuts one batch into 1..n blobs of at most maxRecordsPerBlob records each. */
function splitBatch(
  rng: Random,
  endMs: number,
  recordIndexes: readonly number[],
  noise: number,
  max: number,
): BlobPlan[] {
  const total = recordIndexes.length + noise;
  if (total === 0) return [];
  const blobCount = Math.min(total, Math.ceil(total / max) + (rng.chance(0.3) ? 1 : 0));
  const sizes = Array.from(
    { length: blobCount },
    (_, i) => Math.floor(total / blobCount) + (i < total % blobCount ? 1 : 0),
  );
  const offsets = Array.from({ length: blobCount }, () => rng.int(5_000, 540_000)).sort((a, b) => a - b);
  const plans = sizes.map((_, i) => ({
    createdMs: endMs + offsets[i] + i,
    recordIndexes: [] as number[],
    otherCount: 0,
  }));
  const room = [...sizes];
  for (const index of recordIndexes) {
    let b = rng.int(0, blobCount - 1);
    while (room[b] === 0) b = (b + 1) % blobCount;
    room[b]--;
    plans[b].recordIndexes.push(index);
  }
  plans.forEach((p, i) => (p.otherCount = room[i]!));
  return plans;
}

export function planBlobs(input: PublishingInput): BlobPlan[] {
  const { rng } = input;
  const ends = batchEnds(rng, input.startMs, input.untilMs);
  const batches: number[][] = ends.map(() => []);
  for (const p of input.placements) batches[batchOf(ends, p.availableMs)].push(p.recordIndex);
  const noise = spreadNoise(rng, ends, input.noiseTotal, input.noiseUntilMs);
  return ends.flatMap((end, i) => splitBatch(rng, end, batches[i], noise[i], input.maxRecordsPerBlob));
}
