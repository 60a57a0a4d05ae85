import { CardDataError, type CardTemplate } from './expandTemplate.ts';
import { plainJsonBytes } from './jsonSize.ts';

/**
 * A faster expander for card templates that use only the plainest part of the Adaptive Card
 * Templating language: `${field}` (keeps the value's type), text with `${field}` inside it,
 * `$when: "${field}"` or `"${!field}"`, and `$data: "${field}"` repeating an array element over
 * a list. adaptivecards-templating evaluates every binding through adaptive-expressions, which
 * made expanding 25 result rows cost more than answering the question; this walks a tree built
 * once per template instead. Its output equals adaptivecards-templating's for these templates
 * (test/cards/simpleTemplate.test.ts checks every result template against it), and a template
 * using anything more (functions, paths, `$root`, `$index`) is refused when compiled, so it
 * cannot silently render differently: use compileTemplate for those.
 *
 * Like compileTemplate, values are inserted as values and never parsed (§4.6: user text with
 * `${…}` stays literal), and a binding to a missing, null or non-finite field throws
 * CardDataError instead of leaving `${…}` in the card.
 *
 * `sized` also tells the card's JSON size (UTF-8 bytes): the template's own text is measured
 * once when compiled, so only the inserted values are counted per card (fitting the size limit
 * measures every row). `measure` tells the size alone, building no objects.
 */
type Scope = Record<string, unknown>;
type Node = (scope: Scope) => unknown;
/** An array element: zero or more values (dropped by `$when`, repeated by `$data`), pushed to `out` unless measuring; returns how many. */
type ElementNode = (scope: Scope, out: unknown[] | null) => number;

const FIELD = /^[A-Za-z_][A-Za-z0-9_]*$/;
const WHOLE_BINDING = /^\$\{(!?)([^{}]*)\}$/;
const BINDING = /\$\{([^{}]*)\}/g;

export type SizedCardTemplate<Model> = CardTemplate<Model> & {
  sized(model: Model): { card: Record<string, unknown>; bytes: number };
  measure(model: Model): number;
};

/** JSON bytes of what the nodes expanded so far wrote; expansion is synchronous, so one counter serves. */
let written = 0;
/** Whether to count inserted values (the only part of counting that costs anything). */
let counting = false;
/** Whether only the size is wanted: objects and arrays are counted, not built. */
let measuring = false;

export function compileSimpleTemplate<Model extends object>(template: object): SizedCardTemplate<Model> {
  const root = compileNode(template, '$root');
  const expand = (model: Model) => root(model as Scope) as Record<string, unknown>;
  return Object.assign(expand, {
    sized(model: Model) {
      written = 0;
      counting = true;
      try {
        const card = expand(model);
        return { card, bytes: written };
      } finally {
        counting = false;
      }
    },
    measure(model: Model) {
      written = 0;
      counting = true;
      measuring = true;
      try {
        root(model as Scope);
        return written;
      } finally {
        counting = false;
        measuring = false;
      }
    },
  });
}

function compileNode(node: unknown, path: string): Node {
  if (typeof node === 'string') return compileString(node, path);
  if (Array.isArray(node)) return compileArray(node, path);
  if (node !== null && typeof node === 'object') return compileObject(node as Scope, path);
  const bytes = plainJsonBytes(node);
  return () => {
    written += bytes;
    return node;
  };
}

function fieldName(expression: string, path: string): string {
  if (!FIELD.test(expression)) throw new Error(`template ${path}: "\${${expression}}" needs compileTemplate (only plain field names are supported here)`);
  return expression;
}

function refused(path: string, field: string, problem: string): CardDataError {
  return new CardDataError(path, `binds ${field}, which ${problem}`);
}

/** The field's value, which must be bindable (see assertBindable in expandTemplate.ts); `path` is where the template binds it. */
function read(scope: Scope, field: string, path: string): unknown {
  const value = Object.hasOwn(scope, field) ? scope[field] : undefined;
  if (value === null || value === undefined) throw refused(path, field, `is ${value === null ? 'null' : 'missing'}`);
  if (typeof value === 'number' && !Number.isFinite(value)) throw refused(path, field, 'is not a finite number');
  if (typeof value === 'function' || typeof value === 'symbol' || typeof value === 'bigint') throw refused(path, field, `is a ${typeof value}`);
  if (typeof value === 'object' && !Array.isArray(value) && Object.getPrototypeOf(value) !== Object.prototype) throw refused(path, field, 'is not a plain object');
  return value;
}

