/**
 * Runs a pre-generated tenant emulator in its own process for the ingest benchmark, so its memory
 * and CPU for serving stay out of the measured process. Prints one JSON line when ready; exits
 * when its stdin closes (the parent went away).
 */
import { startEmulator } from '../src/emulator/index.ts';

const totalRecords = Number(process.argv[2] ?? 1_000_000);
const now = new Date();
const emulator = await startEmulator({
  now: () => now,
  seed: 11,
  totalRecords,
  otherWorkloadRatio: 0.9,
  days: 6,
  duplicateRate: 0.02,
  pageSize: 200,
  pregenerate: true,
  startSubscribed: true,
});
process.stdout.write(
  JSON.stringify({
    url: emulator.url,
    tenantId: emulator.tenantId,
    clientId: emulator.clientId,
    clientSecret: emulator.clientSecret,
    authorityMetadata: emulator.authorityMetadata,
    now: now.toISOString(),
    flowRecords: emulator.groundTruth().length,
  }) + '\n',
);
process.stdin.resume();
process.stdin.on('end', () => void emulator.close().then(() => process.exit(0)));
