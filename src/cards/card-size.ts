/**
 * Cards stay under 28 KB of JSON: the oldest and strictest Teams figure (Incoming Webhooks; bot
 * messages were once 40 KB, now about 100 KB with 80 KB advised), so a card that fits here fits
 * every surface it may be forwarded to (teams-platform.md §4.1).
 */
export const CARD_SIZE_LIMIT_BYTES = 28_000;

/** Size of the card as sent: UTF-8 bytes of its JSON. */
export function cardSizeBytes(card: object): number {
  return Buffer.byteLength(JSON.stringify(card), 'utf8');
}

/**
 * The largest n in [0, max] for which render(n) fits the limit, found by binary search (the size
 * grows with n), and that rendering. When even n = 0 does not fit, that smallest card is returned.
 */
export function fitRows<Card extends object>(
  max: number,
  render: (rows: number) => Card,
  limit = CARD_SIZE_LIMIT_BYTES,
): { rows: number; card: Card } {
  const all = render(max);
  if (cardSizeBytes(all) <= limit) return { rows: max, card: all };
  let best = { rows: 0, card: render(0) };
  let lo = 1;
  let hi = max - 1;
  while (lo <= hi) {
    const mid = Math.floor((lo + hi) / 2);
    const card = render(mid);
    if (cardSizeBytes(card) <= limit) {
      best = { rows: mid, card };
      lo = mid + 1;
    } else {
      hi = mid - 1;
    }
  }
  return best;
}

/**
 * The largest k in [0, rowSizes.length] for which the card with the first k rows fits the limit.
 * `rowSizes` are the JSON sizes of the rows and `sizeOf(k)` the size of the card with k rows;
 * the first guess comes from the rows' running sum and a few calls to sizeOf correct it. When
 * even k = 0 does not fit, 0.
 */
export function fitSizedRows(
  rowSizes: number[],
  sizeOf: (rows: number) => number,
  limit = CARD_SIZE_LIMIT_BYTES,
): number {
  const all = rowSizes.length;
  let rows = 0;
  // +1 per row for the comma between array elements.
  for (let used = sizeOf(0); rows < all && used + rowSizes[rows] + 1 <= limit; rows++) used += rowSizes[rows] + 1;
  // The card around the rows changes a little with their number (left-out count, Show more).
  while (rows > 0 && sizeOf(rows) > limit) rows -= 1;
  while (rows < all && sizeOf(rows + 1) <= limit) rows += 1;
  return rows;
}
