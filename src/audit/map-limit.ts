/**
 * Runs `fn` over `items` with at most `limit` calls in flight, keeping results in input order.
 * Blob fetches use it (SYNC_CONCURRENCY); anything else that fans out over HTTP may reuse it.
 */
export async function mapLimit<T, R>(
  items: readonly T[],
  limit: number,
  fn: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  const settled = await runLimited(items, limit, fn, true);
  return settled.map((s) => (s as PromiseFulfilledResult<R>).value);
}

/**
 * Like mapLimit, but never rejects: every item gets a PromiseSettledResult, so one failed blob
 * (for example an expired one) does not stop the others.
 */
export function mapLimitSettled<T, R>(
  items: readonly T[],
  limit: number,
  fn: (item: T, index: number) => Promise<R>,
): Promise<PromiseSettledResult<R>[]> {
  return runLimited(items, limit, fn, false);
}

async function runLimited<T, R>(
  items: readonly T[],
  limit: number,
  fn: (item: T, index: number) => Promise<R>,
  failFast: boolean,
): Promise<PromiseSettledResult<R>[]> {
  if (!Number.isInteger(limit) || limit < 1)
    throw new RangeError(`concurrency limit must be a whole number >= 1, got ${limit}`);
  const results = new Array<PromiseSettledResult<R>>(items.length);
  let next = 0;
  let firstError: { error: unknown } | null = null;
  const worker = async (): Promise<void> => {
    // Fail-fast stops starting new items after the first failure; items in flight still finish.
    while (next < items.length && !(failFast && firstError)) {
      const index = next++;
      try {
        results[index] = { status: 'fulfilled', value: await fn(items[index], index) };
      } catch (error) {
        results[index] = { status: 'rejected', reason: error };
        firstError ??= { error };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  // Assigned inside the workers, which TypeScript's narrowing does not see.
  const failure = firstError as { error: unknown } | null;
  if (failFast && failure) throw failure.error;
  return results;
}
