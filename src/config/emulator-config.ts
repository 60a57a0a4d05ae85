/** EMULATOR_*: the generated tenant that demo mode syncs from. */
import { int, type Env } from './env-readers.ts';

export interface EmulatorConfig {
  port: number;
  seed: number;
  makers: number;
  flowsPerDay: number;
  days: number;
  /** `flowwatch serve` in demo mode: a new flow every this many seconds (0: none). */
  liveSeconds: number;
}

export function loadEmulatorConfig(env: Env): EmulatorConfig {
  return {
    port: int(env, 'EMULATOR_PORT', 0, 0, 65535),
    seed: int(env, 'EMULATOR_SEED', 42, 0, 2 ** 31 - 1),
    makers: int(env, 'EMULATOR_MAKERS', 40, 1, 100_000),
    flowsPerDay: int(env, 'EMULATOR_FLOWS_PER_DAY', 60, 0, 1_000_000),
    days: int(env, 'EMULATOR_DAYS', 8, 1, 180),
    liveSeconds: int(env, 'EMULATOR_LIVE_SECONDS', 60, 0, 86_400),
  };
}
