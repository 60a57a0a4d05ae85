import { IANAZone } from 'luxon';

/**
 * Whether luxon (and so Intl) knows an IANA zone name. IANAZone.isValidZone builds a new
 * Intl.DateTimeFormat on every call, which cost a third of a bot answer's CPU when called per
 * card row; the answer for a name never changes, so it is remembered. The names come from
 * Teams activities and card data (untrusted), hence the bound on what is remembered.
 */
const MAX_REMEMBERED = 1000;
const known = new Map<string, boolean>();

export function isKnownTimeZone(name: string): boolean {
  let valid = known.get(name);
  if (valid === undefined) {
    valid = IANAZone.isValidZone(name);
    if (known.size < MAX_REMEMBERED) known.set(name, valid);
  }
  return valid;
}
