import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { gzipSync } from 'node:zlib';
import { sendHttp } from '../../src/audit/http-transport.ts';

/** A loopback server whose answer each test sets; it notes which socket served each request. */
let server: Server;
let base = '';
let handler: (req: IncomingMessage, res: ServerResponse, requestOnSocket: number) => void = () => {};
const served = new WeakMap<Socket, number>();
const hung = new Set<ServerResponse>();

before(async () => {
  server = createServer((req, res) => {
    const n = (served.get(req.socket) ?? 0) + 1;
    served.set(req.socket, n);
    handler(req, res, n);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
after(async () => {
  for (const res of hung) res.destroy();
  await new Promise<void>((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
});

const get = (path: string, timeoutMs = 5_000) =>
  sendHttp({ method: 'GET', url: `${base}${path}`, headers: { accept: 'application/json' }, timeoutMs });

describe('sendHttp', () => {
  test('answers status, headers in any case, and the body as text; a POST body arrives whole', async () => {
    handler = (req, res) => {
      let body = '';
      req.setEncoding('utf8');
      req.on('data', (chunk: string) => (body += chunk));
      req.on('end', () => {
        res.writeHead(201, { 'Content-Type': 'application/json', NextPageUri: `${base}/next` });
        res.end(JSON.stringify({ method: req.method, got: body, type: req.headers['content-type'] ?? null }));
      });
    };
    const answer = await sendHttp({
      method: 'POST',
      url: `${base}/start`,
      headers: { 'content-type': 'application/json' },
      body: '{"name":"Zoë ✓"}',
      timeoutMs: 5_000,
    });
    assert.equal(answer.status, 201);
    assert.equal(answer.headers.get('nextpageuri'), `${base}/next`);
    assert.deepEqual(JSON.parse(answer.text), { method: 'POST', got: '{"name":"Zoë ✓"}', type: 'application/json' });
  });

  test('asks for compression and undoes gzip', async () => {
    const records = JSON.stringify([
      { Id: '1', Workload: 'MicrosoftFlow', FlowConnectorNames: 'Office 365 Outlook, SharePoint' },
    ]);
    let asked = '';
    handler = (req, res) => {
      asked = String(req.headers['accept-encoding']);
      res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Encoding': 'gzip' });
      res.end(gzipSync(records));
    };
    const answer = await get('/blob');
    assert.match(asked, /gzip/);
    assert.equal(answer.text, records);
  });

  test('a body cut off by a closed connection is an error, not a short answer', async () => {
    handler = (_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': '1000' });
      res.write('[{"Id":"1"},', () => res.destroy());
    };
    await assert.rejects(get('/cut'));
  });

  test('gives up after timeoutMs with a TimeoutError', async () => {
    handler = (_req, res) => void hung.add(res);
    await assert.rejects(get('/slow', 50), (error: Error) => error.name === 'TimeoutError');
  });

  test('sends again on a fresh socket when a kept-alive one turns out closed', async () => {
    handler = (req, res, requestOnSocket) => {
      // The server has dropped this connection: a second request on it gets no answer at all.
      if (requestOnSocket > 1) return void req.socket.destroy();
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify({ path: req.url }));
    };
    assert.equal((await get('/first')).text, '{"path":"/first"}');
    assert.equal((await get('/second')).text, '{"path":"/second"}');
  });
});
