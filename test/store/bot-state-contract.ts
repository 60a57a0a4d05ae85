/**
 * The BotStateStore part of the Store contract (src/store/bot-state-store.ts): digest subscriptions,
 * digest runs (claim before send, mark sent after, once per channel and period). Registered by
 * storeContract, so every Store implementation runs it.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { ChannelSubscription, ClaimRequest } from '../../src/store/bot-state-store.ts';
import type { Store } from '../../src/store/store.ts';

const T0 = new Date('2026-03-30T06:00:00.000Z');
const at = (ms: number) => new Date(T0.getTime() + ms);
const instant = (iso: string | null) => (iso === null ? null : new Date(iso).toISOString());
const MINUTE = 60_000;
const CHANNEL = '19:a1b2c3d4e5f60718293a4b5c6d7e8f90@thread.tacv2';
const OTHER_CHANNEL = '19:0f1e2d3c4b5a69788796a5b4c3d2e1f0@thread.tacv2';

export function subscription(overrides: Partial<ChannelSubscription> = {}): ChannelSubscription {
  const conversationId = overrides.conversationId ?? CHANNEL;
  return {
    conversationId,
    tenantId: '2f6d8c1e-3b7a-4e2f-9c51-7a0d4b6e8f13',
    teamId: '19:teamgeneral0123456789abcdef@thread.tacv2',
    teamName: 'Power Platform admins',
    channelName: 'Flow watch',
    serviceUrl: 'https://smba.trafficmanager.net/amer/2f6d8c1e-3b7a-4e2f-9c51-7a0d4b6e8f13/',
    reference: {
      channelId: 'msteams',
      serviceUrl: 'https://smba.trafficmanager.net/amer/2f6d8c1e-3b7a-4e2f-9c51-7a0d4b6e8f13/',
      conversation: {
        id: conversationId,
        conversationType: 'channel',
        isGroup: true,
        tenantId: '2f6d8c1e-3b7a-4e2f-9c51-7a0d4b6e8f13',
      },
      bot: { id: '28:6a1f3d2e-9b8c-4d7e-a5f6-0b1c2d3e4f5a', name: 'Flowwatch' },
    },
    digestTime: '08:00',
    timeZone: 'Europe/Berlin',
    days: 'daily',
    enabled: true,
    createdAt: T0.toISOString(),
    updatedAt: T0.toISOString(),
    ...overrides,
  };
}

function claim(overrides: Partial<ClaimRequest> = {}): ClaimRequest {
  return {
    conversationId: CHANNEL,
    periodKey: '2026-03-29',
    from: '2026-03-28T23:00:00.000Z',
    to: '2026-03-29T22:00:00.000Z',
    claimedBy: 'replica-a',
    late: false,
    now: T0,
    staleAfterMs: 10 * MINUTE,
    ...overrides,
  };
}

export function botStateContract(run: (fn: (store: Store) => Promise<void>) => () => Promise<void>): void {
  describe('bot state: subscriptions', () => {
    test(
      'stores, reads back, updates and removes a channel subscription',
      run(async (store) => {
        assert.equal(await store.botState.getSubscription(CHANNEL), null);
        const first = subscription();
        await store.botState.upsertSubscription(first);
        assert.deepEqual(await store.botState.getSubscription(CHANNEL), first);

        const later = at(3 * MINUTE).toISOString();
        await store.botState.upsertSubscription(
          subscription({
            digestTime: '07:30',
            timeZone: 'America/New_York',
            days: 'weekdays',
            enabled: false,
            channelName: 'Renamed',
            createdAt: later,
            updatedAt: later,
          }),
        );
        const updated = await store.botState.getSubscription(CHANNEL);
        assert.deepEqual(
          updated,
          {
            ...first,
            digestTime: '07:30',
            timeZone: 'America/New_York',
            days: 'weekdays',
            enabled: false,
            channelName: 'Renamed',
            updatedAt: later,
          },
          'createdAt stays the first',
        );

        assert.equal(await store.botState.removeSubscription(CHANNEL), true);
        assert.equal(await store.botState.removeSubscription(CHANNEL), false);
        assert.equal(await store.botState.getSubscription(CHANNEL), null);
      }),
    );

    test(
      'lists every subscription and removes all channels of a deleted team at once',
      run(async (store) => {
        const teamA = '19:teamA@thread.tacv2';
        await store.botState.upsertSubscription(subscription({ conversationId: '19:a1@thread.tacv2', teamId: teamA }));
        await store.botState.upsertSubscription(
          subscription({ conversationId: '19:a2@thread.tacv2', teamId: teamA, createdAt: at(1).toISOString() }),
        );
        await store.botState.upsertSubscription(
          subscription({
            conversationId: '19:b1@thread.tacv2',
            teamId: '19:teamB@thread.tacv2',
            createdAt: at(2).toISOString(),
          }),
        );
        await store.botState.upsertSubscription(
          subscription({
            conversationId: '19:g1@thread.v2',
            teamId: null,
            teamName: null,
            channelName: null,
            createdAt: at(3).toISOString(),
          }),
        );
        assert.deepEqual((await store.botState.listSubscriptions()).map((s) => s.conversationId).sort(), [
          '19:a1@thread.tacv2',
          '19:a2@thread.tacv2',
          '19:b1@thread.tacv2',
          '19:g1@thread.v2',
        ]);
        assert.equal(await store.botState.removeTeamSubscriptions(teamA), 2);
        assert.equal(await store.botState.removeTeamSubscriptions(teamA), 0);
        assert.deepEqual((await store.botState.listSubscriptions()).map((s) => s.conversationId).sort(), [
          '19:b1@thread.tacv2',
          '19:g1@thread.v2',
        ]);
      }),
    );
  });

  describe('bot state: digest runs', () => {
    test(
      'a claim returns the run; a second claim by another holder gets null',
      run(async (store) => {
        const run1 = await store.botState.claimDigestRun(claim({ late: true }));
        assert.ok(run1);
        assert.deepEqual(
          { ...run1, claimedAt: instant(run1.claimedAt), from: instant(run1.from), to: instant(run1.to) },
          {
            conversationId: CHANNEL,
            periodKey: '2026-03-29',
            from: '2026-03-28T23:00:00.000Z',
            to: '2026-03-29T22:00:00.000Z',
            state: 'claimed',
            claimedBy: 'replica-a',
            claimedAt: T0.toISOString(),
            sentAt: null,
            activityId: null,
            late: true,
            attempts: 1,
            lastError: null,
          },
        );
        assert.equal(await store.botState.claimDigestRun(claim({ claimedBy: 'replica-b', now: at(MINUTE) })), null);
        assert.equal((await store.botState.getDigestRun(CHANNEL, '2026-03-29'))?.claimedBy, 'replica-a');
      }),
    );

    test(
      'the same holder may claim again (a retry after its own failure to send)',
      run(async (store) => {
        assert.ok(await store.botState.claimDigestRun(claim()));
        const again = await store.botState.claimDigestRun(claim({ now: at(MINUTE) }));
        assert.equal(again?.attempts, 2);
      }),
    );

    test(
      'a stale claim (crash between claim and send) is taken over',
      run(async (store) => {
        assert.ok(await store.botState.claimDigestRun(claim()));
        assert.equal(
          await store.botState.claimDigestRun(claim({ claimedBy: 'replica-b', now: at(10 * MINUTE - 1) })),
          null,
        );
        const taken = await store.botState.claimDigestRun(claim({ claimedBy: 'replica-b', now: at(10 * MINUTE) }));
        assert.equal(taken?.claimedBy, 'replica-b');
        assert.equal(taken?.state, 'claimed');
        assert.equal(taken?.attempts, 2);
        assert.equal(instant(taken?.claimedAt ?? null), at(10 * MINUTE).toISOString());
      }),
    );

    test(
      'a sent run is never claimed again, by anyone, however late',
      run(async (store) => {
        assert.ok(await store.botState.claimDigestRun(claim()));
        await store.botState.markDigestSent(CHANNEL, '2026-03-29', { activityId: '1711778400123', sentAt: at(2000) });
        for (const holder of ['replica-a', 'replica-b']) {
          assert.equal(
            await store.botState.claimDigestRun(claim({ claimedBy: holder, now: at(30 * 24 * 60 * MINUTE) })),
            null,
          );
        }
        const sent = await store.botState.getDigestRun(CHANNEL, '2026-03-29');
        assert.equal(sent?.state, 'sent');
        assert.equal(sent?.activityId, '1711778400123');
        assert.equal(instant(sent?.sentAt ?? null), at(2000).toISOString());
        await store.botState.markDigestFailed(CHANNEL, '2026-03-29', 'late error');
        assert.equal(
          (await store.botState.getDigestRun(CHANNEL, '2026-03-29'))?.state,
          'sent',
          'a failure report never undoes a send',
        );
      }),
    );

    test(
      'a failed run keeps its error and may be claimed again at once',
      run(async (store) => {
        assert.ok(await store.botState.claimDigestRun(claim()));
        await store.botState.markDigestFailed(CHANNEL, '2026-03-29', 'HTTP 502 from the Bot Connector');
        const failed = await store.botState.getDigestRun(CHANNEL, '2026-03-29');
        assert.equal(failed?.state, 'failed');
        assert.equal(failed?.lastError, 'HTTP 502 from the Bot Connector');
        const retry = await store.botState.claimDigestRun(claim({ claimedBy: 'replica-b', now: at(MINUTE) }));
        assert.equal(retry?.state, 'claimed');
        assert.equal(retry?.attempts, 2);
      }),
    );

    test(
      'runs are per channel and period',
      run(async (store) => {
        assert.ok(await store.botState.claimDigestRun(claim()));
        assert.ok(await store.botState.claimDigestRun(claim({ claimedBy: 'replica-b', periodKey: '2026-03-30' })));
        assert.ok(
          await store.botState.claimDigestRun(claim({ claimedBy: 'replica-b', conversationId: OTHER_CHANNEL })),
        );
        assert.equal(await store.botState.getDigestRun(CHANNEL, '2026-03-31'), null);
      }),
    );

    test(
      'the last sent digest is the latest sent one of that channel',
      run(async (store) => {
        assert.equal(await store.botState.lastSentDigest(CHANNEL), null);
        for (const [key, sentMs] of [
          ['2026-03-27', 1000],
          ['2026-03-28', 3000],
          ['2026-03-29', 2000],
        ] as const) {
          assert.ok(await store.botState.claimDigestRun(claim({ periodKey: key })));
          await store.botState.markDigestSent(CHANNEL, key, { activityId: `id-${key}`, sentAt: at(sentMs) });
        }
        assert.ok(
          await store.botState.claimDigestRun(claim({ periodKey: '2026-03-30', now: at(5000) })),
          'claimed, not sent: ignored',
        );
        assert.ok(
          await store.botState.claimDigestRun(claim({ conversationId: OTHER_CHANNEL, periodKey: '2026-03-31' })),
        );
        await store.botState.markDigestSent(OTHER_CHANNEL, '2026-03-31', { activityId: 'other', sentAt: at(9000) });
        const last = await store.botState.lastSentDigest(CHANNEL);
        assert.equal(last?.periodKey, '2026-03-28');
        assert.equal(instant(last?.sentAt ?? null), at(3000).toISOString());
      }),
    );
  });
}
