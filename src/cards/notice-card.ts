import template from '../../cards/notice.json' with { type: 'json' };
import { compileTemplate } from './expand-template.ts';
import { plainText } from './plain-text.ts';

const expandNoticeCard = compileTemplate<{ title: string; text: string }>(template);

/** A short card for refusals and errors; both strings are shown as plain text. */
export function renderNoticeCard(title: string, text: string): Record<string, unknown> {
  return expandNoticeCard({ title: plainText(title, 150), text: plainText(text, 1000) });
}
