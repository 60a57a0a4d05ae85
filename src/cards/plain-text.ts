/**
 * Untrusted text for a TextRun: one line, no control characters, at most `max` characters.
 * TextRun never renders markdown (teams-platform.md §4.5), so this is about layout and size, not
 * escaping (bidi overrides are dropped too, so a name cannot reorder what follows it); it also keeps one giant flow name from pushing a card over the size limit.
 */
export function plainText(value: string | null | undefined, max = 200): string {
  if (!value) return '';
  // Most text has nothing to clean: one test instead of two replacements and a trim.
  if (value.length <= max && !NEEDS_CLEANING.test(value)) return value;

  const oneLine = value
    .replace(/[\u0000-\u001f\u007f-\u009f\u200e\u200f\u2028-\u202e\u2066-\u2069]+/g, ' ')
    .replace(/\s{2,}/g, ' ')
    .trim();
  return oneLine.length > max ? `${oneLine.slice(0, max - 1)}…` : oneLine;
}

/** What the replacements above would change: a control or bidi character, two spaces, or space at either end. */

const NEEDS_CLEANING = /[\u0000-\u001f\u007f-\u009f\u200e\u200f\u2028-\u202e\u2066-\u2069]|\s\s|^\s|\s$/;
