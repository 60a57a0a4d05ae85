/**
 * The store as every caller sees it, with each failed call counted in flowwatch_store_errors_total
 * by concern. A Proxy rather than a wrapper per interface: concerns other branches add (and
 * methods added later) are counted without this file knowing them. Calls run on the real objects,
 * so private fields and `this` behave as before; errors pass through unchanged.
 */
import { isStoreUnavailable } from '../store/store-unavailable-error.ts';
import type { Store } from '../store/store.ts';
import type { FlowwatchMetrics } from './metrics.ts';

type Counting = (concern: string, error: unknown) => void;

function counted(concern: string, target: object, count: Counting): object {
  const wrapped = new Map<PropertyKey, unknown>();
  return new Proxy(target, {
    get(obj, prop) {
      const value = Reflect.get(obj, prop, obj) as unknown;
      if (typeof value !== 'function') return value;
      if (!wrapped.has(prop)) {
        const fn = value as (...args: unknown[]) => unknown;
        wrapped.set(prop, (...args: unknown[]) => {
          try {
            const result = fn.apply(obj, args);
            if (result instanceof Promise)
              return result.catch((error: unknown) => {
                count(concern, error);
                throw error;
              });
            return result;
          } catch (error) {
            count(concern, error);
            throw error;
          }
        });
      }
      return wrapped.get(prop);
    },
  });
}

/** Marks a store already counted by these metrics, so the runtime and the bot server may both ask. */
const COUNTED_BY = Symbol('countedBy');

export function instrumentStore(store: Store, metrics: Pick<FlowwatchMetrics, 'storeError'>): Store {
  if ((store as { [COUNTED_BY]?: unknown })[COUNTED_BY] === metrics) return store;
  const count: Counting = (concern, error) =>
    metrics.storeError(concern, isStoreUnavailable(error) ? 'unavailable' : 'other');
  const concerns = new Map<PropertyKey, object>();
  const root = counted('store', store, count);
  return new Proxy(store, {
    get(obj, prop) {
      if (prop === COUNTED_BY) return metrics;
      const value = Reflect.get(obj, prop, obj) as unknown;
      if (value === null || typeof value !== 'object') return Reflect.get(root, prop) as unknown;
      if (!concerns.has(prop)) concerns.set(prop, counted(String(prop), value, count));
      return concerns.get(prop);
    },
  });
}
