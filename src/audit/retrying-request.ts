/**
 * One logical JSON call to an audit API with the rules every audit client shares: bearer token
 * (one fresh token after a 401), a timeout per attempt, retries with exponential back-off and full
 * jitter or the server's Retry-After, bounded by maxRetries. Which answers are retryable is the
 * API's business: each client passes its own `classify`.
 */
import type { Logger } from '../log.ts';
import { backoffDelayMs } from './backoff.ts';
import { sendHttp, type HttpAnswer } from './http-transport.ts';
import { AuditApiError } from './source.ts';
import type { TokenProvider } from './token-provider.ts';

export interface RetryingRequestOptions {
  tokens: TokenProvider;
  httpTimeoutMs: number;
  maxRetries: number;
  sleep: (ms: number) => Promise<void>;
  random: () => number;
  /** First back-off ceiling; doubles per attempt up to maxBackoffMs. */
  baseBackoffMs?: number;
  maxBackoffMs?: number;
  /** A Retry-After longer than this is cut to it, so one odd header cannot park a sync for hours. */
  maxRetryAfterMs?: number;
  logger?: Logger;
}

export interface RequestCounters {
  /** HTTP requests sent (token requests not included). */
  requests: number;
  /** Requests repeated after a retryable failure. */
  retries: number;
  /** Answers that were throttling. */
  throttled: number;
  /** Fresh tokens fetched after a 401. */
  tokenRefreshes: number;
}

/** What an error answer means: the error to throw and, when retryable, how long to wait. */
export interface ClassifiedFailure {
  error: AuditApiError;
  retryAfterMs: number | null;
  throttled?: boolean;
}

export interface JsonRequest {
  method: 'GET' | 'POST';
  url: string;
  /** Sent as JSON when given. */
  body?: unknown;
  classify: (status: number, headers: Headers, text: string) => ClassifiedFailure;
}

export function newCounters(): RequestCounters {
  return { requests: 0, retries: 0, throttled: 0, tokenRefreshes: 0 };
}

export async function sendJsonWithRetry(
  options: RetryingRequestOptions,
  counters: RequestCounters,
  request: JsonRequest,
): Promise<{ status: number; body: unknown; headers: Headers }> {
  let refreshedToken = false;
  for (let attempt = 0; ; attempt++) {
    const outcome = await attemptOnce(options, counters, request, refreshedToken);
    if (outcome.kind === 'ok') return outcome;
    if (outcome.kind === 'unauthorized') {
      refreshedToken = true;
      counters.tokenRefreshes++;
      attempt--; // a token refresh is not a retry of a failure
      continue;
    }
    const { error, retryAfterMs, throttled } = outcome.failure;
    if (throttled) counters.throttled++;
    if (!error.retryable || attempt >= options.maxRetries) throw error;
    counters.retries++;
    const delay =
      retryAfterMs !== null
        ? Math.min(retryAfterMs, options.maxRetryAfterMs ?? 10 * 60_000)
        : backoffDelayMs(attempt, options.baseBackoffMs ?? 1000, options.maxBackoffMs ?? 60_000, options.random);
    options.logger?.warn('audit API call failed; retrying', {
      method: request.method,
      url: request.url,
      attempt: attempt + 1,
      delayMs: delay,
      code: error.code,
      status: error.status,
    });
    await options.sleep(delay);
  }
}

type Attempt =
  | { kind: 'ok'; status: number; body: unknown; headers: Headers }
  | { kind: 'failed'; failure: ClassifiedFailure }
  | { kind: 'unauthorized' };

async function attemptOnce(
  options: RetryingRequestOptions,
  counters: RequestCounters,
  request: JsonRequest,
  forceRefresh: boolean,
): Promise<Attempt> {
  const { method, url } = request;
  const token = await options.tokens.getToken(forceRefresh ? { forceRefresh: true } : undefined);
  counters.requests++;
  options.logger?.debug('audit API request', { method, url });
  let response: HttpAnswer;
  try {
    response = await sendHttp({
      method,
      url,
      headers: {
        authorization: `Bearer ${token}`,
        accept: 'application/json',
        ...(request.body !== undefined ? { 'content-type': 'application/json' } : {}),
      },
      ...(request.body !== undefined ? { body: JSON.stringify(request.body) } : {}),
      timeoutMs: options.httpTimeoutMs,
    });
  } catch (error) {
    const timedOut = (error as Error).name === 'TimeoutError';
    const failure = new AuditApiError(
      timedOut
        ? `no answer within ${options.httpTimeoutMs} ms (${method} ${url})`
        : `network error (${method} ${url}): ${(error as Error).message}`,
      null,
      timedOut ? 'timeout' : 'network',
      true,
    );
    failure.cause = error;
    return { kind: 'failed', failure: { error: failure, retryAfterMs: null } };
  }
  const { status, text } = response;
  if (status === 401 && !forceRefresh) return { kind: 'unauthorized' };
  if (status >= 200 && status < 300) {
    try {
      return { kind: 'ok', status, body: text === '' ? null : JSON.parse(text), headers: response.headers };
    } catch {
      // A body cut off in transit: the same request normally succeeds next time.
      return {
        kind: 'failed',
        failure: {
          error: new AuditApiError(`truncated or invalid JSON from ${method} ${url}`, status, 'invalid_json', true),
          retryAfterMs: null,
        },
      };
    }
  }
  return { kind: 'failed', failure: request.classify(status, response.headers, text) };
}

/** `{"error":{"code":"…","message":"…"}}`, the error body of both the Management API and Graph. */
export function parseErrorBody(text: string): { code: string | null; message: string } {
  try {
    const parsed = JSON.parse(text) as { error?: { code?: unknown; message?: unknown } };
    const code = typeof parsed?.error?.code === 'string' ? parsed.error.code : null;
    const message = typeof parsed?.error?.message === 'string' ? parsed.error.message : text.slice(0, 300);
    return { code, message };
  } catch {
    return { code: null, message: text.slice(0, 300) };
  }
}
