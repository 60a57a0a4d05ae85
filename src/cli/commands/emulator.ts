/**
 * `flowwatch emulator`: runs the tenant emulator on its own, for trying the real client or curl
 * against it, until Ctrl-C. Defaults come from the EMULATOR_* settings (src/config/emulator-config.ts).
 */
import { loadConfig } from '../../config/load-config.ts';
import { startEmulator } from '../../emulator/index.ts';

export const summary = 'run the local tenant emulator (token endpoint + Management Activity API) until Ctrl-C';

const HELP = `usage: flowwatch emulator [--port N] [--seed N] [--makers N] [--flows-per-day N] [--days N]

Serves a generated Microsoft 365 tenant on 127.0.0.1: an Entra-like token endpoint and the
Office 365 Management Activity API (Audit.General), and prints its URL, tenant id and the demo
app credentials it accepts. Defaults: EMULATOR_PORT, EMULATOR_SEED, EMULATOR_MAKERS,
EMULATOR_FLOWS_PER_DAY, EMULATOR_DAYS.`;

const FLAGS: Record<string, 'port' | 'seed' | 'makers' | 'flowsPerDay' | 'days'> = {
  '--port': 'port',
  '--seed': 'seed',
  '--makers': 'makers',
  '--flows-per-day': 'flowsPerDay',
  '--days': 'days',
};

/** Parses `--flag N` pairs; throws with the flag's name on anything else. */
export function parseEmulatorArgs(
  args: readonly string[],
): Partial<Record<'port' | 'seed' | 'makers' | 'flowsPerDay' | 'days', number>> {
  const out: Partial<Record<'port' | 'seed' | 'makers' | 'flowsPerDay' | 'days', number>> = {};
  for (let i = 0; i < args.length; i += 2) {
    const [flag, value] = [args[i], args[i + 1]];
    const key = FLAGS[flag];
    if (!key) throw new Error(`unknown option ${flag}\n\n${HELP}`);
    const n = Number(value);
    if (value === undefined || !Number.isInteger(n) || n < 0)
      throw new Error(`${flag} needs a whole number, got ${value ?? 'nothing'}`);
    out[key] = n;
  }
  return out;
}

export async function run(args: string[]): Promise<number> {
  if (args.includes('--help') || args.includes('-h')) {
    console.log(HELP);
    return 0;
  }
  const defaults = loadConfig().emulator;
  const emulator = await startEmulator({ ...defaults, ...parseEmulatorArgs(args) });
  console.log(`Flowwatch tenant emulator on ${emulator.url}
  tenant id       ${emulator.tenantId}
  client id       ${emulator.clientId}
  client secret   ${emulator.clientSecret}   (demo credential, only valid here)
  authority       ${emulator.authority}   (give MSAL the metadata below as authorityMetadata)
  metadata        ${emulator.url}/${emulator.tenantId}/v2.0/.well-known/openid-configuration
  token (v2)      POST ${emulator.url}/${emulator.tenantId}/oauth2/v2.0/token
  activity API    ${emulator.url}/api/v1.0/${emulator.tenantId}/activity/feed/
Ctrl-C to stop.`);
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  await emulator.close();
  return 0;
}
