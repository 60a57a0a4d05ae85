/** The words the parser knows, read from its own patterns so the typo corrector never falls behind them. */

/**
 * The words a pattern spells out: its source without escapes (\b, \s, \d) and character classes,
 * with both forms of an optional last letter ("flows?" gives "flow" and "flows").
 */
export function wordsOfPatterns(patterns: readonly RegExp[]): string[] {
  return patterns.flatMap((pattern) =>
    (
      pattern.source
        .replace(/\\[a-zA-Z]/g, ' ')
        .replace(/\[[^\]]*\]/g, ' ')
        .toLowerCase()
        .match(/[a-z]+\??/g) ?? []
    )
      .flatMap((word) => (word.endsWith('?') ? [word.slice(0, -2), word.slice(0, -1)] : [word]))
      .filter((word) => word.length >= 3),
  );
}
