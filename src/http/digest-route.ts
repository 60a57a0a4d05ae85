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
 * Answers 200 with one result per channel once the posts are done (admins have a few channels).
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { Request, Response } from 'restify';
import { UnknownChannelError, type DigestService, type SendNowRequest } from '../digest/digest-service.ts';
import type { Logger } from '../log.ts';

const KEYS = new Set(['conversationId', 'date', 'force']);
const DAY = /^\d{4}-\d{2}-\d{2}$/;

function sameSecret(given: string, secret: string): boolean {
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
export function readSendNowBody(body: unknown): SendNowRequest | string {
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
    if (typeof b.date !== 'string' || !DAY.test(b.date) || Number.isNaN(Date.parse(`${b.date}T00:00:00Z`)))
      return 'date must be a local day as YYYY-MM-DD.';
    request.date = b.date;
  }
  if (b.force !== undefined) {
    if (typeof b.force !== 'boolean') return 'force must be true or false.';
    request.force = b.force;
  }
  return request;
}

export function digestRoute(digest: Pick<DigestService, 'sendNow'>, secret: string, log: Logger) {
  return async (req: Request, res: Response): Promise<void> => {
    const token = bearerToken(req.headers.authorization);
    if (!token || !sameSecret(token, secret)) {
      res.header('WWW-Authenticate', 'Bearer');
      res.send(401, { code: 'Unauthorized', message: 'Send Authorization: Bearer <DIGEST_SECRET>.' });
      return;
    }
    const request = readSendNowBody(req.body);
    if (typeof request === 'string') {
      res.send(400, { code: 'BadRequest', message: request });
      return;
    }
    try {
      const results = await digest.sendNow(request);
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
