/**
 * Checks an inbound Bot Framework channel token the way botframework-connector does
 * (teams-platform.md §1.4: channelValidation, jwtTokenExtractor, endorsementsValidator), with
 * jose for the signature and times. Rules: `Bearer <jwt>`; alg RS256 (what the channel signs
 * with); iss = the channel issuer; aud = this bot's app id; exp required, exp/nbf with 5 minutes
 * of clock skew; the key's endorsements, when it has any, include the activity's channelId; the
 * serviceurl claim equals the activity's serviceUrl. Emulator and skill tokens are refused: a
 * Teams bot receives channel tokens only.
 * Everything that needs no key is checked first, so a forged token never makes the key host be
 * asked; only a token that could be valid waits for keys, and gets "unavailable" without them.
 */
import { decodeJwt, decodeProtectedHeader, jwtVerify, type JWTPayload } from 'jose';
import type { ChannelKeys } from './channel-keys.ts';

export const CHANNEL_TOKEN_ISSUER = 'https://api.botframework.com';
const CLOCK_TOLERANCE_SECONDS = 5 * 60;

export type TokenCheck =
  | { ok: true; claims: JWTPayload }
  | { ok: false; reason: 'invalid' }
  | { ok: false; reason: 'unavailable'; retryAfterSeconds: number };

export interface TokenContext {
  appId: string;
  keys: ChannelKeys;
  /** Milliseconds since the epoch. */
  now: () => number;
}

export interface ActivityFields {
  channelId?: unknown;
  serviceUrl?: unknown;
}

const INVALID = { ok: false, reason: 'invalid' } as const;
const JWT_SHAPE = /^Bearer ([\w-]+\.[\w-]+\.[\w-]+)$/;

function decode(token: string): { kid: string; claims: JWTPayload } | null {
  try {
    const header = decodeProtectedHeader(token);
    if (header.alg !== 'RS256' || typeof header.kid !== 'string' || header.kid === '') return null;
    return { kid: header.kid, claims: decodeJwt(token) };
  } catch {
    return null;
  }
}

/** The claim rules, on claims not yet known to be authentic (before) or verified (after). */
function claimsFit(claims: JWTPayload, activity: ActivityFields, ctx: TokenContext): boolean {
  const nowSeconds = ctx.now() / 1000;
  if (claims.iss !== CHANNEL_TOKEN_ISSUER || claims.aud !== ctx.appId) return false;
  if (typeof claims.exp !== 'number' || claims.exp + CLOCK_TOLERANCE_SECONDS <= nowSeconds) return false;
  if (claims.nbf !== undefined && (typeof claims.nbf !== 'number' || claims.nbf - CLOCK_TOLERANCE_SECONDS > nowSeconds))
    return false;
  const serviceUrl = typeof activity.serviceUrl === 'string' ? activity.serviceUrl : '';
  return serviceUrl === '' || claims.serviceurl === serviceUrl;
}

function endorsed(endorsements: string[], activity: ActivityFields): boolean {
  const channelId = typeof activity.channelId === 'string' ? activity.channelId.trim() : '';
  return endorsements.length === 0 || channelId === '' || endorsements.includes(channelId);
}

export async function checkChannelToken(
  authorization: string | undefined,
  activity: ActivityFields,
  ctx: TokenContext,
): Promise<TokenCheck> {
  const token = JWT_SHAPE.exec(authorization ?? '')?.[1];
  const decoded = token ? decode(token) : null;
  if (!token || !decoded || !claimsFit(decoded.claims, activity, ctx)) return INVALID;
  const found = await ctx.keys.lookup(decoded.kid);
  if (found.kind === 'unavailable')
    return { ok: false, reason: 'unavailable', retryAfterSeconds: found.retryAfterSeconds };
  if (found.kind === 'unknown' || !endorsed(found.key.endorsements, activity)) return INVALID;
  try {
    const { payload } = await jwtVerify(token, found.key.key, {
      algorithms: ['RS256'],
      issuer: CHANNEL_TOKEN_ISSUER,
      audience: ctx.appId,
      requiredClaims: ['exp'],
      clockTolerance: CLOCK_TOLERANCE_SECONDS,
      currentDate: new Date(ctx.now()),
    });
    return claimsFit(payload, activity, ctx) ? { ok: true, claims: payload } : INVALID;
  } catch {
    // Bad signature, or a time jose reads differently: invalid, whatever the reason.
    return INVALID;
  }
}
