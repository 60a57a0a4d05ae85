/**
 * What an EventFilter means, the same for both stores: which operations it asks for, which of its
 * conditions only the events themselves can answer, and the key a connector filter matches (the
 * key ingest files each connector under).
 */
import type { EventFilter } from '../model/event-query.ts';

/** Operations of a filter; an absent or empty list means all (FlowQuery: "empty means every operation"). */
export function filterOperations(filter: EventFilter): string[] | null {
  return filter.operations && filter.operations.length > 0 ? [...new Set(filter.operations)] : null;
}

/** Conditions only the events can answer (everything but time, operations and connector). */
export function hasEventOnlyConditions(filter: EventFilter): boolean {
  return (
    filter.actorUpn !== undefined ||
    filter.environmentId !== undefined ||
    filter.flowId !== undefined ||
    filter.ingestedFrom !== undefined ||
    filter.ingestedTo !== undefined
  );
}

/** The lower-case key a connector filter matches (ingest keeps each connector under its trimmed, lower-case name). */
export function connectorKey(connector: string): string {
  return connector.trim().toLowerCase();
}

/** Distinct connectors of an event by key, each with its first spelling, trimmed (an event counts once per connector). */
export function distinctConnectors(connectors: string[]): Map<string, string> {
  const byKey = new Map<string, string>();
  for (const raw of connectors) {
    const key = connectorKey(raw);
    if (key && !byKey.has(key)) byKey.set(key, raw.trim());
  }
  return byKey;
}
