/** DOCTOR_*: when the coverage doctor calls a failing sync, a lagging feed or a silent environment an incident. */
import { ConfigError } from './config-error.ts';
import { int, type Env } from './env-readers.ts';

export interface DoctorConfig {
  failingMs: number;
  lagMs: number;
  /** An environment with inventory activity and no stored events for this many days is an incident; 0: not checked. */
  silentEnvironmentDays: number;
}

export function loadDoctorConfig(env: Env): DoctorConfig {
  const silentEnvironmentDays = int(env, 'DOCTOR_SILENT_ENVIRONMENT_DAYS', 3, 0, 90);
  if (silentEnvironmentDays === 1)
    throw new ConfigError(
      'DOCTOR_SILENT_ENVIRONMENT_DAYS',
      '"1" leaves no time to judge: Power Automate events may take up to 24 hours to reach the feed',
      'Set it to 2 or more (default 3), or 0 to turn the check off',
    );
  return {
    failingMs: int(env, 'DOCTOR_SYNC_FAILING_MINUTES', 30, 0, 10_080) * 60_000,
    lagMs: int(env, 'DOCTOR_LAG_MINUTES', 180, 1, 10_080) * 60_000,
    silentEnvironmentDays,
  };
}
