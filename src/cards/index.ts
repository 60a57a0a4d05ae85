/** Cards the bot and the digest send: pure functions from typed models to Adaptive Card JSON. */
export { renderResultCard } from './resultCard.ts';
export { renderHelpCard, HELP_EXAMPLES } from './helpCard.ts';
export { renderNoticeCard } from './noticeCard.ts';
export { CARD_SIZE_LIMIT_BYTES, cardSizeBytes } from './cardSize.ts';
export type { CardActionData, CardContext } from './resultCardModel.ts';
