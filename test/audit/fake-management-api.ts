/**
 * A small scripted stand-in for manage.office.com + the Entra token endpoint, on 127.0.0.1.
 * Tests queue answers per path; every request is recorded so tests can assert on what the client
 * sent (PublisherIdentifier, Authorization, the exact URL). Shapes follow audit-apis.md fixtures.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeAnswer {
  status?: number;
  headers?: Record<string, string>;
  /** A string is sent as is (so tests can send truncated JSON); anything else as JSON. */
  body?: unknown;
  /** Wait this long before answering (for timeout tests). */
  delayMs?: number;
  /** Destroy the socket instead of answering (a network error). */
  hangUp?: boolean;
}

export interface RecordedRequest {
  method: string;
  /** The request target exactly as it arrived (path + query, nothing decoded). */
  url: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}

export interface FakeManagementApi {
  url: string;
  tenantId: string;
  clientId: string;
  clientSecret: string;
  requests: RecordedRequest[];
  tokenRequests: RecordedRequest[];
  /** Queue answers for requests whose path (before `?`) equals `path`; the last one repeats. */
  answer(path: string, ...answers: FakeAnswer[]): void;
  /** Bearer tokens issued so far, in order. */
  issuedTokens: string[];
  /** Seconds the next tokens live (expires_in). */
  setTokenLifetime(seconds: number): void;
  close(): Promise<void>;
}

export const TENANT_ID = '2f6d8c1e-3b7a-4e2f-9c51-7a0d4b6e8f13';
const CLIENT_ID = '8a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d';
const CLIENT_SECRET = 'fake-secret-value';

export async function startFakeManagementApi(): Promise<FakeManagementApi> {
  const queues = new Map<string, FakeAnswer[]>();
  const requests: RecordedRequest[] = [];
  const tokenRequests: RecordedRequest[] = [];
  const issuedTokens: string[] = [];
  let tokenLifetime = 3599;
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const recorded = {
        method: req.method ?? '',
        url: req.url ?? '',
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      };
      const path = recorded.url.split('?')[0];
      if (path === `/${TENANT_ID}/oauth2/v2.0/token`) {
        tokenRequests.push(recorded);
        const form = new URLSearchParams(recorded.body);
        const assertion =
          form.get('client_assertion_type') === 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer' &&
          /^[\w-]+\.[\w-]+\.[\w-]+$/.test(form.get('client_assertion') ?? '');
        if ((form.get('client_secret') !== CLIENT_SECRET && !assertion) || form.get('client_id') !== CLIENT_ID) {
          send(res, {
            status: 401,
            body: {
              error: 'invalid_client',
              error_description: 'AADSTS7000215: Invalid client secret provided.',
              error_codes: [7000215],
            },
          });
          return;
        }
        const token = `token-${issuedTokens.length + 1}`;
        issuedTokens.push(token);
        send(res, {
          body: { token_type: 'Bearer', expires_in: tokenLifetime, ext_expires_in: tokenLifetime, access_token: token },
        });
        return;
      }
      requests.push(recorded);
      const queue = queues.get(path);
      if (!queue || queue.length === 0) {
        send(res, { status: 404, body: { error: { code: 'AF20001', message: `fake: nothing queued for ${path}` } } });
        return;
      }
      const next = queue.length > 1 ? queue.shift()! : queue[0];
      if (next.hangUp) {
        req.socket.destroy();
        return;
      }
      if (next.delayMs) setTimeout(() => send(res, next), next.delayMs);
      else send(res, next);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    tenantId: TENANT_ID,
    clientId: CLIENT_ID,
    clientSecret: CLIENT_SECRET,
    requests,
    tokenRequests,
    issuedTokens,
    answer(path, ...answers) {
      queues.set(path, [...(queues.get(path) ?? []), ...answers]);
    },
    setTokenLifetime(seconds) {
      tokenLifetime = seconds;
    },
    close() {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

function send(res: http.ServerResponse, answer: FakeAnswer): void {
  if (res.destroyed) return;
  const body =
    answer.body === undefined ? '' : typeof answer.body === 'string' ? answer.body : JSON.stringify(answer.body);
  res.writeHead(answer.status ?? 200, { 'content-type': 'application/json; charset=utf-8', ...answer.headers });
  res.end(body);
}
