import { plainText } from './plain-text.ts';

/**
 * Audit records carry no environment names, only ids (audit-apis.md §3.4). The default
 * environment's id is `Default-{tenant id}`: naming it saves a 45-character id on most rows.
 */
export function describeEnvironment(environmentId: string | null): string {
  if (!environmentId) return 'unknown environment';
  return /^default-/i.test(environmentId) ? 'the default environment' : `environment ${plainText(environmentId, 100)}`;
}
