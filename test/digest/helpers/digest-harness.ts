/**
 * The digest path with real parts: a SQLite store in a temp dir, botbuilder's CloudAdapter (no
 * app id: demo mode) posting over HTTP to the fake Bot Connector, and a fake clock.
 */
import { createBotAdapter } from '../../../src/bot/adapter.ts';
import { createProactivePoster } from '../../../src/bot/proactive-poster.ts';
import type { ChannelPoster } from '../../../src/digest/channel-poster.ts';
import { deliverDigest, type DigestDeliveryDeps } from '../../../src/digest/deliver-digest.ts';
import { DigestScheduler, type DigestSchedulerOptions } from '../../../src/digest/digest-scheduler.ts';
import { createLogger } from '../../../src/log.ts';
import { COVERAGE_SOURCE } from '../../../src/queries/run.ts';
import type { ChannelSubscription } from '../../../src/store/bot-state-store.ts';
import { startFakeConnector, type FakeConnector } from '../../helpers/fake-connector.ts';
import { subscription } from '../../store/bot-state-contract.ts';
import { openTempStore } from './temp-store.ts';

export const log = createLogger('silent');
const BOT = { appId: '', appType: 'MultiTenant' as const, host: '127.0.0.1', port: 0, maxBodyBytes: 262_144 };

export interface DigestHarness {
  store: ReturnType<typeof openTempStore>['store'];
  connector: FakeConnector;
  clock: { now: Date; set(iso: string): void; advance(ms: number): void };
  sleeps: number[];
  poster: ChannelPoster;
  deliveryDeps(holder: string): DigestDeliveryDeps;
  /** A scheduler as one process would run it ("restart" = a new one with another holder). */
  scheduler(holder: string, overrides?: Partial<DigestSchedulerOptions>): DigestScheduler;
  /** Subscribes a channel as of the clock's now (digests due before that are not owed). */
  subscribe(overrides?: Partial<ChannelSubscription>): Promise<ChannelSubscription>;
  /** Card posts that reached the connector (throttled attempts included: the fake records before it answers). */
  posts(): Array<{ conversationId: string; card: Record<string, unknown> }>;
  close(): Promise<void>;
}

export async function startDigestHarness(start: string): Promise<DigestHarness> {
  const temp = openTempStore();
  const connector = await startFakeConnector();
  const clock = {
    now: new Date(start),
    set(iso: string) {
      this.now = new Date(iso);
    },
    advance(ms: number) {
      this.now = new Date(this.now.getTime() + ms);
    },
  };
  const sleeps: number[] = [];
  const sleep = async (ms: number) => {
    sleeps.push(ms);
  };
  const adapter = createBotAdapter({ bot: BOT, log });
  const poster = createProactivePoster({ adapter, botAppId: '', log, sleep, random: () => 0.5, baseDelayMs: 10 });
  // Coverage up to far ahead: these tests are about sending, not about sync lag.
  await temp.store.syncState.addCoverage(COVERAGE_SOURCE, {
    from: '2026-01-01T00:00:00.000Z',
    to: '2027-01-01T00:00:00.000Z',
  });
  const deliveryDeps = (holder: string): DigestDeliveryDeps => ({
    store: temp.store,
    poster,
    clock: () => clock.now,
    holder,
    staleAfterMs: 10 * 60_000,
    riskyConnectors: ['HTTP'],
    coverageSources: [COVERAGE_SOURCE],
    log,
  });
  return {
    store: temp.store,
    connector,
    clock,
    sleeps,
    poster,
    deliveryDeps,
    scheduler(holder, overrides = {}) {
      const deps = deliveryDeps(holder);
      return new DigestScheduler({
        store: temp.store,
        deliver: (sub, request) => deliverDigest(deps, sub, request),
        clock: () => clock.now,
        holder,
        log,
        leaseTtlMs: 60_000,
        sleep,
        ...overrides,
      });
    },
    async subscribe(overrides = {}) {
      const s = subscription({
        serviceUrl: connector.serviceUrl,
        reference: { ...subscription().reference, serviceUrl: connector.serviceUrl },
        createdAt: clock.now.toISOString(),
        ...overrides,
      });
      await temp.store.botState.upsertSubscription(s);
      return s;
    },
    posts() {
      return connector.sentActivities().flatMap((sent) => {
        const card = sent.activity.attachments?.[0]?.content as Record<string, unknown> | undefined;
        return card ? [{ conversationId: sent.conversationId, card }] : [];
      });
    },
    async close() {
      await connector.close();
      await temp.dispose();
    },
  };
}
