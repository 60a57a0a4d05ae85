/** What both stores refuse to ingest, checked the same way so a bad event fails alike in each. */
import type { FlowEvent } from '../model/flow-event.ts';
import { toMillis } from './time-ranges.ts';

/** Throws for an event no store can keep; returns its occurredAt in ms. */
export function checkEvent(event: FlowEvent): number {
  if (typeof event.id !== 'string' || event.id === '') throw new TypeError('event without an id');
  if (typeof event.operation !== 'string' || event.operation === '')
    throw new TypeError(`event ${event.id} has no operation`);
  if (!Array.isArray(event.connectors)) throw new TypeError(`event ${event.id}: connectors is not a list`);
  return toMillis(event.occurredAt, `occurredAt of event ${event.id}`);
}
