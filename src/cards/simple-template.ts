/* eslint-disable @typescript-eslint/unbound-method -- the generated code is handed bare helpers on purpose; this file goes with issue 10 */
import { CardDataError, type CardTemplate } from './expand-template.ts';
import { plainJsonBytes } from './json-size.ts';

/**
 * A faster expander for card templates that use only the plainest part of the Adaptive Card
 * Templating language: `${field}` (keeps the value's type), text with `${field}` inside it,
 * `$when: "${field}"` or `"${!field}"`, and `$data: "${field}"` repeating an array element over
 * a list. adaptivecards-templating evaluates every binding through adaptive-expressions, which
 * made expanding 25 result rows cost more than answering the question. Here a template becomes,
 * once, the source of a JavaScript function that builds the card as object literals (the
 * cheapest way V8 has to make objects, and the least garbage): a result card is rendered for
 * every reply, so this is on the hot path. Its output equals adaptivecards-templating's for these
 * templates (test/cards/simple-template.test.ts checks every result template against it), and a
 * template using anything more (functions, paths, `$root`, `$index`) is refused when compiled, so
 * it cannot silently render differently: use compileTemplate for those.
 *
 * Only the template's own structure and constants become source code, each written with
 * JSON.stringify; values from the model are read at run time and inserted as values, never parsed
 * (§4.6: user text with `${…}` stays literal). A binding to a missing, null or non-finite field
 * throws CardDataError instead of leaving `${…}` in the card.
 *
 * `sized` also tells the card's JSON size (UTF-8 bytes): the template's own text is measured
 * once when compiled, so only the inserted values are counted per card (fitting the size limit
 * measures every row). `measure` tells the size alone, building no objects.
 */
type Scope = Record<string, unknown>;

const FIELD = /^[A-Za-z_][A-Za-z0-9_]*$/;
const WHOLE_BINDING = /^\$\{(!?)([^{}]*)\}$/;
const BINDING = /\$\{([^{}]*)\}/g;

export type SizedCardTemplate<Model> = CardTemplate<Model> & {
  sized(model: Model): { card: Record<string, unknown>; bytes: number };
  measure(model: Model): number;
};

/** What one template's generated functions share: JSON bytes written so far, and whether inserted values are counted. */
interface Tally {
  bytes: number;
  counting: boolean;
}

interface Generated {
  build(scope: Scope): Record<string, unknown>;
  measure(scope: Scope): void;
}

export function compileSimpleTemplate<Model extends object>(template: object): SizedCardTemplate<Model> {
  const tally: Tally = { bytes: 0, counting: false };
  const { build, measure } = generate(template, tally);
  const expand = (model: Model) => build(model as Scope);
  const counted = <T>(run: () => T): T => {
    tally.bytes = 0;
    tally.counting = true;
    try {
      return run();
    } finally {
      tally.counting = false;
    }
  };
  return Object.assign(expand, {
    sized: (model: Model) => counted(() => ({ card: build(model as Scope), bytes: tally.bytes })),
    measure: (model: Model) =>
      counted(() => {
        measure(model as Scope);
        return tally.bytes;
      }),
  });
}

/** The template's two functions: one builds the card, one only counts its bytes. */
function generate(template: object, tally: Tally): Generated {
  const builder = new Emitter(false);
  const measurer = new Emitter(true);
  const root = { build: builder.value(template, 's', '$root'), measure: measurer.value(template, 's', '$root') };
  const source = [
    '"use strict";',
    ...builder.functions,
    ...measurer.functions,
    `return { build: (s) => (t.bytes += ${root.build.bytes}, ${root.build.code}), measure: (s) => { t.bytes += ${root.measure.bytes}; ${root.measure.code}; } };`,
  ].join('\n');
  const helpers = runtimeHelpers(tally);
  // eslint-disable-next-line @typescript-eslint/no-implied-eval -- source made only from our template files, every constant through JSON.stringify
  const factory = new Function('t', 'V', 'S', 'X', 'W', 'L', 'E', source) as (...args: unknown[]) => Generated;
  return factory(tally, helpers.value, helpers.piece, helpers.text, helpers.when, helpers.list, helpers.entry);
}

