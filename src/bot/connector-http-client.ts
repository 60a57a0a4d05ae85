/**
 * The HTTP client under botbuilder's ConnectorClient (every reply, card update and proactive post
 * to the Bot Connector), with a deadline. The SDK's own client has none: a serviceUrl that accepts
 * the connection and never answers held the turn, and the inbound request with it, for minutes.
 *
 * It is given to the SDK as `ConnectorClientOptions.httpClient` (botbuilder-stdlib's
 * ServiceClientContext passes it to @azure/core-client through core-http-compat's
 * convertHttpClient); the SDK's pipeline (auth header, retries of 429/5xx) still runs above it.
 * Each attempt gets the deadline; an aborted attempt is not retried by that pipeline (an
 * AbortError is not a RestError), so a black hole costs one deadline, and the socket is destroyed.
 */
import { createDefaultHttpClient, createHttpHeaders, createPipelineRequest } from '@azure/core-rest-pipeline';
import {
  toCompatResponse,
  type CompatResponse,
  type RequestPolicy,
  type WebResourceLike,
} from '@azure/core-http-compat';

/**
 * How long one request to the Bot Connector may take, answer body included. The Bot Framework
 * expects the bot's HTTP answer to an activity within about 15 s, so a reply still pending after
 * 10 s is useless to the user, and the turn keeps the rest to answer the request itself. A
 * healthy connector answers in well under a second. Not a setting: no operator has a reason to
 * wait longer for a connector that does not answer.
 */
export const CONNECTOR_TIMEOUT_MS = 10_000;

/** Thrown when the Bot Connector did not answer within the deadline. */
export class ConnectorTimeoutError extends Error {
  readonly code = 'ConnectorTimeout';
  constructor(timeoutMs: number) {
    super(`the Bot Connector did not answer within ${timeoutMs} ms`);
    this.name = 'ConnectorTimeoutError';
  }
}

/**
 * Connection errors that say the serviceUrl is not there (nothing listens, no such host, no route).
 * The SDK's pipeline retries them with backoff (1, 2, 4 s…), which held the inbound request over
 * 10 s for a reply that could not be sent; a reset (ECONNRESET) is transient and is still retried.
 */
const UNREACHABLE = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH']);

/** Thrown, and not retried, when the Bot Connector's host cannot be reached at all. */
export class ConnectorUnreachableError extends Error {
  readonly code = 'ConnectorUnreachable';
  constructor(cause: unknown) {
    super(`the Bot Connector could not be reached (${(cause as { code?: string }).code})`, { cause });
    this.name = 'ConnectorUnreachableError';
  }
}

/** A core-http-compat HttpClient (what ConnectorClientOptions.httpClient takes) with a deadline per request. */
export function createConnectorHttpClient(timeoutMs = CONNECTOR_TIMEOUT_MS): RequestPolicy {
  const inner = createDefaultHttpClient();
  return {
    async sendRequest(webResource: WebResourceLike): Promise<CompatResponse> {
      // One signal for connect, headers and body: the runtime's own `timeout` stops at the headers.
      const deadline = AbortSignal.timeout(timeoutMs);
      const signal = webResource.abortSignal
        ? AbortSignal.any([deadline, webResource.abortSignal as AbortSignal])
        : deadline;
      const request = createPipelineRequest({
        url: webResource.url,
        method: webResource.method,
        headers: createHttpHeaders(webResource.headers.toJson({ preserveCase: true })),
        body: webResource.body as string | undefined,
        abortSignal: signal,
        timeout: timeoutMs,
        // As the SDK's ServiceClientContext decides for its endpoint: http only when the serviceUrl is http.
        allowInsecureConnection: webResource.url.toLowerCase().startsWith('http:'),
        disableKeepAlive: webResource.keepAlive === false,
        ...(webResource.streamResponseStatusCodes
          ? { streamResponseStatusCodes: webResource.streamResponseStatusCodes }
          : {}),
      });
      try {
        const response = await inner.sendRequest(request);
        // `request` must stay the one the SDK sent: core-client finds the operation (how to read
        // the body) through it, and core-http-compat maps this one back to the original.
        return { ...toCompatResponse(response), request: webResource };
      } catch (error) {
        if (deadline.aborted) throw new ConnectorTimeoutError(timeoutMs);
        if (UNREACHABLE.has((error as { code?: string }).code ?? '')) throw new ConnectorUnreachableError(error);
        throw error;
      }
    },
  };
}
