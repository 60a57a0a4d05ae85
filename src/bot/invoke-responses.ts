/**
 * Bodies of `adaptiveCard/action` invoke responses. The HTTP status is always 200; the body's
 * statusCode and type say what happened (teams-platform.md §4.3).
 */
import type { Activity, AdaptiveCardInvokeResponse } from 'botbuilder';

export const ADAPTIVE_CARD_CONTENT_TYPE = 'application/vnd.microsoft.card.adaptive';
export const ERROR_CONTENT_TYPE = 'application/vnd.microsoft.error';

/** The card replaces the one that was clicked, in place. */
export function cardInvokeResponse(card: object): AdaptiveCardInvokeResponse {
  return { statusCode: 200, type: ADAPTIVE_CARD_CONTENT_TYPE, value: card as Record<string, unknown> };
}

/** An error the client shows; `message` must be safe to show (never an exception's text). */
export function errorInvokeResponse(statusCode: 400 | 500, code: string, message: string): AdaptiveCardInvokeResponse {
  return { statusCode, type: ERROR_CONTENT_TYPE, value: { code, message } };
}

/** The activity CloudAdapter turns into the HTTP response of an invoke (used from onTurnError). */
export function invokeResponseActivity(body: AdaptiveCardInvokeResponse): Partial<Activity> {
  return { type: 'invokeResponse', value: { status: 200, body } };
}