/** The checks and counting the generated code calls, bound to one template's tally. */
function runtimeHelpers(tally: Tally) {
  return {
    /** A whole binding: the value with its type, counted. */
    value(scope: Scope, field: string, path: string): unknown {
      const value = read(scope, field, path);
      if (tally.counting) tally.bytes += plainJsonBytes(value);
      return value;
    },
    /** A binding inside text: its text. */
    piece(scope: Scope, field: string, path: string): string {
      const value = read(scope, field, path);
      if (typeof value !== 'string' && typeof value !== 'number')
        throw new CardDataError(path, `binds ${field} inside text, which is not text or a number`);
      return String(value);
    },
    /** Text joined from pieces, counted. */
    text(joined: string): string {
      if (tally.counting) tally.bytes += plainJsonBytes(joined);
      return joined;
    },
    when(scope: Scope, field: string, path: string): boolean {
      const value = read(scope, field, path);
      if (typeof value !== 'boolean') throw new CardDataError(path, `binds ${field}, which is not a boolean`);
      return value;
    },
    list(scope: Scope, field: string, path: string): unknown[] {
      const value = read(scope, field, path);
      if (!Array.isArray(value)) throw new CardDataError(path, `binds ${field}, which is not a list`);
      return value;
    },
    entry(entry: unknown, field: string, path: string, i: number): Scope {
      if (entry === null || typeof entry !== 'object' || Array.isArray(entry))
        throw new CardDataError(path, `binds ${field}, whose entry ${i} is not an object`);
      return entry as Scope;
    },
  };
}

/** The field's value, which must be bindable (see assertBindable in expandTemplate.ts); `path` is where the template binds it. */
function read(scope: Scope, field: string, path: string): unknown {
  const value = Object.hasOwn(scope, field) ? scope[field] : undefined;
  if (value === null || value === undefined) throw refused(path, field, `is ${value === null ? 'null' : 'missing'}`);
  if (typeof value === 'number' && !Number.isFinite(value)) throw refused(path, field, 'is not a finite number');
  if (typeof value === 'function' || typeof value === 'symbol' || typeof value === 'bigint')
    throw refused(path, field, `is a ${typeof value}`);
  if (typeof value === 'object' && !Array.isArray(value) && Object.getPrototypeOf(value) !== Object.prototype)
    throw refused(path, field, 'is not a plain object');
  return value;
}

function refused(path: string, field: string, problem: string): CardDataError {
  return new CardDataError(path, `binds ${field}, which ${problem}`);
}

function fieldName(expression: string, path: string): string {
  if (!FIELD.test(expression))
    throw new Error(
      `template ${path}: "\${${expression}}" needs compileTemplate (only plain field names are supported here)`,
    );
  return expression;
}

const literal = (value: unknown) => JSON.stringify(value);

/**
 * A JavaScript expression for a template node, in scope `scope` (a variable of the generated
 * code). A constant leaves its JSON size in `bytes` for the enclosing object or array to count
 * once; anything else counts its own bytes when it runs (`bytes` 0).
 */
interface Expression {
  code: string;
  bytes: number;
}

/**
 * Writes the generated code. Arrays whose length depends on the model ($when, $data) become
 * functions of their own (in `functions`); the rest are literals inline. The measuring emitter
 * writes the same walk without building anything.
 */
class Emitter {
  readonly functions: string[] = [];
  private names = 0;

  constructor(private readonly measuring: boolean) {}

  value(node: unknown, scope: string, path: string): Expression {
    if (typeof node === 'string') return this.string(node, scope, path);
    if (Array.isArray(node)) return this.array(node, scope, path);
    if (node !== null && typeof node === 'object') return this.object(node as Scope, scope, path);
    return { code: literal(node), bytes: plainJsonBytes(node) };
  }

  private string(text: string, scope: string, path: string): Expression {
    if (!text.includes('${')) return { code: literal(text), bytes: plainJsonBytes(text) };
    const whole = WHOLE_BINDING.exec(text);
    if (whole) {
      if (whole[1]) throw new Error(`template ${path}: "${text}" is supported only in $when`);
      return { code: `V(${scope}, ${literal(fieldName(whole[2], path))}, ${literal(path)})`, bytes: 0 };
    }
    // Text around bindings: literal pieces and fields, joined when expanded.
    const pieces: string[] = [];
    let last = 0;
    for (const match of text.matchAll(BINDING)) {
      const before = text.slice(last, match.index);
      if (before.includes('${')) throw new Error(`template ${path}: "${text}" needs compileTemplate`);
      if (before) pieces.push(literal(before));
      pieces.push(`S(${scope}, ${literal(fieldName(match[1], path))}, ${literal(path)})`);
      last = match.index + match[0].length;
    }
    const after = text.slice(last);
    if (after.includes('${')) throw new Error(`template ${path}: "${text}" needs compileTemplate`);
    if (after) pieces.push(literal(after));
    // A leading '' keeps a lone number binding turning into text.
    return { code: `X(${['""', ...pieces].join(' + ')})`, bytes: 0 };
  }

