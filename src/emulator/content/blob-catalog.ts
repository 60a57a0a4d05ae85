/**
 * The published content blobs of Audit.General, ordered by `contentCreated`, with what the API
 * needs from them: window listings with paging, bodies, expiry, and the ground truth for tests.
 * A blob is visible once `now` reaches its contentCreated and expires 7 days after it.
 */
import { RETENTION_MS } from '../demo-tenant.ts';
import { makeContentId, REGIONS } from './content-id.ts';
import type { RecordTable } from './record-table.ts';
import { formatCreationTime, HOUR_MS } from '../time-format.ts';

/** A record reaches a blob within 24 h of happening (generator/tenant.ts caps it at 23.5 h). */
const LOGGED_WITHIN_MS = 24 * HOUR_MS;
/** Other workloads' records come 1–90 minutes before their blob (generator/noise.ts). */
const NOISE_WITHIN_MS = 91 * 60_000;

export interface Blob {
  /** Unique, increasing in publication order; names the blob in next-page tokens. */
  seq: number;
  contentId: string;
  createdMs: number;
  /** Records from the RecordTable (Flow records and records added at runtime). */
  recordIndexes: number[];
  /** How many other-workload records the blob also holds; regenerated from a seed when served. */
  otherCount: number;
  /** The serialized body, when pregenerated. */
  body: Buffer | null;
}

/** Other-workload records of a blob, each with its CreationTime for ordering. */
export type NoiseRenderer = (blob: Blob) => Array<{ time: string; json: string }>;

export interface ListingPage {
  blobs: Blob[];
  /** First blob of the next page, or null on the last page. */
  next: Blob | null;
}

export class BlobCatalog {
  private readonly ordered: Blob[] = [];
  private readonly byContentId = new Map<string, Blob>();
  private readonly bySeq = new Map<number, Blob>();
  private lastSeq = 0;
  /**
   * Environments that log nothing (lower-case ids): their records are left out of every blob.
   * flow-inventory.md §6: since 04/2026 audit capture needs Dataverse auditing and "Enable SAS
   * Logging in Purview" per environment, and Purview captures user activity "only for production
   * environments"; whether flow events depend on it is not stated, so the emulator can play the
   * harder case, an environment whose flows change while the feed says nothing of them. A record
   * without FlowDetailsUrl names no environment and is kept (a client cannot place it either).
   */
  readonly silentEnvironments = new Set<string>();

  constructor(
    private readonly records: RecordTable,
    private readonly renderNoise: NoiseRenderer,
  ) {}

  get size(): number {
    return this.ordered.length;
  }

  publish(createdMs: number, recordIndexes: number[], otherCount: number): Blob {
    const seq = ++this.lastSeq;
    const blob: Blob = {
      seq,
      contentId: makeContentId(createdMs, seq, REGIONS[(seq * 7) % REGIONS.length]),
      createdMs,
      recordIndexes,
      otherCount,
      body: null,
    };
    // A new blob has the highest seq, so it goes after every blob created at the same moment.
    this.ordered.splice(this.firstIndexAfter(createdMs), 0, blob);
    this.byContentId.set(blob.contentId, blob);
    this.bySeq.set(seq, blob);
    return blob;
  }

  get(contentId: string): Blob | undefined {
    return this.byContentId.get(contentId);
  }

  isPublished(blob: Blob, nowMs: number): boolean {
    return blob.createdMs <= nowMs;
  }

  isExpired(blob: Blob, nowMs: number): boolean {
    return nowMs >= blob.createdMs + RETENTION_MS;
  }

  /**
   * One page of blobs with start <= contentCreated < end that are published by `nowMs`, from the
   * blob named by `fromSeq` (a next-page token) or the window start. Null when `fromSeq` names no
   * blob of this window.
   */
  page(startMs: number, endMs: number, nowMs: number, fromSeq: number | null, pageSize: number): ListingPage | null {
    let i = this.firstIndexAtOrAfter(startMs);
    if (fromSeq !== null) {
      const from = this.bySeq.get(fromSeq);
      if (!from || from.createdMs < startMs || from.createdMs >= endMs) return null;
      i = this.firstIndexAtOrAfter(from.createdMs);
      while (i < this.ordered.length && this.ordered[i].seq !== fromSeq) i++;
    }
    const blobs: Blob[] = [];
    for (; i < this.ordered.length; i++) {
      const blob = this.ordered[i];
      if (blob.createdMs >= endMs || blob.createdMs > nowMs) break;
      if (blobs.length === pageSize) return { blobs, next: blob };
      blobs.push(blob);
    }
    return { blobs, next: null };
  }

