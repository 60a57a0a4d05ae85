/** The tenant's users: makers who build flows, a few of them admins. */
import type { Random } from '../random.ts';

export interface Person {
  upn: string;
  /** Entra object id (the fixture's `UserKey` is a GUID). */
  userKey: string;
  /** A documentation-range address (RFC 5737), stable per person. */
  clientIp: string;
  isAdmin: boolean;
}

export const TENANT_DOMAIN = 'contoso.example';

const FIRST = [
  'avery',
  'jordan',
  'morgan',
  'riley',
  'casey',
  'taylor',
  'quinn',
  'alex',
  'sam',
  'jamie',
  'drew',
  'harper',
  'rowan',
  'emerson',
  'parker',
  'reese',
  'skyler',
  'dakota',
  'hayden',
  'kendall',
  'logan',
  'peyton',
  'sage',
  'blake',
  'cameron',
  'devon',
  'elliot',
  'finley',
  'jules',
  'kai',
  'lane',
  'micah',
  'noel',
  'oakley',
  'remy',
  'shay',
  'tatum',
  'wren',
];
const LAST = [
  'lee',
  'kim',
  'patel',
  'garcia',
  'nguyen',
  'smith',
  'okafor',
  'rossi',
  'muller',
  'silva',
  'chen',
  'haddad',
  'novak',
  'tanaka',
  'kowalski',
  'dubois',
  'jensen',
  'costa',
  'ibrahim',
  'larsen',
  'moreau',
  'olsen',
  'reyes',
  'schmidt',
  'singh',
  'walsh',
  'yamamoto',
  'zhang',
  'alvarez',
  'berg',
  'cohen',
  'diaz',
  'evans',
  'fischer',
  'gupta',
  'hughes',
];
const IP_PREFIXES = ['203.0.113.', '198.51.100.', '192.0.2.'];

/**
 * The users of audit-apis.md's fixtures are never generated, so records a test adds by hand
 * (`addRecords`) can be told apart from the generated tenant by their user.
 */
export const FIXTURE_USERS: readonly string[] = ['avery.lee', 'jordan.kim'];

export function generatePeople(rng: Random, count: number): Person[] {
  const people: Person[] = [];
  const used = new Set<string>(FIXTURE_USERS);
  for (let i = 0; i < count; i++) {
    const base = `${rng.pick(FIRST)}.${rng.pick(LAST)}`;
    let local = base;
    for (let n = 2; used.has(local); n++) local = `${base}${n}`;
    used.add(local);
    people.push({
      upn: `${local}@${TENANT_DOMAIN}`,
      userKey: rng.guid(),
      clientIp: `${rng.pick(IP_PREFIXES)}${rng.int(1, 254)}`,
      // About one in twenty is a Power Platform admin (deletes and shares on others' behalf).
      isAdmin: i % 20 === 7,
    });
  }
  if (!people.some((p) => p.isAdmin)) people[people.length - 1].isAdmin = true;
  return people;
}
