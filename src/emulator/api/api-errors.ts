/**
 * Management Activity API errors: `{"error":{"code":"AF…","message":"…"}}` with Microsoft's
 * message texts (audit-apis.md §1.8; MAA-ref error table). HTTP statuses are not documented per
 * code; these are inferred: 400 for request problems, 401 for tokens, 404 for missing content.
 */
import { jsonResponse, type EmulatorResponse } from '../http/response.ts';

export function apiError(
  status: number,
  code: string,
  message: string,
  headers: Record<string, string> = {},
): EmulatorResponse {
  return jsonResponse(status, { error: { code, message } }, headers);
}

const WINDOW_RULE =
  'Start time and end time must both be specified (or both omitted) and must be less than or equal to 24 hours apart, with the start time no more than 7 days in the past.';

export const apiErrors = {
  missingPermission: (permissions: string) =>
    apiError(
      401,
      'AF10001',
      `The permission set (${permissions}) sent in the request did not include the expected permission ActivityFeed.Read.`,
      {
        'WWW-Authenticate': 'Bearer',
      },
    ),
  missingParameter: (name: string) => apiError(400, 'AF20001', `Missing parameter: ${name}.`),
  invalidParameter: (name: string, expected: string) =>
    apiError(400, 'AF20002', `Invalid parameter type: ${name}. Expected type: ${expected}`),
  tenantMismatch: (urlTenant: string, tokenTenant: string) =>
    apiError(
      400,
      'AF20010',
      `The tenant ID passed in the URL (${urlTenant}) does not match the tenant ID passed in the access token (${tokenTenant}).`,
    ),
  tenantNotGuid: (urlTenant: string) =>
    apiError(400, 'AF20013', `The tenant ID passed in the URL (${urlTenant}) is not a valid GUID.`),
  invalidContentType: () => apiError(400, 'AF20020', 'The specified content type is not valid.'),
  webhookNotValidated: (address: string) =>
    apiError(
      400,
      'AF20021',
      `The webhook endpoint (${address}) could not be validated. The emulator sends no notifications; poll subscriptions/content.`,
    ),
  noSubscription: () => apiError(400, 'AF20022', 'No subscription found for the specified content type.'),
  subscriptionDisabled: () => apiError(400, 'AF20023', 'The subscription was disabled by a stop request.'),
  // Not in Microsoft's table, but what the service answers (audit-apis.md §1.4).
  alreadyEnabled: () => apiError(400, 'AF20024', 'The subscription is already enabled. No property change.'),
  startTooOld: () => apiError(400, 'AF20030', WINDOW_RULE),
  invalidWindow: () => apiError(400, 'AF20055', WINDOW_RULE),
  invalidNextPage: (value: string) => apiError(400, 'AF20031', `Invalid nextPage Input: ${value}.`),
  contentNotFound: (contentId: string) =>
    apiError(404, 'AF20050', `The specified content (${contentId}) does not exist.`),
  contentExpired: (contentId: string) =>
    apiError(
      400,
      'AF20051',
      `Content requested with the key ${contentId} has already expired. Content older than 7 days cannot be retrieved.`,
    ),
  throttled: (status: 403 | 429, method: string, publisherId: string, retryAfterSeconds: number | null) =>
    apiError(
      status,
      'AF429',
      `Too many requests. Method=${method}, PublisherId=${publisherId}`,
      retryAfterSeconds === null ? {} : { 'Retry-After': String(retryAfterSeconds) },
    ),
  internalError: () => apiError(500, 'AF50000', 'An internal error occurred. Retry the request.'),
  unauthorized: () =>
    apiError(
      401,
      'AF10001',
      'Authorization has been denied for this request: the bearer token is missing, invalid or expired.',
      { 'WWW-Authenticate': 'Bearer' },
    ),
  routeNotFound: (path: string) =>
    apiError(404, 'NotFound', `No HTTP resource was found that matches the request URI '${path}'.`),
  methodNotAllowed: (method: string) =>
    apiError(405, 'MethodNotAllowed', `The requested resource does not support http method '${method}'.`),
};
