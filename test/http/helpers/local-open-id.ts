/**
 * A local stand-in for the Bot Framework's token signing keys: an OpenID metadata document and a
 * JWKS on 127.0.0.1, with an RSA key generated per run, and a signer for channel tokens shaped
 * like Teams' (teams-platform.md §1.4: iss https://api.botframework.com, aud = the bot's app id,
 * serviceurl claim = the activity's serviceUrl, key endorsed for "msteams").
 * The key host can be made to fail the ways a data centre's network does (`mode`): answer only
 * after `slowMs`, or accept the socket and never answer (black-holed); `rotate()` publishes a new
 * key in place of the old. It counts the connections and requests it sees.
 */
import { createHmac, generateKeyPairSync, randomUUID } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import jwt from 'jsonwebtoken';

export const CHANNEL_TOKEN_ISSUER = 'https://api.botframework.com';

export type KeyHostMode = 'ok' | 'slow' | 'black-holed';

export interface LocalOpenId {
  metadataUrl: string;
  mode: KeyHostMode;
  /** How long a slow key host takes to answer. */
  slowMs: number;
  /** TCP connections accepted, and requests per document. */
  seen: { connections: number; metadata: number; jwks: number };
  /** Connections open now. */
  openConnections(): number;
  /**
   * Signs a channel token with the published key (or, with `foreignKey`, with a key nobody
   * published; with `forgedKid`, with a key nobody published under the published key id).
   */
  signChannelToken(claims: {
    aud: string;
    serviceurl: string;
    iss?: string;
    expiresInSeconds?: number;
    notBeforeSeconds?: number;
    foreignKey?: boolean;
    forgedKid?: boolean;
  }): string;
  /** A token with the given header over the given claims, signed with `secret` (HS256) or unsigned (none). */
  signWeakToken(alg: 'none' | 'HS256', claims: Record<string, unknown>): string;
  /** Publishes a new key instead of the current one; tokens are signed with it from now on. */
  rotate(): void;
  close(): Promise<void>;
}

function rsaKey() {
  const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return {
    kid: randomUUID(),
    jwk: publicKey.export({ format: 'jwk' }),
    privatePem: privateKey.export({ format: 'pem', type: 'pkcs8' }).toString(),
  };
}

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

export async function startLocalOpenId(): Promise<LocalOpenId> {
  let published = rsaKey();
  const foreign = rsaKey();
  let base = '';
  const timers = new Set<NodeJS.Timeout>();
  const server = http.createServer((req, res) => {
    if (req.url === '/v1/.well-known/openidconfiguration') host.seen.metadata += 1;
    if (req.url === '/v1/keys') host.seen.jwks += 1;
    if (host.mode === 'black-holed') return;
    if (host.mode === 'slow') {
      const timer = setTimeout(() => {
        timers.delete(timer);
        answer(req, res);
      }, host.slowMs);
      timers.add(timer);
      return;
    }
    answer(req, res);
  });
  const sockets = new Set<Socket>();
  server.on('connection', (socket) => {
    host.seen.connections += 1;
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  function answer(req: http.IncomingMessage, res: http.ServerResponse) {
    const send = (body: unknown) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    if (req.url === '/v1/.well-known/openidconfiguration') {
      return send({
        issuer: CHANNEL_TOKEN_ISSUER,
        jwks_uri: `${base}/v1/keys`,
        id_token_signing_alg_values_supported: ['RS256'],
        token_endpoint_auth_methods_supported: ['private_key_jwt'],
      });
    }
    if (req.url === '/v1/keys') {
      return send({
        keys: [
          {
            kty: 'RSA',
            use: 'sig',
            kid: published.kid,
            n: published.jwk.n,
            e: published.jwk.e,
            endorsements: ['msteams'],
          },
        ],
      });
    }
    res.writeHead(404).end();
  }
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const host: LocalOpenId = {
    metadataUrl: `${base}/v1/.well-known/openidconfiguration`,
    mode: 'ok',
    slowMs: 0,
    seen: { connections: 0, metadata: 0, jwks: 0 },
    openConnections: () => sockets.size,
    signChannelToken(o) {
      const key = o.foreignKey || o.forgedKid ? foreign : published;
      return jwt.sign({ serviceurl: o.serviceurl }, key.privatePem, {
        algorithm: 'RS256',
        keyid: o.forgedKid ? published.kid : key.kid,
        audience: o.aud,
        issuer: o.iss ?? CHANNEL_TOKEN_ISSUER,
        expiresIn: o.expiresInSeconds ?? 3600,
        ...(o.notBeforeSeconds !== undefined ? { notBefore: o.notBeforeSeconds } : {}),
      });
    },
    signWeakToken(alg, claims) {
      const unsigned = `${b64({ alg, typ: 'JWT', kid: published.kid })}.${b64(claims)}`;
      if (alg === 'none') return `${unsigned}.`;
      // HS256 keyed with the published RSA key's modulus: the classic algorithm-confusion forgery.
      return `${unsigned}.${createHmac('sha256', String(published.jwk.n)).update(unsigned).digest('base64url')}`;
    },
    rotate() {
      published = rsaKey();
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const timer of timers) clearTimeout(timer);
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  return host;
}