  private object(node: Scope, scope: string, path: string): Expression {
    if ('$when' in node || '$data' in node)
      throw new Error(`template ${path}: $when and $data are supported on array elements only`);
    const members = Object.entries(node).map(([key, value]) => {
      if (key === '__proto__') throw new Error(`template ${path}: a member named __proto__ is not supported`);
      return { key, value: this.value(value, scope, `${path}.${key}`) };
    });
    // Braces, `"key":` per member and the commas between members, and the constant values.
    const bytes =
      members.length === 0 ? 2 : 1 + members.reduce((n, m) => n + plainJsonBytes(m.key) + 2 + m.value.bytes, 0);
    if (this.measuring)
      return {
        code: sequence([
          `t.bytes += ${bytes}`,
          ...members.filter((m) => m.value.bytes === 0).map((m) => m.value.code),
          'null',
        ]),
        bytes: 0,
      };
    return {
      code: `(t.bytes += ${bytes}, {${members.map((m) => `${literal(m.key)}: ${m.value.code}`).join(', ')}})`,
      bytes: 0,
    };
  }

  private array(items: unknown[], scope: string, path: string): Expression {
    // An array of the model's length is a function of its own, whose scope is its parameter `s`.
    const fixedLength = items.every((item) => !isRepeatedOrOptional(item));
    const elements = items.map((item, i) => this.element(item, fixedLength ? scope : 's', `${path}[${i}]`));
    const constantBytes = elements.reduce((n, e) => n + (e.kind === 'plain' ? e.value.bytes : 0), 0);
    if (fixedLength) {
      // Brackets and the commas between elements.
      const bytes = (items.length === 0 ? 2 : items.length + 1) + constantBytes;
      if (this.measuring)
        return {
          code: sequence([
            `t.bytes += ${bytes}`,
            ...elements.filter((e) => e.value.bytes === 0).map((e) => e.value.code),
            'null',
          ]),
          bytes: 0,
        };
      return { code: `(t.bytes += ${bytes}, [${elements.map((e) => e.value.code).join(', ')}])`, bytes: 0 };
    }
    const name = `${this.measuring ? 'm' : 'b'}${this.names++}`;
    const add = (code: string) => (this.measuring ? `${code}; n++;` : `a.push(${code});`);
    const body = elements.map((e) => {
      if (e.kind === 'plain') return add(e.value.code);
      if (e.kind === 'when')
        return `if (W(s, ${literal(e.field)}, ${literal(e.path)}) === ${!e.negate}) { ${add(e.value.code)} }`;
      return `{ const l = L(s, ${literal(e.field)}, ${literal(e.path)}); for (let i = 0; i < l.length; i++) { const e = E(l[i], ${literal(e.field)}, ${literal(e.path)}, i); ${add(e.value.code)} } }`;
    });
    const count = this.measuring ? 'n' : 'a.length';
    this.functions.push(
      [
        `function ${name}(s) {`,
        this.measuring ? '  let n = 0;' : '  const a = [];',
        ...body.map((line) => `  ${line}`),
        // Brackets and the commas between elements, and the constant elements.
        `  t.bytes += (${count} === 0 ? 2 : ${count} + 1) + ${constantBytes};`,
        this.measuring ? '  return null;' : '  return a;',
        '}',
      ].join('\n'),
    );
    return { code: `${name}(${scope})`, bytes: 0 };
  }

  /** An array element: plain, kept by `$when`, or repeated by `$data` (whose body is in scope `e`). */
  private element(item: unknown, scope: string, path: string) {
    if (!isRepeatedOrOptional(item)) return { kind: 'plain' as const, value: this.value(item, scope, path) };
    const { $when, $data, ...rest } = item;
    if ($when !== undefined && $data !== undefined)
      throw new Error(`template ${path}: $when together with $data needs compileTemplate`);
    if ($when !== undefined) {
      const binding = typeof $when === 'string' ? WHOLE_BINDING.exec($when) : null;
      if (!binding) throw new Error(`template ${path}: $when must be "\${field}" or "\${!field}"`);
      return {
        kind: 'when' as const,
        negate: binding[1] === '!',
        field: fieldName(binding[2], path),
        path,
        value: this.object(rest, scope, path),
      };
    }
    const binding = typeof $data === 'string' ? WHOLE_BINDING.exec($data) : null;
    if (!binding || binding[1]) throw new Error(`template ${path}: $data must be "\${field}"`);
    return { kind: 'data' as const, field: fieldName(binding[2], path), path, value: this.object(rest, 'e', path) };
  }
}

function isRepeatedOrOptional(item: unknown): item is Scope {
  return item !== null && typeof item === 'object' && !Array.isArray(item) && ('$when' in item || '$data' in item);
}

/** A comma expression of the parts, which run in order. */
function sequence(parts: string[]): string {
  return `(${parts.join(', ')})`;
}
