/**
 * Access tokens the emulator issues and later accepts. They look like Entra app tokens
 * (header.payload.signature, base64url, with tid, aud, roles ["ActivityFeed.Read"], exp) and are
 * signed with a key that never leaves the process, so only tokens this emulator issued pass.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

export interface TokenClaims {
  aud: string;
  iss: string;
  iat: number;
  nbf: number;
  exp: number;
  appid: string;
  appidacr: string;
  idtyp: 'app';
  oid: string;
  roles: string[];
  sub: string;
  tid: string;
  uti: string;
  ver: '1.0';
}

export type TokenCheck =
  { ok: true; claims: TokenClaims } | { ok: false; reason: 'malformed' | 'signature' | 'expired' };

const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

/** Signature-checked tokens remembered; a client reuses one token for an hour of calls. */
const VERIFIED_KEPT = 64;

export class AccessTokens {
  private readonly key = randomBytes(32);
  private issued = 0;
  /** Claims of tokens whose signature checked out, so each API call skips the HMAC and the parse (expiry is still checked every time). */
  private readonly verified = new Map<string, TokenClaims>();

  issue(input: { tenantId: string; clientId: string; audience: string; lifetimeSeconds: number; now: Date }): {
    token: string;
    claims: TokenClaims;
  } {
    const iat = Math.floor(input.now.getTime() / 1000);
    const claims: TokenClaims = {
      aud: input.audience,
      iss: `https://sts.windows.net/${input.tenantId}/`,
      iat,
      nbf: iat,
      exp: iat + input.lifetimeSeconds,
      appid: input.clientId,
      appidacr: '1',
      idtyp: 'app',
      oid: input.clientId,
      // The app's consented application permissions; Graph's include the audit query's (audit-apis.md §2.2).
      roles:
        input.audience === 'https://graph.microsoft.com'
          ? ['User.Read.All', 'AuditLogsQuery.Read.All']
          : ['ActivityFeed.Read'],
      sub: input.clientId,
      tid: input.tenantId,
      uti: `emu${(++this.issued).toString(36)}`,
      ver: '1.0',
    };
    const unsigned = `${encode({ typ: 'JWT', alg: 'HS256', kid: 'flowwatch-emulator' })}.${encode(claims)}`;
    return { token: `${unsigned}.${this.sign(unsigned)}`, claims };
  }

  check(token: string, now: Date): TokenCheck {
    let claims = this.verified.get(token);
    if (!claims) {
      const parts = token.split('.');
      if (parts.length !== 3) return { ok: false, reason: 'malformed' };
      const expected = Buffer.from(this.sign(`${parts[0]}.${parts[1]}`));
      const given = Buffer.from(parts[2]);
      if (expected.length !== given.length || !timingSafeEqual(expected, given))
        return { ok: false, reason: 'signature' };
      claims = JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8')) as TokenClaims;
      if (this.verified.size >= VERIFIED_KEPT) this.verified.clear();
      this.verified.set(token, claims);
    }
    if (Math.floor(now.getTime() / 1000) >= claims.exp) return { ok: false, reason: 'expired' };
    return { ok: true, claims };
  }

  private sign(unsigned: string): string {
    return createHmac('sha256', this.key).update(unsigned).digest('base64url');
  }
}
