import template from '../../cards/digest.json' with { type: 'json' };
import { DIGEST_SECTIONS, type DigestModel, type DigestSectionName } from '../model/digest-model.ts';
import { fitRows } from './card-size.ts';
import { buildDigestCardView, type DigestCardView, type SectionLimits } from './digest-card-view.ts';
import { compileTemplate } from './expand-template.ts';

const expandDigestCard = compileTemplate<DigestCardView>(template);

/** Items a section shows by default, and at most when expanded with Show more. */
export const DIGEST_SECTION_ITEMS = 5;
export const DIGEST_EXPANDED_ITEMS = 40;

/**
 * The digest as an Adaptive Card (1.5): period and time zone, late and sync-behind notes, totals
 * per operation with the change against the previous period, then new, edited and deleted flows,
 * permission changes, trials, top makers and connectors, and late arrivals. Long sections are
 * cut with a count and Show more; Refresh (Action.Execute verb `refreshDigest`) re-renders the
 * same period. Items are dropped evenly until the JSON is under the size limit (cardSize.ts), so
 * the card always fits. Pure: no I/O, no clock.
 */
export function renderDigestCard(model: DigestModel): Record<string, unknown> {
  const expanded = model.refresh.expand;
  return fitRows(DIGEST_EXPANDED_ITEMS, (n) => expandDigestCard(buildDigestCardView(model, limitsFor(n, expanded))))
    .card;
}

function limitsFor(n: number, expanded: DigestSectionName | ''): SectionLimits {
  const limits = Object.fromEntries(
    DIGEST_SECTIONS.map((s) => [s, Math.min(n, DIGEST_SECTION_ITEMS)]),
  ) as SectionLimits;
  if (expanded) limits[expanded] = n;
  return limits;
}
