import type { EnvironmentIdentity } from '../model/flow-identity.ts';

/**
 * The environments an admin means by one word (the parser reads one: "in environment sales"):
 * those whose display name or id it is (case-insensitive: admins say "Sales", records carry the
 * id); else, for "default", the default environment, whatever its name ("Contoso (default)");
 * else the one environment whose name begins with that word ("contoso" for "Contoso (default)"),
 * when only one does. None when nothing fits.
 */
export function matchEnvironments(environments: readonly EnvironmentIdentity[], said: string): string[] {
  const wanted = said.toLowerCase();
  const ids = (list: readonly EnvironmentIdentity[]) => list.map((e) => e.environmentId);
  const exact = environments.filter(
    (e) => e.displayName.toLowerCase() === wanted || e.environmentId.toLowerCase() === wanted,
  );
  if (exact.length > 0) return ids(exact);
  if (wanted === 'default') return ids(environments.filter((e) => e.type?.toLowerCase() === 'default'));
  const first = environments.filter((e) => e.displayName.toLowerCase().split(/[\s(]+/)[0] === wanted);
  return first.length === 1 ? ids(first) : [];
}
