/** Argument checks both stores make before reading, so a bad page fails the same way in each. */
import type { Page } from '../model/event-query.ts';

export function checkPage(page: Page): void {
  if (!Number.isInteger(page.limit) || page.limit < 0)
    throw new RangeError(`page limit ${page.limit} is not a whole number >= 0`);
  if (!Number.isInteger(page.offset) || page.offset < 0)
    throw new RangeError(`page offset ${page.offset} is not a whole number >= 0`);
}

export function checkLimit(limit: number): void {
  if (!Number.isInteger(limit) || limit < 0) throw new RangeError(`limit ${limit} is not a whole number >= 0`);
}
