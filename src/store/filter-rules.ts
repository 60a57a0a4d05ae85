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

/** Conditions only the events can answer (everything but time, operations and one connector). */
export function hasEventOnlyConditions(filter: EventFilter): boolean {
  return (
    (filterConnectorKeys(filter)?.length ?? 0) > 1 ||
    filter.actorUpn !== undefined ||
    filter.environmentId !== undefined ||
    filter.flowId !== undefined ||
    filter.ingestedFrom !== undefined ||
    filter.ingestedTo !== undefined
  );
}

/** The distinct keys of a connector filter; null when it names no connector. */
export function filterConnectorKeys(filter: EventFilter): string[] | null {
  return filter.connectors && filter.connectors.length > 0 ? [...new Set(filter.connectors.map(connectorKey))] : null;
}

/**
 * The key of a filter on exactly one connector, else null. One connector is answered from the
 * connector rows and their hourly rollups; several are an event condition (an event naming two of
 * them must count once, which per-connector rows and rollups cannot promise).
 */
export function singleConnectorKey(filter: EventFilter): string | null {
  const keys = filterConnectorKeys(filter);
  return keys?.length === 1 ? keys[0] : null;
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
