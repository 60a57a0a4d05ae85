/**
 * One HTTP exchange for the audit clients over node:http / node:https (kept-alive sockets of the
 * global agents), answering status, headers and the whole body as text.
 *
 * Why not fetch: undici's WHATWG fetch spends about 1 ms of CPU per request in its own
 * JavaScript. A sync downloads one blob per ~100 records, so against the emulator that alone was
 * more than parsing and storing the records (1,500 blob GETs, 8 at a time: 3.4–3.8 s of client
 * CPU with fetch, 1.4–1.5 s with node:http).
 */
import http from 'node:http';
import https from 'node:https';
import type { Readable } from 'node:stream';
import zlib from 'node:zlib';

export interface HttpExchange {
  method: 'GET' | 'POST';
  url: string;
  headers: Record<string, string>;
  body?: string;
  /** For the whole exchange, body included. */
  timeoutMs: number;
}

export interface HttpAnswer {
  status: number;
  headers: Headers;
  text: string;
}

/** Thrown when the whole exchange took longer than timeoutMs (named like AbortSignal.timeout's error). */
export class HttpTimeoutError extends Error {
  constructor(timeoutMs: number) {
    super(`no complete answer within ${timeoutMs} ms`);
    this.name = 'TimeoutError';
  }
}

export function sendHttp(exchange: HttpExchange): Promise<HttpAnswer> {
  return attempt(exchange, true);
}

function attempt(exchange: HttpExchange, mayRetryStaleSocket: boolean): Promise<HttpAnswer> {
  return new Promise<HttpAnswer>((resolve, reject) => {
    const url = new URL(exchange.url);
    const transport = url.protocol === 'https:' ? https : url.protocol === 'http:' ? http : null;
    if (!transport) {
      reject(new TypeError(`unsupported URL scheme ${url.protocol} (${exchange.url})`));
      return;
    }
    let settled = false;
    let answered = false;
    const settle = (fn: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      fn();
    };
    const headers: Record<string, string> = { 'accept-encoding': 'gzip, deflate, br', ...exchange.headers };
    if (exchange.body !== undefined) headers['content-length'] = String(Buffer.byteLength(exchange.body));

    const req = transport.request(url, { method: exchange.method, headers }, (res) => {
      answered = true;
      const body = decoded(res);
      // Decoded as it arrives: the socket's buffers die young instead of waiting for a copy.
      body.setEncoding('utf8');
      let text = '';
      const cutOff = () => settle(() => reject(new Error('the connection closed before the whole body arrived')));
      body.on('data', (chunk: string) => (text += chunk));
      body.on('error', (error) => settle(() => reject(error)));
      res.on('error', (error) => settle(() => reject(error)));
      res.on('close', () => {
        if (!res.complete) cutOff();
      });
      body.on('end', () => {
        if (!res.complete) return cutOff();
        // Built on first use: a blob's answer is read for its body only.
        let headers: Headers | null = null;
        settle(() =>
          resolve({
            status: res.statusCode ?? 0,
            text,
            get headers() {
              return (headers ??= toHeaders(res.rawHeaders));
            },
          }),
        );
      });
    });
    const timer = setTimeout(() => {
      const error = new HttpTimeoutError(exchange.timeoutMs);
      settle(() => reject(error));
      req.destroy(error);
    }, exchange.timeoutMs);
    req.on('error', (error: NodeJS.ErrnoException) => {
      // A kept-alive socket the server closed meanwhile fails before any answer; Node's docs
      // advise sending again on a fresh socket (http.ClientRequest reusedSocket).
      if (!answered && !settled && mayRetryStaleSocket && req.reusedSocket && error.code === 'ECONNRESET') {
        settle(() => void attempt(exchange, false).then(resolve, reject));
        return;
      }
      settle(() => reject(error));
    });
    req.end(exchange.body);
  });
}

/** The body stream, decompressed when the server compressed it. */
function decoded(res: http.IncomingMessage): Readable {
  const encoding = String(res.headers['content-encoding'] ?? '')
    .trim()
    .toLowerCase();
  const decoder =
    encoding === 'gzip' || encoding === 'x-gzip'
      ? zlib.createGunzip()
      : encoding === 'deflate'
        ? zlib.createInflate()
        : encoding === 'br'
          ? zlib.createBrotliDecompress()
          : null;
  return decoder ? res.pipe(decoder) : res;
}

function toHeaders(raw: string[]): Headers {
  const headers = new Headers();
  for (let i = 0; i + 1 < raw.length; i += 2) headers.append(raw[i], raw[i + 1]);
  return headers;
}
