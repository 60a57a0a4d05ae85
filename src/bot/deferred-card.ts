/**
 * A card rendered when it is serialized rather than when the answer is ready. Between answering
 * and the Bot Connector's reply to the send, the SDK keeps the outgoing activity, and with it
 * the card: hundreds of objects per reply in flight, which every garbage collection of the
 * young generation copies while 50 conversations wait. Held as the query result it is rendered
 * from, the card exists only while JSON.stringify writes the request (toJSON) and dies young.
 *
 * Rendering is pure (the answer's clock is captured), so serializing twice writes the same card.
 * Anything that reads the card as an object, not as JSON, takes `renderNow(card)` first.
 */
export class DeferredCard {
  constructor(private readonly renderCard: () => Record<string, unknown>) {}

  /** JSON.stringify calls this: the card is rendered as the request body is written. */
  toJSON(): Record<string, unknown> {
    return this.renderCard();
  }

  render(): Record<string, unknown> {
    return this.renderCard();
  }
}

/** The card as an object: a deferred card rendered, any other card as it is. */
export function renderNow(card: object): Record<string, unknown> {
  return (card instanceof DeferredCard ? card.render() : card) as Record<string, unknown>;
}