  /** The blob's JSON array, records in CreationTime order. */
  body(blob: Blob): Buffer {
    if (blob.body && this.silentEnvironments.size === 0) return blob.body;
    const parts = blob.recordIndexes
      .filter((i) => this.logged(i))
      .map((i) => ({
        time: this.records.creationTime(i),
        json: this.records.serialized(i),
      }));
    if (blob.otherCount > 0) parts.push(...this.renderNoise(blob));
    parts.sort((a, b) => (a.time < b.time ? -1 : a.time > b.time ? 1 : 0));
    return Buffer.from(`[${parts.map((p) => p.json).join(',')}]`);
  }

  private logged(index: number): boolean {
    return this.silentEnvironments.size === 0 || !this.silentEnvironments.has(this.records.environment(index));
  }

  /**
   * Every distinct record (by Id) that happened in [fromMs, toMs) and whose blob is published by
   * `nowMs`, expired or not: what the unified audit log itself holds (180 days), which the Graph
   * audit query searches (audit-apis.md §2). A record can only be in blobs created after it, at
   * most 24 h later (§1.7), so only those blobs are read; their noise is regenerated.
   */
  loggedRecords(
    fromMs: number,
    toMs: number,
    nowMs: number,
    keep: (record: { time: string; json: string }) => boolean,
  ): Array<{ time: string; json: string }> {
    const byId = new Map<string, { time: string; json: string }>();
    const from = formatCreationTime(fromMs);
    const to = formatCreationTime(toMs);
    for (let i = this.firstIndexAtOrAfter(fromMs); i < this.ordered.length; i++) {
      const blob = this.ordered[i];
      if (blob.createdMs > nowMs || blob.createdMs >= toMs + LOGGED_WITHIN_MS) break;
      const parts = blob.recordIndexes
        .filter((r) => this.logged(r))
        .map((r) => ({ time: this.records.creationTime(r), json: this.records.serialized(r), id: this.records.id(r) }));
      for (const part of parts) if (part.time >= from && part.time < to && keep(part)) byId.set(part.id, part);
      if (blob.otherCount === 0 || blob.createdMs >= toMs + NOISE_WITHIN_MS) continue;
      for (const part of this.renderNoise(blob)) {
        if (part.time < from || part.time >= to || !keep(part)) continue;
        byId.set(String((JSON.parse(part.json) as { Id?: unknown }).Id), part);
      }
    }
    return [...byId.values()].sort((a, b) => (a.time < b.time ? -1 : a.time > b.time ? 1 : 0));
  }

  /** Serializes every blob now, so later downloads cost no generation time. */
  pregenerate(): void {
    for (const blob of this.ordered) blob.body = this.body(blob);
  }

  /**
   * Distinct Flow records (by Id) that a client can still download at `nowMs`; with `listed`, only
   * those of blobs a listing of [fromMs, toMs) returns (start inclusive, end exclusive, §1.5).
   */
  retrievableFlowRecords(nowMs: number, listed?: { fromMs: number; toMs: number }): Array<Record<string, unknown>> {
    const seen = new Set<string>();
    const out: Array<Record<string, unknown>> = [];
    for (const blob of this.ordered) {
      if (!this.isPublished(blob, nowMs)) break;
      if (this.isExpired(blob, nowMs)) continue;
      if (listed && (blob.createdMs < listed.fromMs || blob.createdMs >= listed.toMs)) continue;
      for (const i of blob.recordIndexes) {
        if (!this.records.isFlow(i) || !this.logged(i) || seen.has(this.records.id(i))) continue;
        seen.add(this.records.id(i));
        out.push(this.records.parsed(i));
      }
    }
    return out.sort(
      (a, b) =>
        String(a['CreationTime']).localeCompare(String(b['CreationTime'])) ||
        String(a['Id']).localeCompare(String(b['Id'])),
    );
  }

  /**
   * Distinct Power Platform admin records (RecordType 256: connection and data-policy events, issue
   * 12) that a client can still download at `nowMs`: the ground truth of the governance events.
   * They are noise, regenerated per blob, so this renders the bodies (for tests, small tenants).
   */
  retrievableAdminRecords(nowMs: number): Array<Record<string, unknown>> {
    const byId = new Map<string, Record<string, unknown>>();
    for (const blob of this.ordered) {
      if (!this.isPublished(blob, nowMs)) break;
      if (this.isExpired(blob, nowMs)) continue;
      for (const record of JSON.parse(this.body(blob).toString('utf8')) as Array<Record<string, unknown>>)
        if (record['RecordType'] === 256) byId.set(String(record['Id']), record);
    }
    return [...byId.values()];
  }

  /** Published blobs whose 7 days are over at `nowMs`. */
  expiredContentIds(nowMs: number): string[] {
    return this.ordered.filter((b) => this.isPublished(b, nowMs) && this.isExpired(b, nowMs)).map((b) => b.contentId);
  }

  private firstIndexAtOrAfter(ms: number): number {
    let lo = 0;
    let hi = this.ordered.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.ordered[mid].createdMs < ms) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  private firstIndexAfter(ms: number): number {
    let lo = 0;
    let hi = this.ordered.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.ordered[mid].createdMs <= ms) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}
