/**
 * The Refresh and Show more of the cards that are not event answers: the estate card ("which
 * flows use HTTP") and the connections and data policies card. Each verb's data is read back
 * strictly; a click on an old client's Action.Submit fallback arrives as a message (§4.2).
 */
import type { AdaptiveCardInvokeResponse } from 'botbuilder';
import { answerGovernance, type AnswerDeps } from './answer.ts';
import { answerEstate, ESTATE_VERBS, readEstateActionData } from './estate-answer.ts';
import { GOVERNANCE_VERBS, readGovernanceActionData } from './governance-actions.ts';
import { cardInvokeResponse, errorInvokeResponse } from './invoke-responses.ts';

export function isInventoryCardVerb(verb: unknown): boolean {
  return typeof verb === 'string' && (ESTATE_VERBS.has(verb) || GOVERNANCE_VERBS.has(verb));
}

/** The card for an Action.Execute of one of these verbs; 400 with a plain reason when its data is off. */
export async function answerInventoryCardInvoke(
  verb: string,
  data: unknown,
  timeZone: string,
  deps: AnswerDeps,
): Promise<AdaptiveCardInvokeResponse> {
  const card = await cardFor(verb, data, timeZone, deps);
  return card
    ? cardInvokeResponse(card)
    : errorInvokeResponse(400, 'BadActionData', 'This card is out of date. Ask the question again.');
}

/** The card for an Action.Submit fallback's message value, or null when it is not one of these buttons. */
export function answerInventoryCardSubmit(value: unknown, timeZone: string, deps: AnswerDeps): Promise<object | null> {
  const verb = (value as { verb?: unknown } | null | undefined)?.verb;
  return typeof verb === 'string' && isInventoryCardVerb(verb)
    ? cardFor(verb, value, timeZone, deps)
    : Promise.resolve(null);
}

async function cardFor(verb: string, data: unknown, timeZone: string, deps: AnswerDeps): Promise<object | null> {
  if (ESTATE_VERBS.has(verb)) {
    const read = readEstateActionData(data);
    return read ? answerEstate(read.estate, read.offset, { timeZone }, deps) : null;
  }
  const read = readGovernanceActionData(data);
  return read ? answerGovernance(read.governance, read.offset, { timeZone }, deps) : null;
}
