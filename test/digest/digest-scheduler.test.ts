import { afterEach, beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { lines } from '../helpers/card-walk.ts';
import { startDigestHarness, type DigestHarness } from './helpers/digest-harness.ts';
import { flowEvent } from '../store/flow-event-fixtures.ts';

const CHANNEL = '19:a1b2c3d4e5f60718293a4b5c6d7e8f90@thread.tacv2';
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

/** Ticks every `stepMs` from now until `until`, recording when each post went out. */
async function runClock(h: DigestHarness, holder: string, until: string, stepMs = 30 * MINUTE) {
  const scheduler = h.scheduler(holder);
  const sent: Array<{ at: string; periodKey: string; late: boolean }> = [];
  while (h.clock.now.getTime() <= Date.parse(until)) {
    const report = await scheduler.tick();
    for (const o of report.outcomes)
      if (o.status === 'sent') sent.push({ at: h.clock.now.toISOString(), periodKey: o.periodKey, late: o.late });
    h.clock.advance(stepMs);
  }
  return sent;
}

describe('digest scheduler (fake clock, SQLite store, CloudAdapter over HTTP)', () => {
  let h: DigestHarness;
  beforeEach(async () => {
    h = await startDigestHarness('2026-03-27T00:00:00.000Z');
  });
  afterEach(() => h.close());

  test('posts once at the due time as a new top-level post in the channel, and never again', async () => {
    h.clock.set('2026-11-24T06:59:59.000Z'); // 07:59:59 in Berlin
    await h.subscribe({ conversationId: `${CHANNEL};messageid=1711111111111` });
    const scheduler = h.scheduler('replica-a');
    assert.deepEqual((await scheduler.tick()).outcomes, []);
    assert.equal(h.connector.requests.length, 0);

    h.clock.set('2026-11-24T07:00:00.000Z');
    const report = await scheduler.tick();
    assert.equal(report.leader, true);
    assert.deepEqual(
      report.outcomes.map((o) => [o.status, o.periodKey]),
      [['sent', '2026-11-23']],
    );

    const sent = h.connector.sentActivities();
    assert.equal(sent.length, 1);
    assert.equal(sent[0].conversationId, CHANNEL, 'posted to the channel itself, not into a thread');
    assert.equal(sent[0].activity.attachments?.[0]?.contentType, 'application/vnd.microsoft.card.adaptive');
    assert.equal(sent[0].activity.text, undefined, 'card only, no text (Teams would split it)');
    assert.ok(
      lines(sent[0].activity.attachments[0].content).some((l) => l.startsWith('Mon 23 Nov 2026 (Europe/Berlin)')),
    );

    const run = await h.store.botState.getDigestRun(`${CHANNEL};messageid=1711111111111`, '2026-11-23');
    assert.equal(run?.state, 'sent');
    assert.equal(run?.late, false);
    assert.equal(run?.activityId, (h.connector.requests.at(-1)?.body as { id?: string } | null)?.id ?? run?.activityId);
    assert.match(run?.activityId ?? '', /^\d+$/);

    h.clock.advance(30 * MINUTE);
    assert.deepEqual((await scheduler.tick()).outcomes, []);
    assert.equal(h.connector.sentActivities().length, 1);
  });

  test('Europe/Berlin: posts at 08:00 local across the spring-forward and fall-back days, once a day', async () => {
    h.clock.set('2026-03-28T00:00:00.000Z');
    await h.subscribe({ timeZone: 'Europe/Berlin', digestTime: '08:00' });
    assert.deepEqual(await runClock(h, 'a', '2026-03-31T00:00:00.000Z'), [
      { at: '2026-03-28T07:00:00.000Z', periodKey: '2026-03-27', late: false },
      { at: '2026-03-29T06:00:00.000Z', periodKey: '2026-03-28', late: false },
      { at: '2026-03-30T06:00:00.000Z', periodKey: '2026-03-29', late: false },
    ]);
    const spring = await h.store.botState.getDigestRun(CHANNEL, '2026-03-29');
    assert.equal(Date.parse(spring!.to) - Date.parse(spring!.from), 23 * HOUR);

    h.clock.set('2026-10-24T00:00:00.000Z');
    await h.store.botState.removeSubscription(CHANNEL);
    await h.subscribe({ timeZone: 'Europe/Berlin', digestTime: '08:00' });
    assert.deepEqual(await runClock(h, 'b', '2026-10-27T00:00:00.000Z'), [
      { at: '2026-10-24T06:00:00.000Z', periodKey: '2026-10-23', late: false },
      { at: '2026-10-25T07:00:00.000Z', periodKey: '2026-10-24', late: false },
      { at: '2026-10-26T07:00:00.000Z', periodKey: '2026-10-25', late: false },
    ]);
    const fall = await h.store.botState.getDigestRun(CHANNEL, '2026-10-25');
    assert.equal(Date.parse(fall!.to) - Date.parse(fall!.from), 25 * HOUR);
  });

  test('America/New_York: posts at 07:30 local across 2026-03-08 and 2026-11-01', async () => {
    h.clock.set('2026-03-07T00:00:00.000Z');
    await h.subscribe({ timeZone: 'America/New_York', digestTime: '07:30' });
    assert.deepEqual(
      (await runClock(h, 'a', '2026-03-10T00:00:00.000Z')).map((s) => s.at),
      ['2026-03-07T12:30:00.000Z', '2026-03-08T11:30:00.000Z', '2026-03-09T11:30:00.000Z'],
    );
    h.clock.set('2026-10-31T00:00:00.000Z');
    await h.store.botState.removeSubscription(CHANNEL);
    await h.subscribe({ timeZone: 'America/New_York', digestTime: '07:30' });
    assert.deepEqual(
      (await runClock(h, 'b', '2026-11-03T00:00:00.000Z')).map((s) => [s.at, s.periodKey]),
      [
        ['2026-10-31T11:30:00.000Z', '2026-10-30'],
        ['2026-11-01T12:30:00.000Z', '2026-10-31'],
        ['2026-11-02T12:30:00.000Z', '2026-11-01'],
      ],
    );
  });

  test('weekdays only: nothing at the weekend, and Monday covers Friday to Sunday', async () => {
    h.clock.set('2026-03-26T12:00:00.000Z'); // Thursday
    await h.subscribe({ days: 'weekdays' });
    assert.deepEqual(
      (await runClock(h, 'a', '2026-03-31T12:00:00.000Z')).map((s) => [s.at, s.periodKey]),
      [
        ['2026-03-27T07:00:00.000Z', '2026-03-26'],
        ['2026-03-30T06:00:00.000Z', '2026-03-27..2026-03-29'],
        ['2026-03-31T06:00:00.000Z', '2026-03-30'],
      ],
    );
  });

  test('restart before the due time: the new process sends on time', async () => {
    h.clock.set('2026-11-24T00:00:00.000Z');
    await h.subscribe();
    h.clock.set('2026-11-24T06:30:00.000Z');
    const first = h.scheduler('replica-a');
    await first.tick();
    await first.stop(); // graceful: gives the lease up
    h.clock.set('2026-11-24T07:00:30.000Z');
    const report = await h.scheduler('replica-b').tick();
    assert.deepEqual(
      report.outcomes.map((o) => [o.status, o.periodKey, o.status === 'sent' && o.late]),
      [['sent', '2026-11-23', false]],
    );
  });

  test('restart after the due time (the bot was down): sends on start, marked late', async () => {
    h.clock.set('2026-11-24T00:00:00.000Z');
    await h.subscribe();
    h.clock.set('2026-11-24T09:40:00.000Z');
    const report = await h.scheduler('replica-b').tick();
    assert.deepEqual(
      report.outcomes.map((o) => [o.status, o.periodKey, o.status === 'sent' && o.late]),
      [['sent', '2026-11-23', true]],
    );
    assert.equal((await h.store.botState.getDigestRun(CHANNEL, '2026-11-23'))?.late, true);
    assert.ok(lines(h.posts()[0].card).includes('Sent late: Flowwatch was not running at the scheduled time.'));
  });

  test('restart after the send: no second post, even when the old process died holding the lease', async () => {
    h.clock.set('2026-11-24T00:00:00.000Z');
    await h.subscribe();
    h.clock.set('2026-11-24T07:00:00.000Z');
    await h.scheduler('replica-a').tick(); // then "crashes": no stop(), lease left behind
    assert.equal(h.connector.sentActivities().length, 1);

    h.clock.advance(30_000);
    const during = await h.scheduler('replica-b').tick();
    assert.equal(during.leader, false, 'the dead holder still has the lease');
    h.clock.advance(2 * MINUTE);
    const after = await h.scheduler('replica-b').tick();
    assert.equal(after.leader, true);
    assert.deepEqual(after.outcomes, []);
    assert.equal(h.connector.sentActivities().length, 1);
  });

  test('crash between claim and send: the stale claim is taken over and the digest goes out once', async () => {
    h.clock.set('2026-11-24T00:00:00.000Z');
    const s = await h.subscribe();
    h.clock.set('2026-11-24T07:00:00.000Z');
    // A replica claimed the run and died before posting.
    assert.ok(
      await h.store.botState.claimDigestRun({
        conversationId: s.conversationId,
        periodKey: '2026-11-23',
        from: '2026-11-22T23:00:00.000Z',
        to: '2026-11-23T23:00:00.000Z',
        claimedBy: 'dead',
        late: false,
        now: h.clock.now,
        staleAfterMs: 10 * MINUTE,
      }),
    );
    const scheduler = h.scheduler('replica-b');
    h.clock.advance(MINUTE);
    assert.deepEqual(
      (await scheduler.tick()).outcomes.map((o) => [o.status, o.status === 'skipped' && o.reason]),
      [['skipped', 'claimedElsewhere']],
    );
    assert.equal(h.connector.sentActivities().length, 0);

    h.clock.set('2026-11-24T07:10:00.000Z');
    const report = await scheduler.tick();
    assert.deepEqual(
      report.outcomes.map((o) => o.status),
      ['sent'],
    );
    const run = await h.store.botState.getDigestRun(s.conversationId, '2026-11-23');
    assert.equal(run?.claimedBy, 'replica-b');
    assert.equal(run?.attempts, 2);
    h.clock.advance(HOUR);
    await scheduler.tick();
    assert.equal(h.connector.sentActivities().length, 1);
  });

  test('a new channel gets no digest for times before it subscribed', async () => {
    h.clock.set('2026-11-24T00:00:00.000Z');
    await h.subscribe({ createdAt: '2026-11-24T09:00:00.000Z' });
    h.clock.set('2026-11-24T09:05:00.000Z');
    assert.deepEqual((await h.scheduler('a').tick()).outcomes, []);
    h.clock.set('2026-11-25T07:00:00.000Z');
    assert.deepEqual(
      (await h.scheduler('a').tick()).outcomes.map((o) => o.periodKey),
      ['2026-11-24'],
    );
  });

  test('after a long outage, each missed digest within the three-day lookback goes out late, oldest first', async () => {
    h.clock.set('2026-11-01T00:00:00.000Z');
    await h.subscribe();
    h.clock.set('2026-11-24T10:00:00.000Z');
    const report = await h.scheduler('a').tick();
    assert.deepEqual(
      report.outcomes.map((o) => [o.periodKey, o.status === 'sent' && o.late]),
      [
        ['2026-11-21', true],
        ['2026-11-22', true],
        ['2026-11-23', true],
      ],
    );
  });

  test('channels are posted one after another with a pause between posts', async () => {
    h.clock.set('2026-11-24T00:00:00.000Z');
    await h.subscribe({ conversationId: '19:bbb@thread.tacv2' });
    await h.subscribe({ conversationId: '19:aaa@thread.tacv2' });
    await h.subscribe({ conversationId: '19:ccc@thread.tacv2', enabled: false });
    h.clock.set('2026-11-24T07:00:00.000Z');
    await h.scheduler('a', { pauseBetweenPostsMs: 1500 }).tick();
    assert.deepEqual(
      h.connector.sentActivities().map((s) => s.conversationId),
      ['19:aaa@thread.tacv2', '19:bbb@thread.tacv2'],
    );
    assert.deepEqual(h.sleeps, [1500]);
  });

  test('a 429 with Retry-After, then success: one post, marked sent', async () => {
    h.clock.set('2026-11-24T00:00:00.000Z');
    await h.subscribe();
    h.clock.set('2026-11-24T07:00:00.000Z');
    h.connector.throttleNext(1, 1);
    const report = await h.scheduler('a').tick();
    assert.deepEqual(
      report.outcomes.map((o) => o.status),
      ['sent'],
    );
    const posts = h.connector.requests.filter((r) => r.method === 'POST');
    assert.equal(posts.length, 2, 'the throttled attempt and the one that went through');
    const run = await h.store.botState.getDigestRun(CHANNEL, '2026-11-23');
    assert.equal(run?.state, 'sent');
    assert.equal(run?.activityId, '1000', 'the fake numbers only answered posts');
  });

  test('a 429 without Retry-After is retried by the poster with backoff; one post goes through', async () => {
    h.clock.set('2026-11-24T00:00:00.000Z');
    await h.subscribe();
    h.clock.set('2026-11-24T07:00:00.000Z');
    h.connector.throttleNext(2);
    const report = await h.scheduler('a').tick();
    assert.deepEqual(
      report.outcomes.map((o) => o.status),
      ['sent'],
    );
    assert.equal(h.connector.requests.filter((r) => r.method === 'POST').length, 3);
    assert.deepEqual(h.sleeps, [10, 20], 'exponential backoff from the base delay');
    assert.equal((await h.store.botState.getDigestRun(CHANNEL, '2026-11-23'))?.activityId, '1000');
  });

  test('a failed send is recorded and retried on a later tick, after a wait', async () => {
    h.clock.set('2026-11-24T00:00:00.000Z');
    await h.subscribe();
    h.clock.set('2026-11-24T07:00:00.000Z');
    const scheduler = h.scheduler('a', { maxAttempts: 2, retryAfterFailureMs: 5 * MINUTE });
    h.connector.throttleNext(100); // the connector keeps refusing
    const first = await scheduler.tick();
    assert.equal(first.outcomes[0]?.status, 'failed');
    const failed = await h.store.botState.getDigestRun(CHANNEL, '2026-11-23');
    assert.equal(failed?.state, 'failed');
    assert.match(failed?.lastError ?? '', /HTTP 429/);

    h.clock.advance(MINUTE);
    assert.deepEqual((await scheduler.tick()).outcomes, [], 'waits before retrying');
    h.connector.reset();
    h.clock.advance(5 * MINUTE);
    assert.deepEqual(
      (await scheduler.tick()).outcomes.map((o) => o.status),
      ['sent'],
    );
    assert.equal((await h.store.botState.getDigestRun(CHANNEL, '2026-11-23'))?.attempts, 2);
  });

  test('gives up on a digest after the last attempt, leaving its error on the run', async () => {
    h.clock.set('2026-11-24T00:00:00.000Z');
    await h.subscribe();
    h.clock.set('2026-11-24T07:00:00.000Z');
    const scheduler = h.scheduler('a', { maxAttempts: 2, retryAfterFailureMs: 5 * MINUTE });
    h.connector.throttleNext(1000);
    assert.equal((await scheduler.tick()).outcomes[0]?.status, 'failed');
    h.clock.advance(10 * MINUTE);
    assert.equal((await scheduler.tick()).outcomes[0]?.status, 'failed');
    const posts = h.connector.requests.length;
    h.clock.advance(2 * HOUR);
    assert.deepEqual((await scheduler.tick()).outcomes, []);
    assert.equal(h.connector.requests.length, posts, 'no third try');
    const run = await h.store.botState.getDigestRun(CHANNEL, '2026-11-23');
    assert.equal(run?.state, 'failed');
    assert.equal(run?.attempts, 2);
  });

  test('"arrived late": an event of an earlier day stored after a digest shows up in the next one', async () => {
    h.clock.set('2026-11-24T00:00:00.000Z');
    await h.subscribe();
    h.clock.set('2026-11-24T07:00:00.000Z');
    await h.scheduler('a').tick();
    await h.store.events.ingest(
      [
        flowEvent({
          operation: 'CreateFlow',
          occurredAt: '2026-11-23T15:00:00.000Z',
          flowName: 'Came in late',
          actorUpn: 'jane@contoso.com',
        }),
      ],
      { now: new Date('2026-11-24T11:00:00.000Z') },
    );
    h.clock.set('2026-11-25T07:00:00.000Z');
    await h.scheduler('a').tick();
    const [first, second] = h.posts();
    assert.ok(!lines(first.card).some((l) => l.includes('Came in late')));
    assert.ok(
      lines(second.card).some((l) => l === 'Created · Came in late'),
      lines(second.card).join('\n'),
    );
  });
});
