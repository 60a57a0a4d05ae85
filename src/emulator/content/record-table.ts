/**
 * Records that blobs reference by index, kept serialized (one string each) so that a large tenant
 * costs little memory: Flow records from the generator and records added at runtime. Noise
 * records of other workloads are not kept here; blobs regenerate them from a seed.
 */
export class RecordTable {
  private readonly json: string[] = [];
  private readonly ids: string[] = [];
  private readonly times: string[] = [];
  private readonly flow: boolean[] = [];
  /** The environment a record's FlowDetailsUrl names (lower-case), or '' (deletes often carry none, §3.4). */
  private readonly environments: string[] = [];

  /** Stores a record; returns its index. */
  add(record: Record<string, unknown>): number {
    this.json.push(JSON.stringify(record));
    this.ids.push(String((record['Id'] as string | undefined) ?? ''));
    this.times.push(String((record['CreationTime'] as string | undefined) ?? ''));
    // The same test a client makes (audit-apis.md §7.5).
    this.flow.push(record['RecordType'] === 30 || record['Workload'] === 'MicrosoftFlow');
    const url = typeof record['FlowDetailsUrl'] === 'string' ? record['FlowDetailsUrl'] : '';
    this.environments.push(/\/environments\/([^/?#]+)/i.exec(url)?.[1].toLowerCase() ?? '');
    return this.json.length - 1;
  }

  get size(): number {
    return this.json.length;
  }

  serialized(index: number): string {
    return this.json[index];
  }

  id(index: number): string {
    return this.ids[index];
  }

  creationTime(index: number): string {
    return this.times[index];
  }

  isFlow(index: number): boolean {
    return this.flow[index];
  }

  /** Lower-case environment id from FlowDetailsUrl, or '' when the record names none. */
  environment(index: number): string {
    return this.environments[index];
  }

  parsed(index: number): Record<string, unknown> {
    return JSON.parse(this.json[index]) as Record<string, unknown>;
  }
}
