/** Helpers that look into rendered cards the way a client would. */
import * as AC from 'adaptivecards';

type Node = Record<string, unknown>;

/**
 * The one walker tests use over Adaptive Card JSON (body, items, columns, inlines, actions,
 * fallbacks: every nested object). Every object in the card, depth first; members named in
 * `skip` are not entered (action `data`, which holds the query and not what the card shows).
 */
export function nodes(card: unknown, skip: readonly string[] = []): Node[] {
  const out: Node[] = [];
  const visit = (value: unknown) => {
    if (Array.isArray(value)) value.forEach(visit);
    else if (value !== null && typeof value === 'object') {
      out.push(value as Node);
      for (const [key, member] of Object.entries(value)) if (!skip.includes(key)) visit(member);
    }
  };
  visit(card);
  return out;
}

export const ofType = (card: unknown, type: string) => nodes(card).filter((n) => n.type === type);

/** Every string value in the card, with the key it sits under. */
export function strings(card: unknown): Array<{ key: string; value: string }> {
  return nodes(card).flatMap((n) =>
    Object.entries(n)
      .filter(([, v]) => typeof v === 'string')
      .map(([key, value]) => ({ key, value: value as string })),
  );
}

/** The text of each RichTextBlock (its TextRuns joined), in order. */
export function lines(card: unknown): string[] {
  return ofType(card, 'RichTextBlock').map((b) => (b.inlines as Node[]).map((r) => String(r.text)).join(''));
}

/** The event, maker or connector rows of a result card: the items of its "rows" Container. */
export const rows = (card: unknown): Node[] =>
  (nodes(card).find((n) => n.id === 'rows')?.items as Node[] | undefined) ?? [];

export const actions = (card: unknown) => ((card as Node).actions ?? []) as Node[];

/** Every TextRun's text, in order. */
export const textRuns = (card: unknown): string[] => ofType(card, 'TextRun').map((r) => String(r.text));

/** All text a card shows (text, titles, fact values; not action data), one per line. */
export function cardText(card: unknown): string {
  return nodes(card, ['data'])
    .flatMap((n) => ['text', 'title', 'value'].map((key) => n[key]).filter((v): v is string => typeof v === 'string'))
    .join('\n');
}

/** Every Action.Execute in the card (top-level actions and those on elements), with its verb, title and data. */
export const executeActions = (card: unknown) =>
  ofType(card, 'Action.Execute') as Array<Node & { verb: string; title?: string; data: unknown }>;

/** Problems the Adaptive Cards SDK reports when it parses and validates the card. */
export function sdkProblems(card: object): string[] {
  const parsed = new AC.AdaptiveCard();
  const context = new AC.SerializationContext();
  parsed.parse(card, context);
  const problems: string[] = [];
  for (let i = 0; i < context.eventCount; i++) problems.push(context.getEventAt(i).message);
  for (const e of parsed.validateProperties().validationEvents) problems.push(e.message);
  // The SDK knows no Teams charts and says it uses their fallback; charts.test.ts checks every chart has one.
  return problems.filter(
    (p) => !/^Unknown element type "Chart\.[A-Za-z.]+"\. Fallback will be used if present\.$/.test(p),
  );
}
