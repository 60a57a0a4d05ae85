/**
 * A local stand-in for the Bot Connector service that Teams activities name as `serviceUrl`:
 * a node:http server on 127.0.0.1 that records every request (method, decoded path, headers,
 * JSON body) and answers like the real service (teams-platform.md §2.6, §7.2, §7.3):
 * 200 `{ id }` for activity posts and updates, 201 `{ id, activityId }` for new conversations,
 * members for member lookups, and, on demand, 429 with or without Retry-After.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedRequest {
  method: string;
  /** The path as sent (URL-encoded ids). */
  rawPath: string;
  /** The path with each segment decoded, e.g. /v3/conversations/19:x@thread.tacv2;messageid=1/activities/1. */
  path: string;
  headers: http.IncomingHttpHeaders;
  /** Parsed JSON, or the raw text when it was not JSON, or null when empty. */
  body: unknown;
}

/** An outgoing message activity as the bot sent it. */
export interface SentActivity {
  type?: string;
  text?: string;
  replyToId?: string;
  conversation?: { id?: string };
  attachments?: Array<{ contentType?: string; content?: unknown }>;
  [key: string]: unknown;
}

export interface FakeConnector {
  /** The serviceUrl to put in activities, with a trailing slash like Teams'. */
  serviceUrl: string;
  requests: RecordedRequest[];
  /** Activities the bot posted (POST …/activities[/{id}]), in order. */
  sentActivities(): Array<{ conversationId: string; replyToId: string | null; activity: SentActivity }>;
  /** The next `count` requests get 429; with `retryAfterSeconds` they carry a Retry-After header. */
  throttleNext(count: number, retryAfterSeconds?: number): void;
  /** The next `count` posts of an activity get `status` with a Bot Connector error body (e.g. 403 when the bot was removed). */
  failNext(count: number, status: number, code: string): void;
  /** Forget what was recorded so far. */
  reset(): void;
  close(): Promise<void>;
}

function decodePath(rawPath: string): string {
  return rawPath
    .split('/')
    .map((segment) => {
      try {
        return decodeURIComponent(segment);
      } catch {
        return segment;
      }
    })
    .join('/');
}

function parseBody(text: string): unknown {
  if (text === '') return null;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

const ACTIVITY_PATH = /^\/v3\/conversations\/([^/]+)\/activities(?:\/([^/]+))?\/?$/;
const MEMBER_PATH = /^\/v3\/conversations\/([^/]+)\/members\/([^/]+)\/?$/;

export async function startFakeConnector(): Promise<FakeConnector> {
  const requests: RecordedRequest[] = [];
  let throttle = { remaining: 0, retryAfterSeconds: undefined as number | undefined };
  let failing = { remaining: 0, status: 500, code: '' };
  let nextId = 1000;

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const rawPath = (req.url ?? '/').split('?')[0];
      const recorded: RecordedRequest = {
        method: req.method ?? 'GET',
        rawPath,
        path: decodePath(rawPath),
        headers: req.headers,
        body: parseBody(Buffer.concat(chunks).toString('utf8')),
      };
      requests.push(recorded);
      const answer = (status: number, body: unknown, headers: Record<string, string> = {}) => {
        res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
        res.end(body === undefined ? '' : JSON.stringify(body));
      };
      if (throttle.remaining > 0) {
        throttle.remaining -= 1;
        const headers: Record<string, string> =
          throttle.retryAfterSeconds === undefined ? {} : { 'retry-after': String(throttle.retryAfterSeconds) };
        answer(429, { error: { code: 'TooManyRequests', message: 'Too many requests' } }, headers);
        return;
      }
      const id = String(nextId++);
      const activityMatch = ACTIVITY_PATH.exec(rawPath);
      if (activityMatch && recorded.method === 'POST' && failing.remaining > 0) {
        failing.remaining -= 1;
        // The Bot Connector's error shape (teams-platform.md §5): { error: { code, message } }.
        return answer(failing.status, { error: { code: failing.code, message: `fake connector: ${failing.code}` } });
      }
      if (activityMatch && recorded.method === 'POST') return answer(200, { id });
      if (activityMatch && recorded.method === 'PUT')
        return answer(200, { id: decodeURIComponent(activityMatch[2] ?? id) });
      if (activityMatch && recorded.method === 'DELETE') return answer(200, undefined);
      if (rawPath.replace(/\/$/, '') === '/v3/conversations' && recorded.method === 'POST') {
        const channelId =
          (recorded.body as { channelData?: { channel?: { id?: string } } } | null)?.channelData?.channel?.id ??
          '19:new@thread.tacv2';
        return answer(201, { id: `${channelId};messageid=${id}`, activityId: id });
      }
      const memberMatch = MEMBER_PATH.exec(rawPath);
      if (memberMatch && recorded.method === 'GET') {
        const memberId = decodeURIComponent(memberMatch[2]);
        return answer(200, {
          id: memberId,
          name: 'Test User',
          aadObjectId: '00000000-0000-0000-0000-000000000000',
          userRole: 'user',
        });
      }
      answer(404, {
        error: { code: 'NotFound', message: `fake connector has no route for ${recorded.method} ${rawPath}` },
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    serviceUrl: `http://127.0.0.1:${port}/`,
    requests,
    sentActivities() {
      return requests.flatMap((r) => {
        const m = r.method === 'POST' ? ACTIVITY_PATH.exec(r.rawPath) : null;
        if (!m) return [];
        return [
          {
            conversationId: decodeURIComponent(m[1]),
            replyToId: m[2] ? decodeURIComponent(m[2]) : null,
            activity: r.body as SentActivity,
          },
        ];
      });
    },
    throttleNext(count, retryAfterSeconds) {
      throttle = { remaining: count, retryAfterSeconds };
    },
    failNext(count, status, code) {
      failing = { remaining: count, status, code };
    },
    reset() {
      requests.length = 0;
      throttle = { remaining: 0, retryAfterSeconds: undefined };
      failing = { remaining: 0, status: 500, code: '' };
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
