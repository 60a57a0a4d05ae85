/**
 * A local stand-in for the Bot Framework's token signing keys: an OpenID metadata document and a
 * JWKS on 127.0.0.1, with an RSA key generated per run, and a signer for channel tokens shaped
 * like Teams' (teams-platform.md §1.4: iss https://api.botframework.com, aud = the bot's app id,
 * serviceurl claim = the activity's serviceUrl, key endorsed for "msteams").
 */
import { generateKeyPairSync, randomUUID } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import jwt from 'jsonwebtoken';

export const CHANNEL_TOKEN_ISSUER = 'https://api.botframework.com';

export interface LocalOpenId {
  metadataUrl: string;
  /** Signs a channel token with the published key (or, with `foreignKey`, with a key nobody published). */
  signChannelToken(claims: {
    aud: string;
    serviceurl: string;
    iss?: string;
    expiresInSeconds?: number;
    foreignKey?: boolean;
  }): string;
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

export async function startLocalOpenId(): Promise<LocalOpenId> {
  const published = rsaKey();
  const foreign = rsaKey();
  let base = '';
  const server = http.createServer((req, res) => {
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
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    metadataUrl: `${base}/v1/.well-known/openidconfiguration`,
    signChannelToken({ aud, serviceurl, iss = CHANNEL_TOKEN_ISSUER, expiresInSeconds = 3600, foreignKey = false }) {
      const key = foreignKey ? foreign : published;
      return jwt.sign({ serviceurl }, key.privatePem, {
        algorithm: 'RS256',
        keyid: key.kid,
        audience: aud,
        issuer: iss,
        expiresIn: expiresInSeconds,
      });
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
