/**
 * An in-memory ActivityFeed with the listing rules of audit-apis.md §1.5: startTime <=
 * contentCreated < endTime, at most 24 h apart and at most 7 days back (else AF20055), pages of
 * `pageSize` entries. Faults are injected per call.
 */
import { AuditApiError, ContentExpiredError, type ActivityFeed, type ContentEntry } from '../../../src/audit/source.ts';

const DAY = 24 * 3_600_000;

export interface FakeBlob {
  entry: ContentEntry;
  records: unknown[];
}

export class FakeFeed implements ActivityFeed {
  readonly blobs: FakeBlob[] = [];
  readonly listCalls: Array<{ start: Date; end: Date }> = [];
  readonly fetched: string[] = [];
  readonly expired = new Set<string>();
  subscriptionStarts = 0;
  subscribed = false;
  pageSize = 2;
  /** Return an error to fail that listing page (0-based page of that call). */
  failList: ((start: Date, page: number) => Error | null) | null = null;
  failFetch: ((contentId: string) => Error | null) | null = null;
  private seq = 0;

  constructor(private readonly now: () => Date) {}

  /** Publishes a blob created at `created`; returns its contentId. */
  publish(created: Date, records: unknown[]): string {
    this.seq++;
    const stamp = created.toISOString().replace(/\D/g, '').slice(0, 17);
    const contentId = `${stamp}${String(this.seq).padStart(6, '0')}$${stamp}${String(this.seq).padStart(6, '0')}$audit_general$Audit_General$na0031`;
    this.blobs.push({
      entry: {
        contentType: 'Audit.General',
        contentId,
        contentUri: `https://manage.office.example/api/v1.0/t/activity/feed/audit/${contentId}`,
        contentCreated: created.toISOString(),
        contentExpiration: new Date(created.getTime() + 7 * DAY).toISOString(),
      },
      records,
    });
    return contentId;
  }

  async ensureSubscription(contentType: string): Promise<'started' | 'already-enabled'> {
    if (contentType !== 'Audit.General') throw new Error(`unexpected content type ${contentType}`);
    this.subscriptionStarts++;
    if (this.subscribed) return 'already-enabled';
    this.subscribed = true;
    return 'started';
  }

  async *listContent(contentType: string, start: Date, end: Date): AsyncIterable<ContentEntry[]> {
    this.listCalls.push({ start, end });
    if (!this.subscribed) throw new AuditApiError('The subscription is disabled', 400, 'AF20022', false);
    if (end.getTime() - start.getTime() > DAY || start.getTime() < this.now().getTime() - 7 * DAY || end <= start) {
      throw new AuditApiError(`bad window ${start.toISOString()}..${end.toISOString()}`, 400, 'AF20055', false);
    }
    const hits = this.blobs
      .map((b) => b.entry)
      .filter(
        (e) =>
          e.contentType === contentType &&
          Date.parse(e.contentCreated) >= start.getTime() &&
          Date.parse(e.contentCreated) < end.getTime(),
      )
      .sort((a, b) => Date.parse(a.contentCreated) - Date.parse(b.contentCreated));
    for (let page = 0; page * this.pageSize < hits.length || page === 0; page++) {
      const failure = this.failList?.(start, page);
      if (failure) throw failure;
      yield hits.slice(page * this.pageSize, (page + 1) * this.pageSize);
    }
  }

  async fetchContent(entry: ContentEntry): Promise<unknown[]> {
    this.fetched.push(entry.contentId);
    const failure = this.failFetch?.(entry.contentId);
    if (failure) throw failure;
    if (this.expired.has(entry.contentId))
      throw new ContentExpiredError(entry.contentId, 'Content older than 7 days cannot be retrieved');
    const blob = this.blobs.find((b) => b.entry.contentId === entry.contentId);
    if (!blob) throw new AuditApiError(`no blob ${entry.contentId}`, 404, null, false);
    return structuredClone(blob.records);
  }
}
