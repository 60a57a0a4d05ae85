/**
 * The part of a question not understood yet. Each recogniser takes the words it understands
 * out of it, so what is left at the end tells whether the whole question was understood.
 */
export class Scan {
  constructor(public rest: string) {}

  /** Removes the first match of `pattern` (case-insensitive patterns expected) and returns it. */
  take(pattern: RegExp): RegExpExecArray | null {
    const match = pattern.exec(this.rest);
    if (!match) return null;
    this.replace(match.index, match[0].length, ' ');
    return match;
  }

  /** Replaces `length` characters at `index`, keeping single spaces between words. */
  replace(index: number, length: number, text: string): void {
    this.rest = (this.rest.slice(0, index) + text + this.rest.slice(index + length)).replace(/\s+/g, ' ').trim();
  }

  words(): string[] {
    return this.rest === '' ? [] : this.rest.split(' ');
  }
}
