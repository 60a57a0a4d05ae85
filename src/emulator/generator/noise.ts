/**
 * Regenerates a blob's other-workload records from the seed and the blob's serial, so the tenant
 * never holds them in memory; the same blob always gets the same records, in CreationTime order.
 */
import type { Blob, NoiseRenderer } from '../content/blob-catalog.ts';
import { Random } from '../random.ts';
import { formatCreationTime } from '../time-format.ts';
import { otherWorkloadRecord, type OtherWorkloadContext } from './other-workloads.ts';

/** Other workloads typically show up 1–90 minutes after the event (audit-apis.md §1.7). */
const MIN_DELAY_S = 60;
const MAX_DELAY_S = 90 * 60;

export function createNoiseRenderer(seed: number, stream: number, context: OtherWorkloadContext): NoiseRenderer {
  return (blob: Blob) => {
    const rng = Random.derive(seed ^ Math.imul(stream, 0x27d4eb2d), blob.seq);
    const wholeSecond = Math.floor(blob.createdMs / 1000) * 1000;
    const times = new Float64Array(blob.otherCount);
    for (let i = 0; i < times.length; i++) times[i] = wholeSecond - rng.int(MIN_DELAY_S, MAX_DELAY_S) * 1000;
    times.sort();
    const out = new Array<{ time: string; json: string }>(times.length);
    for (let i = 0; i < times.length; i++) {
      const time = formatCreationTime(times[i]);
      out[i] = { time, json: JSON.stringify(otherWorkloadRecord(rng, context, times[i])) };
    }
    return out;
  };
}
