/**
 * One slice through the backfill: submit a Graph audit log query for its day, wait for it, read
 * every page, normalize each auditLogRecord through the same normalizers as the Management API's
 * records (flow events, and connection / data-policy events for the other workloads), then store
 * the events with the slice's done mark in one transaction (EventStore.ingestBlobs) and record its
 * coverage under `graph:auditLog`. Events already stored from either source are duplicates.
 */
import type { AuditLogQueryClient } from '../../audit/audit-log-query.ts';
import { normalizeRecord } from '../../audit/normalize.ts';
import { normalizeGovernanceRecord } from '../../audit/normalize-governance.ts';
import { waitForQuery, type WaitOptions } from '../../audit/wait-for-query.ts';
import type { Logger } from '../../log.ts';
import { BACKFILL_COVERAGE_SOURCE } from '../../model/coverage-source.ts';
import type { FlowEvent } from '../../model/flow-event.ts';
import type { GovernanceEvent } from '../../model/governance-event.ts';
import { sliceDoneId, type PlannedSlice } from '../../store/backfill-store.ts';
import type { Store } from '../../store/store.ts';
import { BLOB_SPAN_MS } from '../coverage.ts';

export interface SliceDeps {
  client: Pick<AuditLogQueryClient, 'create' | 'get' | 'records'>;
  store: Pick<Store, 'events' | 'governance' | 'syncState' | 'backfill'>;
  wait: WaitOptions;
  log: Logger;
}

export interface SliceResult {
  records: number;
  events: number;
  inserted: number;
  duplicates: number;
  governance: number;
  broken: number;
}

export async function runSlice(deps: SliceDeps, slice: PlannedSlice): Promise<SliceResult> {
  const startedAt = deps.wait.now();
  const submitted = await deps.client.create(new Date(slice.from), new Date(slice.to));
  const query = await waitForQuery(deps.client, submitted, deps.wait);
  if (query.isRecordCountLimitExceeded)
    deps.log.warn('audit query stopped at its record limit; the slice is partial', { from: slice.from });
  const events: FlowEvent[] = [];
  const governance: GovernanceEvent[] = [];
  let records = 0;
  let broken = 0;
  for await (const page of deps.client.records(query.id)) {
    records += page.length;
    for (const raw of page) {
      const outcome = normalizeRecord(raw);
      if (outcome.kind === 'flow') events.push(outcome.event);
      else if (outcome.kind === 'broken') broken++;
      else {
        const admin = normalizeGovernanceRecord(raw);
        if (admin.kind === 'governance') governance.push(admin.event);
        else if (admin.kind === 'broken') broken++;
      }
    }
  }
  const now = deps.wait.now();
  // Governance events first: a crash before the commit stores them again as duplicates.
  if (governance.length > 0) await deps.store.governance.addGovernanceEvents(governance, { now });
  const [result] = await deps.store.events.ingestBlobs(
    [{ events, blob: { contentId: sliceDoneId(slice.from), contentCreated: slice.from } }],
    { now },
  );
  const covered = coveredBy(slice, startedAt);
  if (covered.to > covered.from) await deps.store.syncState.addCoverage(BACKFILL_COVERAGE_SOURCE, covered);
  await deps.store.backfill.recordSliceDone(slice.from, { records, events: events.length }, now);
  return { records, events: events.length, ...result, governance: governance.length, broken };
}

/** A record reaches the log up to 24 h late (audit-apis.md §1.7): a query covers what is older than that. */
function coveredBy(slice: PlannedSlice, queriedAt: Date): { from: string; to: string } {
  const to = Math.min(Date.parse(slice.to), queriedAt.getTime() - BLOB_SPAN_MS);
  return { from: slice.from, to: new Date(Math.max(to, Date.parse(slice.from))).toISOString() };
}
