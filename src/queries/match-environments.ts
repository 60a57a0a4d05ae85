import type { EnvironmentIdentity } from '../model/flow-identity.ts';

/** By display name (case-insensitive) or id: admins say "Sales", records carry the id. */
export function matchEnvironments(environments: readonly EnvironmentIdentity[], said: string): string[] {
  const wanted = said.toLowerCase();
  return environments
    .filter((e) => e.displayName.toLowerCase() === wanted || e.environmentId.toLowerCase() === wanted)
    .map((e) => e.environmentId);
}
