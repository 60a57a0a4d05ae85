/** IncidentStore in PostgreSQL; each transition is one statement, so two replicas cannot both win. */
import type { Incident, IncidentStore } from '../incident-store.ts';
import { rowToIncident, type IncidentRow } from '../incident-rows.ts';
import type { PgRunner } from './pg-runner.ts';

export class PostgresIncidents implements IncidentStore {
  constructor(private readonly db: PgRunner) {}

  async openIncident(kind: string, detail: string, at: string): Promise<boolean> {
    const result = await this.db.run((pool) =>
      pool.query(
        `INSERT INTO doctor_incidents (kind, state, detail, opened_at, closed_at) VALUES ($1, 'open', $2, $3, NULL)
         ON CONFLICT (kind) DO UPDATE SET state = 'open', detail = excluded.detail, opened_at = excluded.opened_at, closed_at = NULL
         WHERE doctor_incidents.state = 'closed'`,
        [kind, detail, at],
      ),
    );
    return (result.rowCount ?? 0) > 0;
  }

  async closeIncident(kind: string, at: string): Promise<boolean> {
    const result = await this.db.run((pool) =>
      pool.query(`UPDATE doctor_incidents SET state = 'closed', closed_at = $1 WHERE kind = $2 AND state = 'open'`, [
        at,
        kind,
      ]),
    );
    return (result.rowCount ?? 0) > 0;
  }

  async listIncidents(): Promise<Incident[]> {
    const { rows } = await this.db.run((pool) =>
      pool.query<IncidentRow>('SELECT * FROM doctor_incidents ORDER BY kind'),
    );
    return rows.map(rowToIncident);
  }
}
