/**
 * A small seeded pseudo-random generator (sfc32, seeded through splitmix32), so that a seed always
 * yields the same tenant, the same blobs and the same fault sequence. Never Math.random.
 */
export class Random {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  constructor(seed: number) {
    let s = seed >>> 0;
    const next = (): number => {
      s = (s + 0x9e3779b9) >>> 0;
      let z = s;
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
      return (z ^ (z >>> 16)) >>> 0;
    };
    this.a = next();
    this.b = next();
    this.c = next();
    this.d = next();
    for (let i = 0; i < 12; i++) this.uint32();
  }

  /** An independent stream for one concern (data, faults, …): the same seed and stream number always give the same numbers. */
  static derive(seed: number, stream: number): Random {
    return new Random(Math.imul(seed >>> 0, 0x9e3779b1) ^ Math.imul(stream + 1, 0x632be5ab));
  }

  uint32(): number {
    const t = (((this.a + this.b) >>> 0) + this.d) >>> 0;
    this.d = (this.d + 1) >>> 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) >>> 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) >>> 0;
    return t;
  }

  /** A float in [0, 1). */
  next(): number {
    return this.uint32() / 4294967296;
  }

  /** An integer in [min, max] (both inclusive). */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  chance(probability: number): boolean {
    return this.next() < probability;
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error('pick from an empty list');
    return items[Math.floor(this.next() * items.length)];
  }

  /** Picks a value by weight: `[[value, weight], …]`. Index loops: this runs for every generated record. */
  weighted<T>(choices: ReadonlyArray<readonly [T, number]>): T {
    let total = 0;
    for (let i = 0; i < choices.length; i++) total += choices[i][1];
    let r = this.next() * total;
    for (let i = 0; i < choices.length; i++) {
      r -= choices[i][1];
      if (r < 0) return choices[i][0];
    }
    return choices[choices.length - 1][0];
  }

  /** A version-4-shaped GUID, lower case. Built from lookup tables: every generated record needs several. */
  guid(): string {
    const a = this.uint32();
    const b = this.uint32();
    const c = this.uint32();
    const d = this.uint32();
    return (
      HEX[a >>> 24] +
      HEX[(a >>> 16) & 255] +
      HEX[(a >>> 8) & 255] +
      HEX[a & 255] +
      '-' +
      HEX[b >>> 24] +
      HEX[(b >>> 16) & 255] +
      '-4' +
      NIBBLE[(b >>> 8) & 15] +
      HEX[b & 255] +
      '-' +
      VARIANT[(c >>> 24) & 3] +
      NIBBLE[c >>> 28] +
      HEX[(c >>> 16) & 255] +
      '-' +
      HEX[(c >>> 8) & 255] +
      HEX[c & 255] +
      HEX[(d >>> 24) & 255] +
      HEX[(d >>> 16) & 255] +
      HEX[(d >>> 8) & 255] +
      HEX[d & 255]
    );
  }
}

const NIBBLE = '0123456789abcdef';
const VARIANT = '89ab';
const HEX: string[] = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));
