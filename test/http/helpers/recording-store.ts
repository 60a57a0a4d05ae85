/**
 * Store stand-ins for HTTP tests that must prove what the bot did NOT do: every call on any concern
 * (store.events.…, store.botState.…) is recorded by method name, and throws. Proxies, so the
 * concern interfaces can grow without breaking these.
 */
import type { Store } from '../../../src/store/store.ts';

export interface RecordingStore {
  store: Store;
  /** Names of the methods called, in order. */
  calls: string[];
}

export function recordingStore(kind = 'recording'): RecordingStore {
  const calls: string[] = [];
  const refuse = (name: string) => async () => {
    calls.push(name);
    throw new Error(`store.${name} is not available in this test`);
  };
  const concern = new Proxy({}, { get: (_target, method) => refuse(String(method)) });
  const store = new Proxy({} as Store, {
    get(_target, property) {
      if (property === 'kind') return kind;
      if (property === 'then') return undefined;
      if (property === 'ping' || property === 'close') return refuse(property);
      return concern;
    },
  });
  return { store, calls };
}
