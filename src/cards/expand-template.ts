import { createRequire } from 'node:module';

/**
 * adaptivecards-templating 2.3.1's typings import `adaptivecards/src/schema`, a .ts source that
 * fails our strict type-check (skipLibCheck skips only .d.ts), so the module is loaded untyped and
 * given the small surface we use.
 */
interface TemplatingModule {
  Template: new (payload: object) => { expand(context: { $root: unknown }): unknown };
}
const ACData = createRequire(import.meta.url)('adaptivecards-templating') as TemplatingModule;

export class CardDataError extends Error {
  readonly code = 'card_data_invalid';
  constructor(
    readonly path: string,
    problem: string,
  ) {
    super(`card data ${path} ${problem}`);
    this.name = 'CardDataError';
  }
}

/**
 * Throws unless every value under `data` is a string, finite number, boolean, array or plain
 * object. adaptivecards-templating leaves a binding to a missing or null field in the card as
 * literal `${…}` text, and its substitution hook ignores empty strings (teams-platform.md §4.6),
 * so the view model must be complete before it is expanded.
 */
export function assertBindable(data: unknown, path = '$root'): void {
  if (typeof data === 'string' || typeof data === 'boolean') return;
  if (typeof data === 'number') {
    if (!Number.isFinite(data)) throw new CardDataError(path, 'is not a finite number');
    return;
  }
  if (Array.isArray(data)) {
    data.forEach((item, i) => assertBindable(item, `${path}[${i}]`));
    return;
  }
  if (data !== null && typeof data === 'object' && Object.getPrototypeOf(data) === Object.prototype) {
    for (const [key, value] of Object.entries(data)) assertBindable(value, `${path}.${key}`);
    return;
  }
  throw new CardDataError(path, `is ${data === null ? 'null' : typeof data}`);
}

export type CardTemplate<Model> = (model: Model) => Record<string, unknown>;

/**
 * Parses a card template once and returns a pure function that expands it with a validated
 * model. Values from the model are inserted as values, never parsed as expressions, so user text
 * containing `${…}` stays literal (§4.6); templates themselves are never built from input.
 */
export function compileTemplate<Model extends object>(template: object): CardTemplate<Model> {
  const compiled = new ACData.Template(template);
  return (model) => {
    assertBindable(model);
    return compiled.expand({ $root: model }) as Record<string, unknown>;
  };
}
