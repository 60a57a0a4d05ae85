/** IncidentStore in SQLite (migration 7); each transition is one statement under the write lock. */
import type { Incident, IncidentStore } from '../incident-store.ts';
import { rowToIncident, type IncidentRow } from '../incident-rows.ts';
import type { StatementCache } from './statements.ts';

export class SqliteIncidents implements IncidentStore {
  constructor(private readonly statements: StatementCache) {}

  async openIncident(kind: string, detail: string, at: string): Promise<boolean> {
    const sql = `INSERT INTO doctor_incidents (kind, state, detail, opened_at, closed_at) VALUES (?, 'open', ?, ?, NULL)
      ON CONFLICT (kind) DO UPDATE SET state = 'open', detail = excluded.detail, opened_at = excluded.opened_at, closed_at = NULL
      WHERE doctor_incidents.state = 'closed'`;
    return this.statements.get(sql).run(kind, detail, at).changes > 0;
  }

  async closeIncident(kind: string, at: string): Promise<boolean> {
    const sql = `UPDATE doctor_incidents SET state = 'closed', closed_at = ? WHERE kind = ? AND state = 'open'`;
    return this.statements.get(sql).run(at, kind).changes > 0;
  }

  async listIncidents(): Promise<Incident[]> {
    const rows = this.statements.get('SELECT * FROM doctor_incidents ORDER BY kind').all() as IncidentRow[];
    return rows.map(rowToIncident);
  }
}
