/**
 * Store stand-ins for HTTP tests that must prove what the bot did NOT do: every call is recorded,
 * and (unless given an answer) throws. A Proxy, so the Store interface can grow without breaking these.
 */
import type { Store } from '../../../src/store/store.ts';

export interface RecordingStore {
  store: Store;
  /** Names of the methods called, in order. */
  calls: string[];
}

export function recordingStore(
  answers: Partial<Record<keyof Store, (...args: unknown[]) => unknown>> = {},
  kind = 'recording',
): RecordingStore {
  const calls: string[] = [];
  const store = new Proxy({} as Store, {
    get(_target, property) {
      if (property === 'kind') return kind;
      if (property === 'then') return undefined;
      return async (...args: unknown[]) => {
        calls.push(String(property));
        const answer = answers[property as keyof Store];
        if (!answer) throw new Error(`store.${String(property)} is not available in this test`);
        return answer(...args);
      };
    },
  });
  return { store, calls };
}
