/**
 * One connection or data-policy event in words, for the governance card, the digest section and
 * the CLI: "shared connection shared-office365-…", "updated data policy "Block HTTP"
 * (UpdateDlpPolicy)". Untrusted strings are cut to one plain line (plainText).
 */
import type { ListedGovernanceEvent } from '../model/governance-event.ts';
import { plainText } from './plain-text.ts';

/** Who did it: the UPN, or the platform for an event no user caused (a data-policy evaluation). */
export function governanceActor(actorUpn: string | null): string {
  return actorUpn ? plainText(actorUpn, 120) : 'the platform';
}

export function governanceWhat(
  e: Pick<ListedGovernanceEvent, 'action' | 'operation' | 'detailOperation' | 'resourceId' | 'resourceName'>,
): string {
  const connection = `connection ${plainText(e.resourceId ?? 'unnamed', 120)}`;
  const policy = `data policy ${e.resourceName ? `"${plainText(e.resourceName, 120)}"` : plainText(e.resourceId ?? 'unnamed', 120)}`;
  const detail = e.detailOperation ? ` (${plainText(e.detailOperation, 60)})` : '';
  switch (e.action) {
    case 'connection-created-or-edited':
      return `created or edited ${connection}`;
    case 'connection-deleted':
      return `deleted ${connection}`;
    case 'connection-shared':
      return `shared ${connection}`;
    case 'connection-unshared':
      return `removed sharing of ${connection}`;
    case 'connection-turned-off':
      return `turned off ${connection} under a data policy`;
    case 'policy-created':
      return `created ${policy}${detail}`;
    case 'policy-updated':
      return `updated ${policy}${detail}`;
    case 'policy-deleted':
      return `deleted ${policy}${detail}`;
    case 'policy-other':
      return `changed ${policy}${detail}`;
    default:
      return `${plainText(e.operation, 60)}${e.resourceId ? ` on ${plainText(e.resourceId, 120)}` : ''}`;
  }
}

export function governanceWhere(environmentId: string | null): string {
  return environmentId ? ` · environment ${plainText(environmentId, 80)}` : '';
}
