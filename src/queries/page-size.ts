/**
 * Rows (events, makers or connectors) one answer shows at a time: the bot asks for this many and
 * the card shows at most this many (fewer when the size limit cuts), offering Show more.
 */
export const PAGE_SIZE = 25;
