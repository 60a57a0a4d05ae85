import type { Store } from '../../../src/store/store.ts';

/** Wraps a store and records each call as "method firstArgSummary", to see how a query used it. */
export function countingStore(store: Store): { store: Store; calls: string[] } {
  const calls: string[] = [];
  const wrapped = new Proxy(store, {
    get(target, property, receiver) {
      const value = Reflect.get(target, property, receiver);
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        const detail =
          property === 'countBy'
            ? ` ${String(args[1])}`
            : property === 'getFlows'
              ? ` ${(args[0] as string[]).length}`
              : property === 'countFlowsByActor'
                ? ` ${(args[1] as string[]).length}`
                : '';
        calls.push(`${String(property)}${detail}`);
        return (value as (...a: unknown[]) => unknown).apply(target, args);
      };
    },
  });
  return { store: wrapped, calls };
}
