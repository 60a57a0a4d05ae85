/**
 * MSAL's network client with a deadline on every request. MSAL's own client times out GET
 * requests only when MSAL asks it to, and its POST (the token request itself) never: a token
 * endpoint that accepts the connection and never answers would hold the sync forever. This one
 * bounds connect, headers and body of both with one abort signal.
 */
import type { INetworkModule, NetworkRequestOptions, NetworkResponse } from '@azure/msal-node';
import { HttpTimeoutError, sendHttp } from './http-transport.ts';

/** Thrown when the token endpoint did not answer within the deadline (retryable: toAuditApiError keeps it so). */
export class TokenEndpointTimeoutError extends Error {
  constructor(url: string, timeoutMs: number) {
    super(`${new URL(url).host} did not answer within ${timeoutMs} ms`);
    this.name = 'TokenEndpointTimeoutError';
  }
}

export function createTimedNetworkClient(timeoutMs: number): INetworkModule {
  async function send<T>(url: string, method: 'GET' | 'POST', options?: NetworkRequestOptions, timeout?: number) {
    const limit = timeout ? Math.min(timeout, timeoutMs) : timeoutMs;
    try {
      // node:http through sendHttp, not fetch: on a timeout it destroys the socket, where Node 22's
      // fetch left the aborted connection open in its pool.
      const answer = await sendHttp({
        method,
        url,
        headers: options?.headers ?? {},
        ...(method === 'POST' ? { body: options?.body ?? '' } : {}),
        timeoutMs: limit,
      });
      const headers: Record<string, string> = {};
      answer.headers.forEach((value, key) => {
        headers[key] = value;
      });
      // MSAL reads the error answers' bodies too (error codes), so every status is returned as JSON.
      return { headers, body: JSON.parse(answer.text) as T, status: answer.status } satisfies NetworkResponse<T>;
    } catch (error) {
      if (error instanceof HttpTimeoutError) throw new TokenEndpointTimeoutError(url, limit);
      throw error;
    }
  }
  return {
    sendGetRequestAsync: (url, options, timeout) => send(url, 'GET', options, timeout),
    sendPostRequestAsync: (url, options) => send(url, 'POST', options),
  };
}
