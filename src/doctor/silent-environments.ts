/**
 * Environments that log nothing: the flow inventory shows flows changed in an environment in the
 * last N days (DOCTOR_SILENT_ENVIRONMENT_DAYS) while the store holds no audit event of that
 * environment in those days. Since 04/2026 audit capture is a per-environment setting (Dataverse
 * auditing and "Enable SAS Logging in Purview"; Purview captures user activity "only for
 * production environments", flow-inventory.md §6), so an environment can be silent while the
 * others log. Changes of the last 24 hours do not count: Power Automate events may take that
 * long to reach the feed (audit-apis.md §1.7). Judged only over time the audit sync has covered,
 * so a Flowwatch that started syncing yesterday does not blame a week it never read.
 */
import { SYNC_COVERAGE_SOURCE } from '../model/coverage-source.ts';
import type { EnvironmentIdentity } from '../model/flow-identity.ts';
import type { Store } from '../store/store.ts';

const DAY_MS = 86_400_000;
/** Power Automate events may reach the feed up to 24 hours late (audit-apis.md §1.7). */
export const ARRIVAL_GRACE_MS = DAY_MS;
/** Incident kinds of this check: one per environment. */
export const SILENT_KIND_PREFIX = 'silentEnvironment:';

export type SilenceStore = Pick<Store, 'flowIdentity' | 'events' | 'syncState'>;

export interface EnvironmentSilence {
  /** Environments with changed flows and no events, with how many flows changed. */
  silent: Array<{ environment: EnvironmentIdentity; changedFlows: number }>;
  /** Lower-cased ids of environments with stored events in the window. */
  logging: Set<string>;
  /** Display names by lower-cased id, of every environment the inventory lists. */
  names: Map<string, string>;
}

/** Null when the sync has not covered the window (nothing can be told yet). */
export async function findSilentEnvironments(
  store: SilenceStore,
  now: Date,
  days: number,
): Promise<EnvironmentSilence | null> {
  const from = new Date(now.getTime() - days * DAY_MS).toISOString();
  const changedBefore = new Date(now.getTime() - ARRIVAL_GRACE_MS).toISOString();
  const coverage = await store.syncState.getCoverage(SYNC_COVERAGE_SOURCE);
  if (!coverage.some((r) => Date.parse(r.from) <= Date.parse(from) && Date.parse(r.to) >= Date.parse(changedBefore)))
    return null;
  const [counts, environments] = await Promise.all([
    store.events.countBy({ from, to: new Date(now.getTime() + 1).toISOString() }, 'environment'),
    store.flowIdentity.listEnvironments(),
  ]);
  const logging = new Set(counts.filter((c) => c.key && c.count > 0).map((c) => c.key.toLowerCase()));
  const silent: EnvironmentSilence['silent'] = [];
  for (const environment of environments) {
    if (logging.has(environment.environmentId.toLowerCase())) continue;
    const changedFlows = await store.flowIdentity.countFlowIdentities({
      environmentIds: [environment.environmentId],
      modifiedFrom: from,
      modifiedTo: changedBefore,
      includeDeleted: true,
    });
    if (changedFlows > 0) silent.push({ environment, changedFlows });
  }
  return { silent, logging, names: new Map(environments.map((e) => [e.environmentId.toLowerCase(), e.displayName])) };
}

/** What the admins are told when an environment goes silent. */
export function silenceDetail(environment: EnvironmentIdentity, changedFlows: number, days: number): string {
  return (
    `Environment "${environment.displayName}" (${environment.environmentId}) produced no audit events in ${days} days, ` +
    `while the flow inventory shows ${changedFlows} flow(s) changed there in that time: Flowwatch cannot see what happens in it. ` +
    'Check its audit settings in the Power Platform admin center: Dataverse auditing on and "Enable SAS Logging in Purview" ' +
    '(Purview captures user activity only for production environments).'
  );
}