function compileString(text: string, path: string): Node {
  if (!text.includes('${')) {
    const bytes = plainJsonBytes(text);
    return () => {
      written += bytes;
      return text;
    };
  }
  const whole = WHOLE_BINDING.exec(text);
  if (whole) {
    if (whole[1]) throw new Error(`template ${path}: "${text}" is supported only in $when`);
    const field = fieldName(whole[2]!, path);
    return (scope) => {
      const value = read(scope, field, path);
      if (counting) written += plainJsonBytes(value);
      return value;
    };
  }
  // Text around bindings: literal pieces and fields, joined when expanded.
  const pieces: Array<string | { field: string }> = [];
  let last = 0;
  for (const match of text.matchAll(BINDING)) {
    pieces.push(text.slice(last, match.index));
    pieces.push({ field: fieldName(match[1]!, path) });
    last = match.index! + match[0].length;
  }
  pieces.push(text.slice(last));
  if (pieces.some((p) => typeof p === 'string' && p.includes('${'))) throw new Error(`template ${path}: "${text}" needs compileTemplate`);
  return (scope) => {
    let out = '';
    for (const piece of pieces) {
      if (typeof piece === 'string') {
        out += piece;
        continue;
      }
      const value = read(scope, piece.field, path);
      if (typeof value !== 'string' && typeof value !== 'number') throw new CardDataError(path, `binds ${piece.field} inside text, which is not text or a number`);
      out += String(value);
    }
    if (counting) written += plainJsonBytes(out);
    return out;
  };
}

function compileObject(node: Scope, path: string): Node {
  if ('$when' in node || '$data' in node) throw new Error(`template ${path}: $when and $data are supported on array elements only`);
  const entries = Object.entries(node).map(([key, value]) => [key, compileNode(value, `${path}.${key}`)] as const);
  // Braces, `"key":` per member and the commas between members; the values count themselves.
  const bytes = entries.length === 0 ? 2 : 1 + entries.reduce((n, [key]) => n + plainJsonBytes(key) + 2, 0);
  return (scope) => {
    written += bytes;
    if (measuring) {
      for (const [, value] of entries) value(scope);
      return null;
    }
    const out: Scope = {};
    for (const [key, value] of entries) out[key] = value(scope);
    return out;
  };
}

function compileArray(items: unknown[], path: string): Node {
  const elements = items.map((item, i) => compileElement(item, `${path}[${i}]`));
  return (scope) => {
    const out = measuring ? null : [];
    let count = 0;
    for (const element of elements) count += element(scope, out);
    // Brackets and the commas between elements.
    written += count === 0 ? 2 : count + 1;
    return out;
  };
}

function compileElement(item: unknown, path: string): ElementNode {
  if (item === null || typeof item !== 'object' || Array.isArray(item) || !('$when' in item || '$data' in item)) {
    const node = compileNode(item, path);
    return (scope, out) => {
      const value = node(scope);
      out?.push(value);
      return 1;
    };
  }
  const { $when, $data, ...rest } = item as Scope;
  if ($when !== undefined && $data !== undefined) throw new Error(`template ${path}: $when together with $data needs compileTemplate`);
  const body = compileObject(rest, path);
  if ($when !== undefined) {
    const binding = typeof $when === 'string' ? WHOLE_BINDING.exec($when) : null;
    if (!binding) throw new Error(`template ${path}: $when must be "\${field}" or "\${!field}"`);
    const negate = binding[1] === '!';
    const field = fieldName(binding[2]!, path);
    return (scope, out) => {
      const value = read(scope, field, path);
      if (typeof value !== 'boolean') throw new CardDataError(path, `binds ${field}, which is not a boolean`);
      if (value === negate) return 0;
      const element = body(scope);
      out?.push(element);
      return 1;
    };
  }
  const binding = typeof $data === 'string' ? WHOLE_BINDING.exec($data) : null;
  if (!binding || binding[1]) throw new Error(`template ${path}: $data must be "\${field}"`);
  const field = fieldName(binding[2]!, path);
  return (scope, out) => {
    const list = read(scope, field, path);
    if (!Array.isArray(list)) throw new CardDataError(path, `binds ${field}, which is not a list`);
    list.forEach((entry, i) => {
      if (entry === null || typeof entry !== 'object' || Array.isArray(entry)) throw new CardDataError(path, `binds ${field}, whose entry ${i} is not an object`);
      const element = body(entry as Scope);
      out?.push(element);
    });
    return list.length;
  };
}
