/** Cards the bot and the digest send: pure functions from typed models to Adaptive Card JSON. */
export { renderResultCard } from './result-card.ts';
export { renderHelpCard, HELP_EXAMPLES } from './help-card.ts';
export { renderNoticeCard } from './notice-card.ts';
export { CARD_SIZE_LIMIT_BYTES, cardSizeBytes } from './card-size.ts';
export type { CardActionData, CardContext } from './result-card-model.ts';
