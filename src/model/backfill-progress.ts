/** How far the Graph audit query backfill has got (issue 12): /healthz, the CLI, answers and the digest say it. */
export interface BackfillProgress {
  status: 'idle' | 'running' | 'done';
  slicesDone: number;
  slicesTotal: number;
  /** Everything from here to the newest planned day is done (null: not even the newest yet). */
  doneBackTo: string | null;
  /** The oldest planned day. */
  oldestPlanned: string | null;
  /** Slices whose last attempt failed (they are tried again). */
  failing: number;
}
