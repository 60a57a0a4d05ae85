/**
 * Content ids and next-page tokens. Ids follow the observed form
 * `<digits>$<digits>$audit_general$Audit_General$na0031` (audit-apis.md §1.5 and fixture (a)); the
 * `$` signs are why clients must use `contentUri` as given.
 */
import { compactTimestamp } from '../time-format.ts';

export const REGIONS = ['na0031', 'na0045', 'na0012'] as const;

/** `{17-digit timestamp}{6-digit serial}` twice, then the content-type and region parts. */
export function makeContentId(createdMs: number, seq: number, region: string): string {
  const key = `${compactTimestamp(createdMs)}${String(seq % 1_000_000).padStart(6, '0')}`;
  return `${key}$${key}$audit_general$Audit_General$${region}`;
}

/** `2026050412R000000000042`: the doc sample's shape; here it names the first blob of the next page. */
export function makeNextPageToken(createdMs: number, seq: number): string {
  return `${compactTimestamp(createdMs).slice(0, 10)}R${String(seq).padStart(12, '0')}`;
}

/** The blob serial a next-page token names, or null when the token is not one of ours. */
export function parseNextPageToken(token: string): number | null {
  const m = /^\d{10}R(\d{12})$/.exec(token);
  return m ? Number(m[1]) : null;
}
