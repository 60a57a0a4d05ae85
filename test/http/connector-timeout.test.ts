/**
 * Replies to a Bot Connector that does not answer: the inbound request still gets its HTTP answer
 * within the connector deadline plus a margin, a log line says the reply could not be sent, and
 * the socket to the connector is closed afterwards (no request left hanging on it).
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { recordingStore } from './helpers/recording-store.ts';
import { startBotHarness, type BotHarness } from './helpers/bot-harness.ts';
import { startUnansweringServer, type UnansweringServer } from '../helpers/unanswering-server.ts';
import { waitUntil } from '../helpers/wait-until.ts';
import { MEMBER, personalMessage, cardActionInvoke } from '../bot/fixtures/teams-activities.ts';

const TIMEOUT_MS = 400;
/** Time for the turn around the reply (routing, logging) on a slow CI machine. */
const MARGIN_MS = 1500;

describe('a reply to a Bot Connector that does not answer', () => {
  const recording = recordingStore();
  let h: BotHarness;
  const servers: UnansweringServer[] = [];

  before(async () => {
    h = await startBotHarness({ store: recording.store, deps: { connectorTimeoutMs: TIMEOUT_MS } });
  });
  after(async () => {
    await h.close();
    for (const s of servers) await s.close();
  });

  for (const mode of ['silent', 'stall-body'] as const) {
    test(
      `${mode}: the request is answered within the deadline, the failure is logged, no socket stays open`,
      { timeout: 15_000 },
      async () => {
        const connector = await startUnansweringServer(mode);
        servers.push(connector);
        h.logs.length = 0;
        const started = Date.now();
        // A refusal needs no audit data: the turn's only work is the reply.
        const res = await h.post(personalMessage({ serviceUrl: connector.serviceUrl, from: MEMBER }));
        const elapsed = Date.now() - started;
        assert.equal(res.status, 200);
        assert.ok(elapsed >= TIMEOUT_MS - 50 && elapsed < TIMEOUT_MS + MARGIN_MS, `answered after ${elapsed} ms`);
        assert.equal(connector.accepted(), 1, 'one attempt, not retried into the same black hole');
        const failures = h.logs.filter(
          (l) => l.msg === 'reply could not be sent: the Bot Connector did not answer in time',
        );
        assert.equal(failures.length, 1);
        assert.equal(failures[0].level, 'error');
        assert.equal(failures[0].serviceHost, new URL(connector.serviceUrl).host);
        // It does not try to send an apology into the same black hole, and says nothing else went wrong.
        assert.deepEqual(h.logs.filter((l) => l.level === 'error').length, 1);
        const logged = JSON.stringify(h.logs);
        assert.doesNotMatch(logged, /authorization|bearer|eyJ[\w-]+\.[\w-]+/i);
        await waitUntil('the socket to the connector to close', () => connector.open() === 0, {
          timeoutMs: 2000,
          detail: () => `${connector.open()} connection(s) open`,
        });
      },
    );
  }

  test(
    'an invoke (a Refresh click) gets its HTTP answer too; its response is the HTTP body, so nothing waits on the connector',
    { timeout: 15_000 },
    async () => {
      const connector = await startUnansweringServer('silent');
      servers.push(connector);
      const started = Date.now();
      const res = await h.post(
        cardActionInvoke({ serviceUrl: connector.serviceUrl, from: MEMBER, verb: 'refresh', data: {} }),
      );
      assert.equal(res.status, 200);
      assert.ok(Date.now() - started < TIMEOUT_MS + MARGIN_MS);
      assert.equal(connector.open(), 0);
    },
  );

  test('a serviceUrl where nothing listens: not retried with backoff, answered at once, logged as unreachable', async () => {
    // A port that was free a moment ago: the connection is refused.
    const probe = await startUnansweringServer('silent');
    const serviceUrl = probe.serviceUrl;
    await probe.close();
    h.logs.length = 0;
    const started = Date.now();
    const res = await h.post(personalMessage({ serviceUrl, from: MEMBER }));
    const elapsed = Date.now() - started;
    assert.equal(res.status, 200);
    // The SDK's retries of a refused connection wait 1, 2, 4 s…; one attempt takes milliseconds.
    assert.ok(elapsed < MARGIN_MS, `answered after ${elapsed} ms`);
    const failures = h.logs.filter((l) => l.msg === 'reply could not be sent: the Bot Connector could not be reached');
    assert.equal(failures.length, 1);
  });
});
