/** DOCTOR_*: when the coverage doctor calls a failing sync or a lagging feed an incident. */
import { int, type Env } from './env-readers.ts';

export interface DoctorConfig {
  failingMs: number;
  lagMs: number;
}

export function loadDoctorConfig(env: Env): DoctorConfig {
  return {
    failingMs: int(env, 'DOCTOR_SYNC_FAILING_MINUTES', 30, 0, 10_080) * 60_000,
    lagMs: int(env, 'DOCTOR_LAG_MINUTES', 180, 1, 10_080) * 60_000,
  };
}
