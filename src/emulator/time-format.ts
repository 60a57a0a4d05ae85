/** Time formats of the Management Activity API (audit-apis.md §1.5, §1.6). */

const TWO_DIGITS: string[] = Array.from({ length: 60 }, (_, i) => String(i).padStart(2, '0'));
let cachedHour = Number.NaN;
let cachedHourPrefix = '';

/**
 * `CreationTime`: UTC without a zone suffix, whole seconds, e.g. `2026-05-04T09:12:44`. Called
 * for every generated record, so the `YYYY-MM-DDTHH:` prefix of the last hour is reused.
 */
export function formatCreationTime(ms: number): string {
  const hour = Math.floor(ms / HOUR_MS);
  if (hour !== cachedHour) {
    cachedHour = hour;
    cachedHourPrefix = new Date(hour * HOUR_MS).toISOString().slice(0, 14);
  }
  const secondsInHour = Math.floor((ms - hour * HOUR_MS) / 1000);
  return `${cachedHourPrefix}${TWO_DIGITS[Math.floor(secondsInHour / 60)]}:${TWO_DIGITS[secondsInHour % 60]}`;
}

/** `contentCreated` / `contentExpiration`: milliseconds and `Z`, e.g. `2026-05-04T09:30:15.123Z`. */
export function formatContentTime(ms: number): string {
  return new Date(ms).toISOString();
}

/** `20260504093015123`: the digits that open a contentId. */
export function compactTimestamp(ms: number): string {
  return new Date(ms).toISOString().replace(/[-:T.Z]/g, '');
}

export const MINUTE_MS = 60_000;
export const HOUR_MS = 3_600_000;
export const DAY_MS = 86_400_000;
