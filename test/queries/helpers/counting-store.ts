import type { Store } from '../../../src/store/store.ts';

const CONCERNS = ['events', 'inventory', 'syncState', 'botState', 'leases'] as const;

/** Wraps a store and records each call as "method firstArgSummary", to see how a query used it. */
export function countingStore(store: Store): { store: Store; calls: string[] } {
  const calls: string[] = [];
  const record = <T extends object>(concern: T): T =>
    new Proxy(concern, {
      get(target, property, receiver) {
        const value = Reflect.get(target, property, receiver) as unknown;
        if (typeof value !== 'function') return value;
        return (...args: unknown[]) => {
          calls.push(`${String(property)}${detailOf(property, args)}`);
          return (value as (...a: unknown[]) => unknown).apply(target, args);
        };
      },
    });
  const wrapped = Object.create(store) as Store & Record<string, unknown>;
  for (const concern of CONCERNS) Object.defineProperty(wrapped, concern, { value: record(store[concern]) });
  return { store: wrapped, calls };
}

function detailOf(property: string | symbol, args: unknown[]): string {
  if (property === 'countBy') return ` ${String(args[1])}`;
  if (property === 'getFlows') return ` ${(args[0] as string[]).length}`;
  if (property === 'countFlowsByActor') return ` ${(args[1] as string[]).length}`;
  return '';
}
