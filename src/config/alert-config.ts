/** ALERT_*: who counts as a guest, and how often one channel may get an alert post. */
import { int, list, type Env } from './env-readers.ts';

export interface AlertConfig {
  /** The tenant's own domains (lower-case); a flow shared with anyone else is shared with a guest. */
  tenantDomains: string[];
  /** Alert posts per channel per hour; matches beyond wait for the next allowed post. */
  postsPerHour: number;
}

/** The demo emulator's makers all live here (src/emulator/generator/people.ts). */
const DEMO_DOMAIN = 'contoso.example';

export function loadAlertConfig(env: Env, demo: boolean): AlertConfig {
  const domains = list(env, 'ALERT_TENANT_DOMAINS').map((d) => d.toLowerCase());
  return {
    tenantDomains: domains.length > 0 ? domains : demo ? [DEMO_DOMAIN] : [],
    postsPerHour: int(env, 'ALERT_POSTS_PER_HOUR', 6, 1, 120),
  };
}
