/**
 * Polls an audit log query until it is done (audit-apis.md §2.3: notStarted → running →
 * succeeded | failed | cancelled). DFIR-O365RC polls every 10 s; large queries can take many
 * minutes, so the wait backs off from `firstPollMs` to `maxPollMs` and gives up after `timeoutMs`.
 */
import type { AuditLogQueryClient, AuditQuery } from './audit-log-query.ts';
import { AuditApiError } from './source.ts';

export interface WaitOptions {
  sleep: (ms: number) => Promise<void>;
  now: () => Date;
  firstPollMs?: number;
  maxPollMs?: number;
  timeoutMs?: number;
}

/** A query that ended failed or cancelled, or never ended in time: submit it again later. */
export class AuditQueryFailedError extends AuditApiError {
  constructor(message: string) {
    super(message, null, 'query_failed', true);
    this.name = 'AuditQueryFailedError';
  }
}

export async function waitForQuery(
  client: Pick<AuditLogQueryClient, 'get'>,
  query: AuditQuery,
  options: WaitOptions,
): Promise<AuditQuery> {
  const started = options.now().getTime();
  const deadline = started + (options.timeoutMs ?? 60 * 60_000);
  let wait = options.firstPollMs ?? 5_000;
  let current = query;
  while (current.status === 'notStarted' || current.status === 'running') {
    if (options.now().getTime() >= deadline)
      throw new AuditQueryFailedError(
        `audit query ${query.id} still ${current.status} after ${Math.round((deadline - started) / 1000)} s`,
      );
    await options.sleep(wait);
    wait = Math.min(wait * 2, options.maxPollMs ?? 60_000);
    current = await client.get(query.id);
  }
  if (current.status !== 'succeeded')
    throw new AuditQueryFailedError(`audit query ${query.id} ended ${current.status}`);
  return current;
}
