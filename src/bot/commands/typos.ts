/**
 * Typo tolerance over the parser's own vocabulary (issue 13): "flwos" reads as "flows",
 * "yesterady" as "yesterday". A word is corrected only when it is not a vocabulary word itself,
 * is long enough that one slip still leaves it recognisable (4 letters for one edit, 8 for two),
 * and exactly one vocabulary word is that close: an ambiguous word is left as typed, so the parser
 * does not understand it and says so, rather than guessing. Edits count a swap of two neighbouring
 * letters as one ("cretaed"), the commonest slip on a keyboard.
 *
 * Lookup is by deletion neighbourhoods (the SymSpell method): every vocabulary word is indexed
 * under the strings left after deleting one or two of its letters, so a typed word is checked by
 * looking up its own deletions, a cost that depends on the word's length, not the vocabulary's.
 */
import { editDistance } from './suggest.ts';

export interface Correction {
  from: string;
  to: string;
}

export interface TypoCorrector {
  /** The text with its corrected words, and which words were corrected. `steps` grows by the lookups made. */
  correct(text: string, counter?: { steps: number }): { text: string; corrections: Correction[] };
}

/** Shortest word corrected by one edit, and by two. Shorter words are too often other words. */
const MIN_LENGTH_ONE_EDIT = 4;
const MIN_LENGTH_TWO_EDITS = 8;
/** Words that cannot be vocabulary: addresses, dates, zones, ids and numbers are never corrected. */
const NOT_A_WORD = /[^a-z'-]/;

function deletions(word: string, depth: number): Set<string> {
  let level = new Set([word]);
  const all = new Set<string>();
  for (let d = 0; d < depth; d++) {
    const next = new Set<string>();
    for (const w of level) for (let i = 0; i < w.length; i++) next.add(w.slice(0, i) + w.slice(i + 1));
    next.forEach((w) => all.add(w));
    level = next;
  }
  return all;
}

export function typoCorrector(vocabulary: Iterable<string>): TypoCorrector {
  const words = new Set([...vocabulary].map((w) => w.toLowerCase()).filter((w) => !NOT_A_WORD.test(w)));
  const longest = Math.max(...[...words].map((w) => w.length));
  const index = new Map<string, Set<string>>();
  const add = (key: string, word: string) => {
    let set = index.get(key);
    if (!set) index.set(key, (set = new Set()));
    set.add(word);
  };
  for (const word of words) {
    add(word, word);
    for (const key of deletions(word, 2)) add(key, word);
  }

  function closest(typed: string, counter: { steps: number }): string | null {
    if (typed.length < MIN_LENGTH_ONE_EDIT || typed.length > longest + 2 || words.has(typed) || NOT_A_WORD.test(typed))
      return null;
    const maxEdits = typed.length >= MIN_LENGTH_TWO_EDITS ? 2 : 1;
    const candidates = new Set<string>();
    for (const key of [typed, ...deletions(typed, maxEdits)]) {
      counter.steps++;
      index.get(key)?.forEach((w) => candidates.add(w));
    }
    let best: string | null = null;
    let bestDistance = maxEdits + 1;
    let tie = false;
    for (const candidate of candidates) {
      counter.steps += candidate.length;
      const distance = editDistance(typed, candidate);
      if (distance < bestDistance) [best, bestDistance, tie] = [candidate, distance, false];
      else if (distance === bestDistance) tie = true;
    }
    return best !== null && !tie && bestDistance <= maxEdits ? best : null;
  }

  return {
    correct(text, counter = { steps: 0 }) {
      const corrections: Correction[] = [];
      const corrected = text.split(' ').map((word) => {
        const to = closest(word.toLowerCase(), counter);
        if (to === null) return word;
        corrections.push({ from: word, to });
        return to;
      });
      return { text: corrected.join(' '), corrections };
    },
  };
}
