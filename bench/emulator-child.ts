/**
 * Runs a pre-generated tenant emulator in its own process for the ingest and backfill benchmarks,
 * so its memory and CPU for serving stay out of the measured process. Prints one JSON line when
 * ready; exits when its stdin closes (the parent went away).
 *   emulator-child.ts RECORDS            ingest: 6 days of Audit.General, 90% other workloads
 *   emulator-child.ts RECORDS backfill   backfill: 181 days of mostly Flow records, queries answer at once
 */
import { startEmulator } from '../src/emulator/index.ts';
import { LISTING_HISTORY_MS } from '../src/sync/sync-windows.ts';

const totalRecords = Number(process.argv[2] ?? 1_000_000);
const backfill = process.argv[3] === 'backfill';
// A whole second: listings send their times to the second (audit-apis.md §1.5), so a sync that
// ends at `now` lists exactly up to it. With milliseconds, content published in the last fraction
// of a second is in the ground truth but not yet listable, and the bench's check failed now and then.
const now = new Date(Math.floor(Date.now() / 1000) * 1000);
// What a first sync at `now` lists (planWindows): the last 7 days less 10 minutes, up to `now`.
const listed = { from: new Date(now.getTime() - LISTING_HISTORY_MS), to: now };
const emulator = await startEmulator(
  backfill
    ? {
        now: () => now,
        seed: 9,
        totalRecords,
        makers: 2000,
        environments: 20,
        otherWorkloadRatio: 0.05,
        days: 181,
        // The bench measures our path, not Microsoft's queue: queries succeed at once.
        auditQuery: { startSeconds: 0, runSeconds: 0, pageSize: 1000 },
      }
    : {
        now: () => now,
        seed: 11,
        totalRecords,
        otherWorkloadRatio: 0.9,
        days: 6,
        duplicateRate: 0.02,
        pageSize: 200,
        pregenerate: true,
        startSubscribed: true,
      },
);
process.stdout.write(
  JSON.stringify({
    url: emulator.url,
    tenantId: emulator.tenantId,
    clientId: emulator.clientId,
    clientSecret: emulator.clientSecret,
    authorityMetadata: emulator.authorityMetadata,
    now: now.toISOString(),
    listed: { from: listed.from.toISOString(), to: listed.to.toISOString() },
    flowRecords: backfill ? 0 : emulator.groundTruth(listed).length,
  }) + '\n',
);
process.stdin.resume();
process.stdin.on('end', () => void emulator.close().then(() => process.exit(0)));
