/**
 * The real Graph audit query client and backfill deps, pointed at a tenant emulator the way demo
 * mode does it (MSAL against the emulator's token endpoint, Graph scope). Every wait moves the
 * shared clock instead of sleeping: a poll 10 s later is 10 s later for the emulator too.
 */
import { AuditLogQueryClient } from '../../src/audit/audit-log-query.ts';
import { emulatorTenantConfig } from '../../src/audit/emulator-tenant.ts';
import { createTokenProvider } from '../../src/audit/token-provider.ts';
import type { RunningEmulator } from '../../src/emulator/index.ts';
import { createLogger } from '../../src/log.ts';
import type { Store } from '../../src/store/store.ts';
import type { BackfillDeps } from '../../src/sync/backfill/run-backfill.ts';

export class TestClock {
  constructor(public ms: number) {}
  now = (): Date => new Date(this.ms);
  sleep = (ms: number): Promise<void> => {
    this.ms += ms;
    return new Promise((resolve) => setImmediate(resolve));
  };
}

export function backfillDeps(
  emulator: Pick<RunningEmulator, 'url' | 'tenantId' | 'clientId' | 'clientSecret'>,
  store: Store,
  clock: TestClock,
  concurrency = 2,
  pageSize = 20,
): BackfillDeps {
  const tenant = emulatorTenantConfig(emulator);
  const tokens = createTokenProvider(tenant, { now: clock.now }).forScope('https://graph.microsoft.com/.default');
  const client = new AuditLogQueryClient({
    graphApiUrl: `${emulator.url}/v1.0`,
    tokens,
    httpTimeoutMs: 10_000,
    maxRetries: 6,
    now: clock.now,
    sleep: clock.sleep,
    pageSize,
  });
  return {
    client,
    store,
    wait: { sleep: clock.sleep, now: clock.now, firstPollMs: 5_000, maxPollMs: 60_000, timeoutMs: 30 * 60_000 },
    log: createLogger('silent'),
    concurrency,
    retryDelayMs: 30_000,
  };
}
