/**
 * POST /api/digest: sends the digest now, to every subscribed channel or to one. Registered only
 * when DIGEST_SECRET is set, and answers 401 without `Authorization: Bearer <secret>`. The body
 * may name a stored subscription, a local date and `force`; never a serviceUrl or a conversation
 * that is not stored (teams-platform.md §3.5, §9).
 *
 *   {}                                              all subscribed channels, the period due now
 *   { "conversationId": "19:…@thread.tacv2" }       one channel
 *   { "date": "2026-11-24", "force": true }         that local day, even if already sent
 *
 * Answers 200 with one result per channel once the posts are done (admins have a few channels),
 * or 429 with Retry-After when every channel asked for had its forced resends this hour
 * (FORCED_RESENDS_PER_HOUR).
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { Request, Response } from 'restify';
import {
  FORCED_RESENDS_PER_HOUR,
  UnknownChannelError,
  type DigestService,
  type SendNowRequest,
  type SendNowResult,
} from '../digest/digest-service.ts';
import type { Logger } from '../log.ts';

const KEYS = new Set(['conversationId', 'date', 'force']);
const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;
/** The audit log keeps at most a few years; an earlier day is a typo. */
const FIRST_YEAR = 2000;
const DAY_MS = 86_400_000;

/**
 * What is wrong with `date`, or null: it must be a calendar day (not 2026-02-30) that has begun
 * somewhere, i.e. at most one day after today in UTC (zones run up to 14 h ahead).
 */
export function dateProblem(date: unknown, now: Date): string | null {
  const m = typeof date === 'string' ? DAY.exec(date) : null;
  if (!m) return 'date must be a local day as YYYY-MM-DD.';
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const t = Date.UTC(year, month - 1, day);
  const back = new Date(t);
  if (back.getUTCFullYear() !== year || back.getUTCMonth() !== month - 1 || back.getUTCDate() !== day)
    return `date ${m[0]} is not a day of the calendar.`;
  if (year < FIRST_YEAR) return `date ${m[0]} is before ${FIRST_YEAR}; the audit log has nothing that old.`;
  const today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  if (t > today + DAY_MS) return `date ${m[0]} is in the future; a digest covers a day that has begun.`;
  return null;
}

export function sameSecret(given: string, secret: string): boolean {
  // Hashing first makes the comparison constant-time whatever the lengths.
  const a = createHash('sha256').update(given).digest();
  const b = createHash('sha256').update(secret).digest();
  return timingSafeEqual(a, b);
}

export function bearerToken(header: unknown): string | null {
  if (typeof header !== 'string') return null;
  const m = /^Bearer\s+(\S+)\s*$/i.exec(header);
  return m ? m[1] : null;
}

/** The request body as a SendNowRequest; a string says what is wrong. */
export function readSendNowBody(body: unknown, now: Date): SendNowRequest | string {
  if (body === undefined || body === null || body === '') return {};
  if (typeof body !== 'object' || Array.isArray(body)) return 'The body must be a JSON object.';
  const b = body as Record<string, unknown>;
  const unknown = Object.keys(b).filter((k) => !KEYS.has(k));
  if (unknown.length > 0)
    return `Unknown field(s): ${unknown
      .slice(0, 5)
      .map((k) => k.slice(0, 40))
      .join(', ')}. Allowed: conversationId, date, force.`;
  const request: SendNowRequest = {};
  if (b.conversationId !== undefined) {
    if (typeof b.conversationId !== 'string' || b.conversationId === '' || b.conversationId.length > 512)
      return 'conversationId must be the id of a subscribed channel.';
    request.conversationId = b.conversationId;
  }
  if (b.date !== undefined) {
    const problem = dateProblem(b.date, now);
    if (problem) return problem;
    request.date = b.date as string;
  }
  if (b.force !== undefined) {
    if (typeof b.force !== 'boolean') return 'force must be true or false.';
    request.force = b.force;
  }
  return request;
}

/** Seconds to wait when every result is over the forced-resend bound; null when something was done. */
function resendLimitRetryAfter(results: SendNowResult[]): number | null {
  if (results.length === 0) return null;
  let wait = 0;
  for (const r of results) {
    if (r.status !== 'skipped' || r.reason !== 'resendLimit') return null;
    wait = Math.max(wait, r.retryAfterSeconds);
  }
  return wait;
}

export function digestRoute(
  digest: Pick<DigestService, 'sendNow'>,
  secret: string,
  log: Logger,
  now: () => Date = () => new Date(),
) {
  return async (req: Request, res: Response): Promise<void> => {
    const token = bearerToken(req.headers.authorization);
    if (!token || !sameSecret(token, secret)) {
      res.header('WWW-Authenticate', 'Bearer');
      res.send(401, { code: 'Unauthorized', message: 'Send Authorization: Bearer <DIGEST_SECRET>.' });
      return;
    }
    const request = readSendNowBody(req.body, now());
    if (typeof request === 'string') {
      res.send(400, { code: 'BadRequest', message: request });
      return;
    }
    try {
      const results = await digest.sendNow(request);
      const retryAfter = resendLimitRetryAfter(results);
      if (retryAfter !== null) {
        res.header('Retry-After', String(retryAfter));
        res.send(429, {
          code: 'TooManyForcedResends',
          message: `Each channel gets at most ${FORCED_RESENDS_PER_HOUR} forced resends per clock hour (UTC); try again in ${retryAfter} s, or send without "force" (the digest of a period goes out once).`,
          results,
        });
        return;
      }
      res.send(200, { results });
    } catch (error) {
      if (error instanceof UnknownChannelError) {
        res.send(404, {
          code: 'NotFound',
          message: 'No channel with that conversationId gets the digest. Say "digest here" in the channel first.',
        });
        return;
      }
      log.error('digest send-now failed', { error });
      res.send(500, { code: 'InternalError', message: 'Sending the digest failed; see the bot logs.' });
    }
  };
}
