import type { FlowEvent, FlowInventoryEntry, StoredFlowEvent } from '../../../src/model/flowEvent.ts';
import type { EventFilter, GroupCount, GroupKey, IngestOptions, IngestResult, Store, SyncGap, SyncReportRecord, TimeRange } from '../../../src/store/store.ts';

/**
 * A Store kept in memory, only as faithful as runQuery's tests need (filters, counts,
 * inventory, coverage), and counting the calls so tests can see how the query used it.
 */
export class MemoryStore implements Store {
  readonly kind = 'memory';
  readonly events: StoredFlowEvent[] = [];
  readonly coverage = new Map<string, TimeRange[]>();
  readonly calls: string[] = [];

  async ping(): Promise<void> {}
  async close(): Promise<void> {}

  async ingest(events: FlowEvent[], options: IngestOptions): Promise<IngestResult> {
    let inserted = 0;
    for (const e of events) {
      if (this.events.some((s) => s.id === e.id)) continue;
      this.events.push({ ...e, ingestedAt: options.now.toISOString() });
      inserted++;
    }
    return { inserted, duplicates: events.length - inserted };
  }
  async doneBlobs(): Promise<Set<string>> {
    return new Set();
  }
  async getCursor(): Promise<string | null> {
    return null;
  }
  async setCursor(): Promise<void> {}
  async addCoverage(source: string, range: TimeRange): Promise<void> {
    this.coverage.set(source, [...(this.coverage.get(source) ?? []), range]);
  }
  async getCoverage(source: string): Promise<TimeRange[]> {
    this.calls.push(`getCoverage ${source}`);
    return this.coverage.get(source) ?? [];
  }
  async recordGap(): Promise<void> {}
  async listGaps(): Promise<SyncGap[]> {
    return [];
  }
  async saveSyncReport(): Promise<void> {}
  async lastSyncReport(): Promise<SyncReportRecord | null> {
    return null;
  }

  async findEvents(filter: EventFilter, page: { limit: number; offset: number }): Promise<{ events: StoredFlowEvent[]; total: number }> {
    this.calls.push('findEvents');
    const matching = this.matching(filter).sort((a, b) => Date.parse(b.occurredAt) - Date.parse(a.occurredAt));
    return { events: matching.slice(page.offset, page.offset + page.limit), total: matching.length };
  }

  async countBy(filter: EventFilter, key: GroupKey): Promise<GroupCount[]> {
    this.calls.push(`countBy ${key}${filter.actorUpn ? ` ${filter.actorUpn}` : ''}`);
    const counts = new Map<string, number>();
    for (const e of this.matching(filter)) {
      const keys = key === 'connector' ? e.connectors : [{ operation: e.operation, actor: e.actorUpn, environment: e.environmentId, flow: e.flowId }[key]];
      for (const k of keys) if (k) counts.set(k, (counts.get(k) ?? 0) + 1);
    }
    return [...counts].map(([k, count]) => ({ key: k, count })).sort((a, b) => b.count - a.count || a.key.localeCompare(b.key));
  }

  async getFlows(flowIds: string[]): Promise<FlowInventoryEntry[]> {
    this.calls.push(`getFlows ${flowIds.length}`);
    return flowIds.flatMap((id) => {
      const events = this.events.filter((e) => e.flowId === id).sort((a, b) => Date.parse(a.occurredAt) - Date.parse(b.occurredAt));
      if (events.length === 0) return [];
      const last = events.at(-1)!;
      const created = events.find((e) => e.operation === 'CreateFlow');
      return [
        {
          flowId: id,
          environmentId: last.environmentId,
          flowName: [...events].reverse().find((e) => e.flowName)?.flowName ?? null,
          creatorUpn: (created ?? events[0]!).actorUpn,
          createdAt: created?.occurredAt ?? null,
          connectors: [...events].reverse().find((e) => e.connectors.length > 0)?.connectors ?? [],
          lastOperation: last.operation,
          lastEventAt: last.occurredAt,
          deleted: last.operation === 'DeleteFlow',
          detailsUrl: last.detailsUrl ?? events.find((e) => e.detailsUrl)?.detailsUrl ?? null,
        },
      ];
    });
  }

  private matching(f: EventFilter): StoredFlowEvent[] {
    return this.events.filter(
      (e) =>
        Date.parse(e.occurredAt) >= Date.parse(f.from) &&
        Date.parse(e.occurredAt) < Date.parse(f.to) &&
        (!f.operations || f.operations.includes(e.operation)) &&
        (!f.actorUpn || e.actorUpn === f.actorUpn) &&
        (!f.connector || e.connectors.some((c) => c.toLowerCase() === f.connector!.toLowerCase())) &&
        (!f.environmentId || e.environmentId === f.environmentId) &&
        (!f.flowId || e.flowId === f.flowId),
    );
  }
}
