/**
 * POST /api/messages: checks that the parsed body looks like an activity, then hands it to the
 * Bot Framework endpoint. Whatever a client sends, it gets an HTTP answer and the process lives on.
 */
import type { Request as RestifyRequest, Response as RestifyResponse } from 'restify';
import type { MessageEndpoint } from '../bot/adapter.ts';
import type { InboundAuth } from '../bot/inbound-auth.ts';
import type { Logger } from '../log.ts';

const MAX_TYPE_LENGTH = 64;

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/**
 * The least a turn needs: a string `type`, a `serviceUrl` to answer to and a conversation id;
 * `from` and `recipient`, when present, are objects. Anything else is refused before the SDK sees it.
 */
export function looksLikeActivity(body: unknown): body is Record<string, unknown> & { type: string } {
  if (!isObject(body)) return false;
  const { type, serviceUrl, conversation, from, recipient } = body;
  if (typeof type !== 'string' || type === '' || type.length > MAX_TYPE_LENGTH) return false;
  if (typeof serviceUrl !== 'string' || serviceUrl === '') return false;
  if (!isObject(conversation) || typeof conversation.id !== 'string' || conversation.id === '') return false;
  return [from, recipient].every((account) => account === undefined || isObject(account));
}

/** The one answer to every token that is not valid, whatever the reason: nothing to learn from it. */
export const UNAUTHORIZED_BODY = { code: 'Unauthorized', message: 'The request is not authorized.' };
export const KEYS_UNAVAILABLE_BODY = {
  code: 'ServiceUnavailable',
  message: 'Bot Framework signing keys are unavailable right now. Please retry later.',
};

/**
 * With authentication on, the token is checked before the adapter sees the request: 401 with a
 * fixed body when invalid, 503 with Retry-After when the signing keys cannot be had (bounded by
 * the key fetch timeout); then the turn runs with the verified claims.
 */
async function authenticated(
  inbound: InboundAuth,
  req: RestifyRequest,
  res: RestifyResponse,
  run: () => Promise<void>,
) {
  const authorization = req.headers.authorization;
  const result = await inbound.check(authorization, req.body as Record<string, unknown>);
  if (result.ok) return inbound.withVerifiedClaims(authorization ?? '', result.claims, run);
  if (result.reason === 'unavailable') {
    res.header('Retry-After', String(result.retryAfterSeconds));
    res.send(503, KEYS_UNAVAILABLE_BODY);
  } else {
    res.send(401, UNAUTHORIZED_BODY);
  }
}

export function messagesRoute(endpoint: MessageEndpoint, log: Logger, inbound: InboundAuth | null) {
  // restify 11 and 12: an async handler takes (req, res) only (teams-platform.md §1.1).
  return async (req: RestifyRequest, res: RestifyResponse): Promise<void> => {
    if (!looksLikeActivity(req.body)) {
      res.send(400, { code: 'BadRequest', message: 'The body must be a JSON Bot Framework activity.' });
      return;
    }
    try {
      if (inbound) await authenticated(inbound, req, res, () => endpoint(req, res));
      else await endpoint(req, res);
    } catch (error) {
      // The SDK throws before the turn starts when the activity's shape is wrong.
      log.warn('rejected an activity the SDK could not read', { error });
      if (!res.headersSent) res.send(400, { code: 'BadRequest', message: 'The activity could not be read.' });
    }
  };
}
