/**
 * The part of a question not understood yet. Each recogniser takes the words it understands
 * out of it, so what is left at the end tells whether the whole question was understood.
 *
 * Work stays linear in the text: each recogniser scans the rest once (take, or takeEach for every
 * match in one pass), and `steps` counts the characters those scans and rebuilds went over, so a
 * test can hold the parser to a bound (test/commands/parse-cost.test.ts). The patterns given here
 * run over user text, so none may backtrack over it (no nested or adjacent overlapping repeats).
 */
export class Scan {
  /** Characters scanned or rebuilt so far. */
  steps = 0;

  constructor(public rest: string) {}

  /** Removes the first match of `pattern` (case-insensitive patterns expected) and returns it. */
  take(pattern: RegExp): RegExpExecArray | null {
    this.steps += this.rest.length;
    const match = pattern.exec(this.rest);
    if (!match) return null;
    this.replace(match.index, match[0].length, ' ');
    return match;
  }

  /** Removes every match of `pattern`, left to right in one pass, and returns them. */
  takeEach(pattern: RegExp): RegExpExecArray[] {
    this.steps += this.rest.length;
    const matches = [...this.rest.matchAll(globalCopy(pattern))];
    if (matches.length > 0) this.rewrite(this.rest.replace(globalCopy(pattern), ' '));
    return matches;
  }

  /** Replaces `length` characters at `index`, keeping single spaces between words. */
  replace(index: number, length: number, text: string): void {
    this.rewrite(this.rest.slice(0, index) + text + this.rest.slice(index + length));
  }

  /** Sets the rest to `text`, with single spaces between words. */
  rewrite(text: string): void {
    this.steps += text.length;
    this.rest = text.replace(/\s+/g, ' ').trim();
  }

  words(): string[] {
    this.steps += this.rest.length;
    return this.rest === '' ? [] : this.rest.split(' ');
  }
}

const GLOBAL = new WeakMap<RegExp, RegExp>();

/** The same pattern with the g flag, made once per pattern (matchAll and replace-all need it). */
function globalCopy(pattern: RegExp): RegExp {
  let global = GLOBAL.get(pattern);
  if (!global) {
    global = new RegExp(pattern.source, pattern.flags.includes('g') ? pattern.flags : pattern.flags + 'g');
    GLOBAL.set(pattern, global);
  }
  global.lastIndex = 0;
  return global;
}
