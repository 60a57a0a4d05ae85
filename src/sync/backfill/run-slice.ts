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
  /** Flow and governance events stored per batch while a day is read (default FLUSH_EVENTS). */
  flushEvents?: number;
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
  const batch = new SliceBatch(deps.store, deps.wait.now);
  let records = 0;
  let broken = 0;
  for await (const page of deps.client.records(query.id)) {
    records += page.length;
    for (const raw of page) {
      const outcome = normalizeRecord(raw);
      if (outcome.kind === 'flow') batch.events.push(outcome.event);
      else if (outcome.kind === 'broken') broken++;
      else {
        const admin = normalizeGovernanceRecord(raw);
        if (admin.kind === 'governance') batch.governance.push(admin.event);
        else if (admin.kind === 'broken') broken++;
      }
    }
    if (batch.size >= (deps.flushEvents ?? FLUSH_EVENTS)) await batch.flush();
  }
  await batch.flush({ contentId: sliceDoneId(slice.from), contentCreated: slice.from });
  const now = deps.wait.now();
  const covered = coveredBy(slice, startedAt);
  if (covered.to > covered.from) await deps.store.syncState.addCoverage(BACKFILL_COVERAGE_SOURCE, covered);
  await deps.store.backfill.recordSliceDone(slice.from, { records, events: batch.stored.events }, now);
  return { records, broken, ...batch.stored };
}

/**
 * Events stored in batches of about this many while a day is read, so a slice's memory stays
 * bounded however busy the tenant's day was (a day of 1,000,000 records would otherwise be held
 * whole, raw records included). Only the last batch carries the day's done mark: a crash before it
 * leaves the day pending, and its next read finds the earlier batches' events already stored
 * (duplicates by id, as for records both sources return).
 */
const FLUSH_EVENTS = 5000;

class SliceBatch {
  events: FlowEvent[] = [];
  governance: GovernanceEvent[] = [];
  readonly stored = { events: 0, inserted: 0, duplicates: 0, governance: 0 };

  /** Events waiting, of both kinds: a day of admin activity is bounded too. */
  get size(): number {
    return this.events.length + this.governance.length;
  }

  constructor(
    private readonly store: SliceDeps['store'],
    private readonly now: () => Date,
  ) {}

  async flush(doneMark?: { contentId: string; contentCreated: string }): Promise<void> {
    const [events, governance] = [this.events, this.governance];
    this.events = [];
    this.governance = [];
    const now = this.now();
    // Governance events first: a crash before the commit stores them again as duplicates.
    if (governance.length > 0) await this.store.governance.addGovernanceEvents(governance, { now });
    const [result] = await this.store.events.ingestBlobs([{ events, ...(doneMark ? { blob: doneMark } : {}) }], {
      now,
    });
    this.stored.events += events.length;
    this.stored.inserted += result.inserted;
    this.stored.duplicates += result.duplicates;
    this.stored.governance += governance.length;
  }
}

/** A record reaches the log up to 24 h late (audit-apis.md §1.7): a query covers what is older than that. */
function coveredBy(slice: PlannedSlice, queriedAt: Date): { from: string; to: string } {
  const to = Math.min(Date.parse(slice.to), queriedAt.getTime() - BLOB_SPAN_MS);
  return { from: slice.from, to: new Date(Math.max(to, Date.parse(slice.from))).toISOString() };
}
