/** The row shape of doctor_incidents in both stores. */
import type { Incident } from './incident-store.ts';

export interface IncidentRow {
  kind: string;
  state: 'open' | 'closed';
  detail: string;
  opened_at: string;
  closed_at: string | null;
}

export function rowToIncident(r: IncidentRow): Incident {
  return { kind: r.kind, state: r.state, detail: r.detail, openedAt: r.opened_at, closedAt: r.closed_at };
}
