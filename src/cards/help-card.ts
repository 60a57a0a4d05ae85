import template from '../../cards/help.json' with { type: 'json' };
import { compileTemplate } from './expand-template.ts';
import { plainText } from './plain-text.ts';

/** Questions the help card offers as buttons (each parses: test/cards/help-card.test.ts checks). */
export const HELP_EXAMPLES = [
  'new flows today',
  'who edited flows this week',
  'deleted flows yesterday',
  'who shared flows this month',
  'flows using HTTP this week',
  'how many flows were created this week',
  'connectors used this week',
  'trials this month',
];

const GRAMMAR =
  'Say what (new, edited, deleted, shared flows, trials), when (today, yesterday, this week, last week, this month, ' +
  'last 30 days, since 2026-11-01) and, if you like, a filter (using HTTP, by avery@contoso.com, in environment …) ' +
  'or a time zone (in Europe/Berlin).';

interface HelpButton {
  title: string;
  /** imBack: Teams posts `value` as if the user typed it; works in personal, group and channel chats (§4.2). */
  data: { msteams: { type: 'imBack'; value: string } };
}

interface HelpCardModel {
  hasText: boolean;
  text: string;
  hasSuggestions: boolean;
  suggestions: HelpButton[];
  examples: HelpButton[];
  grammar: string;
}

const expandHelpCard = compileTemplate<HelpCardModel>(template);

function button(question: string): HelpButton {
  const value = plainText(question, 120);
  return { title: value, data: { msteams: { type: 'imBack', value } } };
}

/**
 * Help: example questions as buttons that ask them, "did you mean" buttons for `suggestions`,
 * and the text we did not understand (quoted as plain text, never as markdown).
 */
export function renderHelpCard(ctx: {
  suggestions?: string[];
  text?: string;
  examples?: string[];
}): Record<string, unknown> {
  const text = plainText(ctx.text, 200);
  const suggestions = (ctx.suggestions ?? [])
    .map((s) => plainText(s, 120))
    .filter(Boolean)
    .slice(0, 5)
    .map(button);
  return expandHelpCard({
    hasText: text !== '',
    text: `“${text}”.`,
    hasSuggestions: suggestions.length > 0,
    suggestions,
    examples: (ctx.examples ?? HELP_EXAMPLES).slice(0, 10).map(button),
    grammar: GRAMMAR,
  });
}
