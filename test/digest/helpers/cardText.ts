/** Reads a card the way a person would: the text of each RichTextBlock, TextRuns joined, in order. */
type Node = Record<string, unknown>;

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

export function lines(card: unknown): string[] {
  return nodes(card)
    .filter((n) => n.type === 'RichTextBlock')
    .map((b) => (b.inlines as Node[]).map((r) => String(r.text)).join(''));
}
