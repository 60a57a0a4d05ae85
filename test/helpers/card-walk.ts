/** Helpers that look into rendered cards the way a client would. */
import * as AC from 'adaptivecards';

type Node = Record<string, unknown>;

/** Every object in the card, depth first. */
export function nodes(card: unknown): Node[] {
  const out: Node[] = [];
  const visit = (value: unknown) => {
    if (Array.isArray(value)) value.forEach(visit);
    else if (value !== null && typeof value === 'object') {
      out.push(value as Node);
      Object.values(value).forEach(visit);
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

/** Problems the Adaptive Cards SDK reports when it parses and validates the card. */
export function sdkProblems(card: object): string[] {
  const parsed = new AC.AdaptiveCard();
  const context = new AC.SerializationContext();
  parsed.parse(card, context);
  const problems: string[] = [];
  for (let i = 0; i < context.eventCount; i++) problems.push(context.getEventAt(i).message);
  for (const e of parsed.validateProperties().validationEvents) problems.push(e.message);
  return problems;
}
