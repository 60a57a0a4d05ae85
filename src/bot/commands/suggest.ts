import { EXAMPLE_QUESTIONS } from './examples.ts';

/** Words nearly every example has; sharing them says little. */
const COMMON = new Set(['flows', 'flow', 'this', 'last', 'the', 'in', 'by']);

/**
 * The 3 example questions closest to `text`: most words shared (a typo of one or two letters,
 * or a shared stem like "creat", still counts), then the smallest edit distance. When nothing
 * is shared, the first examples, so the answer always has something to try.
 */
export function suggestQuestions(text: string, examples: readonly string[] = EXAMPLE_QUESTIONS, count = 3): string[] {
  const typed = wordsOf(text);
  const lowered = text.toLowerCase();
  const ranked = examples
    .map((example, index) => ({
      example,
      index,
      score: overlap(typed, wordsOf(example)),
      distance: editDistance(lowered, example.toLowerCase()),
    }))
    .sort((a, b) => b.score - a.score || a.distance - b.distance || a.index - b.index);
  const close = ranked.filter((r) => r.score > 0).map((r) => r.example);
  const fill = examples.filter((e) => !close.includes(e));
  return [...close, ...fill].slice(0, count);
}

function wordsOf(text: string): string[] {
  return text.toLowerCase().match(/[a-z0-9@./-]+/g) ?? [];
}

function overlap(typed: string[], example: string[]): number {
  let score = 0;
  for (const word of typed) {
    const best = Math.max(0, ...example.map((e) => likeness(word, e)));
    score += COMMON.has(word) ? best * 0.2 : best;
  }
  return score;
}

/** 1 for the same word, less for a near miss, 0 for different words. */
function likeness(a: string, b: string): number {
  if (a === b) return 1;
  const shortest = Math.min(a.length, b.length);
  if (shortest >= 4 && editDistance(a, b) <= (shortest >= 7 ? 2 : 1)) return 0.8;
  if (shortest >= 4 && a.slice(0, 4) === b.slice(0, 4)) return 0.6;
  return 0;
}

/**
 * Edit distance where a swap of two neighbouring letters counts as one edit, like an insertion,
 * a deletion or a substitution (optimal string alignment): "cretaed" is one edit from "created".
 */
export function editDistance(a: string, b: string): number {
  let before: number[] = [];
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        current[j] = Math.min(current[j], before[j - 2] + 1);
    }
    [before, previous] = [previous, current];
  }
  return previous[b.length];
}
