/**
 * Feeds for the ingest benchmark's two sides. RecordingFeed wraps the real HTTP client and notes
 * which blobs the whole path listed; MemoryFeed then serves exactly those blobs' bytes from memory,
 * so the in-process limit runs the same sync over the same records with only HTTP taken away.
 */
import type { ActivityFeed, ContentEntry } from '../src/audit/source.ts';

export class RecordingFeed implements ActivityFeed {
  readonly listed: ContentEntry[] = [];

  constructor(private readonly inner: ActivityFeed) {}

  ensureSubscription(contentType: string): Promise<'started' | 'already-enabled'> {
    return this.inner.ensureSubscription(contentType);
  }

  async *listContent(contentType: string, start: Date, end: Date): AsyncIterable<ContentEntry[]> {
    for await (const page of this.inner.listContent(contentType, start, end)) {
      this.listed.push(...page);
      yield page;
    }
  }

  fetchContent(entry: ContentEntry): Promise<unknown[]> {
    return this.inner.fetchContent(entry);
  }
}

/** Blob bodies as the API sent them (bytes), listed by contentCreated like the real API. */
export class MemoryFeed implements ActivityFeed {
  constructor(
    private readonly entries: readonly ContentEntry[],
    private readonly bodies: ReadonlyMap<string, Buffer>,
  ) {}

  async ensureSubscription(): Promise<'already-enabled'> {
    return 'already-enabled';
  }

  async *listContent(contentType: string, start: Date, end: Date): AsyncIterable<ContentEntry[]> {
    yield this.entries.filter((e) => {
      const created = Date.parse(e.contentCreated);
      return e.contentType === contentType && created >= start.getTime() && created < end.getTime();
    });
  }

  /** Decoding and parsing, as the HTTP client does with a response body. */
  async fetchContent(entry: ContentEntry): Promise<unknown[]> {
    const body = this.bodies.get(entry.contentId);
    if (!body) throw new Error(`no body for ${entry.contentId}`);
    return JSON.parse(body.toString('utf8')) as unknown[];
  }
}
