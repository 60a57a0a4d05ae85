/** The coverage doctor's incidents, one row per kind: open or closed, changed by whoever gets there first. */
export interface Incident {
  kind: string;
  state: 'open' | 'closed';
  /** What the admins were told, e.g. "Syncs have failed for 45 min: AADSTS7000222 …". */
  detail: string;
  openedAt: string;
  closedAt: string | null;
}

/**
 * openIncident and closeIncident are atomic transitions: true only for the one call (of any
 * replica) that changed the state, so an incident is announced once and its end once.
 */
export interface IncidentStore {
  openIncident(kind: string, detail: string, at: string): Promise<boolean>;
  closeIncident(kind: string, at: string): Promise<boolean>;
  listIncidents(): Promise<Incident[]>;
}
