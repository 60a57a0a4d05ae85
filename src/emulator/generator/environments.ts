/** Power Platform environments: the default one (`Default-{tenantId}`) plus GUID-named ones. */
import type { Random } from '../random.ts';

export interface Environment {
  id: string;
  /** How likely a new flow lands here; most makers build in the default environment. */
  weight: number;
}

export function generateEnvironments(rng: Random, tenantId: string, count: number): Environment[] {
  const environments: Environment[] = [{ id: `Default-${tenantId}`, weight: 6 }];
  for (let i = 1; i < count; i++) environments.push({ id: rng.guid(), weight: rng.int(1, 3) });
  return environments;
}

export function pickEnvironment(rng: Random, environments: readonly Environment[]): Environment {
  return rng.weighted(environments.map((e) => [e, e.weight] as const));
}
