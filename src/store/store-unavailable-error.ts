/**
 * The store cannot be reached right now (database restarting, network cut, pool exhausted by a
 * dead server). Callers treat it as temporary: the sync pauses and retries, chat answers say so
 * instead of showing a generic error. `code` is stable for checks across module boundaries.
 */
export class StoreUnavailableError extends Error {
  readonly code = 'store_unavailable';

  constructor(
    message: string,
    readonly cause?: unknown,
  ) {
    super(message);
    this.name = 'StoreUnavailableError';
  }
}

/** True for a StoreUnavailableError, also one thrown by another copy of this module. */
export function isStoreUnavailable(error: unknown): error is StoreUnavailableError {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === 'store_unavailable';
}
