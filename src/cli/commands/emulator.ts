/**
 * `flowwatch emulator`: runs the tenant emulator on its own, for trying the real client or curl
 * against it, until Ctrl-C. Defaults come from the EMULATOR_* settings (src/config/emulator-config.ts).
 * The fault flags make it misbehave like a throttled or failing Microsoft service, so an operator
 * can rehearse a sync under faults (`EMULATOR_URL=… flowwatch sync` against it).
 */
import { loadConfig } from '../../config/load-config.ts';
import { startEmulator, type Faults } from '../../emulator/index.ts';

export const summary = 'run the local tenant emulator (token endpoint + Management Activity API) until Ctrl-C';

const HELP = `usage: flowwatch emulator [--port N] [--seed N] [--makers N] [--flows-per-day N] [--days N]
                          [--throttle-rate R] [--throttle-status 403|429] [--retry-after S]
                          [--server-error-rate R] [--truncate-rate R] [--slow-ms N]

Serves a generated Microsoft 365 tenant on 127.0.0.1: an Entra-like token endpoint and the
Office 365 Management Activity API (Audit.General), and prints its URL, tenant id and the demo
app credentials it accepts. Defaults: EMULATOR_PORT, EMULATOR_SEED, EMULATOR_MAKERS,
EMULATOR_FLOWS_PER_DAY, EMULATOR_DAYS.

Faults (rates are shares of requests, 0 to 1 or a percentage such as 25%; drawn from the seed,
so a run repeats; token requests are never failed):
  --throttle-rate R       answer AF429 (too many requests)
  --throttle-status S     HTTP status of AF429: 403 (as in Microsoft's example, default) or 429
  --retry-after S         send Retry-After: S seconds with AF429 (default: none, as documented)
  --server-error-rate R   answer 500 AF50000 or a bare 503
  --truncate-rate R       cut blob downloads short (a broken body, or the connection reset)
  --slow-ms N             wait N ms before every response`;

type CountKey = 'port' | 'seed' | 'makers' | 'flowsPerDay' | 'days';
type RateKey = 'throttleRate' | 'serverErrorRate' | 'truncateRate';

const COUNTS: Record<string, CountKey> = {
  '--port': 'port',
  '--seed': 'seed',
  '--makers': 'makers',
  '--flows-per-day': 'flowsPerDay',
  '--days': 'days',
};
const RATES: Record<string, RateKey> = {
  '--throttle-rate': 'throttleRate',
  '--server-error-rate': 'serverErrorRate',
  '--truncate-rate': 'truncateRate',
};

export type EmulatorArgs = Partial<Record<CountKey, number>> & { faults?: Partial<Faults> };

function wholeNumber(flag: string, value: string | undefined): number {
  const n = Number(value);
  if (value === undefined || value.trim() === '' || !Number.isInteger(n) || n < 0)
    throw new Error(`${flag} needs a whole number, got ${value ?? 'nothing'}`);
  return n;
}

/** "0.25" or "25%": a share between 0 and 1. */
function rate(flag: string, value: string | undefined): number {
  const percent = value?.endsWith('%') ?? false;
  const text = percent ? value!.slice(0, -1) : value;
  const n = text === undefined || text.trim() === '' ? NaN : Number(text) / (percent ? 100 : 1);
  if (!Number.isFinite(n) || n < 0 || n > 1)
    throw new Error(`${flag} needs a share between 0 and 1 (or 0% to 100%), got ${value ?? 'nothing'}`);
  return n;
}

function fault(flag: string, value: string | undefined): Partial<Faults> | null {
  const key = RATES[flag];
  if (key) return { [key]: rate(flag, value) };
  if (flag === '--slow-ms') return { slowMs: wholeNumber(flag, value) };
  if (flag === '--retry-after') return { retryAfterSeconds: wholeNumber(flag, value) };
  if (flag !== '--throttle-status') return null;
  if (value !== '403' && value !== '429')
    throw new Error(`--throttle-status needs 403 or 429, got ${value ?? 'nothing'}`);
  return { throttleStatus: value === '403' ? 403 : 429 };
}

/** Parses `--flag value` pairs; throws with the flag's name on anything else. */
export function parseEmulatorArgs(args: readonly string[]): EmulatorArgs {
  const out: EmulatorArgs = {};
  for (let i = 0; i < args.length; i += 2) {
    const [flag, value] = [args[i], args[i + 1]];
    const count = COUNTS[flag];
    if (count) {
      out[count] = wholeNumber(flag, value);
      continue;
    }
    const faults = fault(flag, value);
    if (!faults) throw new Error(`unknown option ${flag}\n\n${HELP}`);
    out.faults = { ...out.faults, ...faults };
  }
  return out;
}

function describeFaults(faults: Partial<Faults> | undefined): string {
  const set = Object.entries(faults ?? {}).map(([k, v]) => `${k}=${String(v)}`);
  return set.length === 0 ? 'none' : set.join(', ');
}

export async function run(args: string[]): Promise<number> {
  if (args.includes('--help') || args.includes('-h')) {
    console.log(HELP);
    return 0;
  }
  const defaults = loadConfig().emulator;
  const parsed = parseEmulatorArgs(args);
  const emulator = await startEmulator({ ...defaults, ...parsed });
  console.log(`Flowwatch tenant emulator on ${emulator.url}
  tenant id       ${emulator.tenantId}
  client id       ${emulator.clientId}
  client secret   ${emulator.clientSecret}   (demo credential, only valid here)
  authority       ${emulator.authority}   (give MSAL the metadata below as authorityMetadata)
  metadata        ${emulator.url}/${emulator.tenantId}/v2.0/.well-known/openid-configuration
  token (v2)      POST ${emulator.url}/${emulator.tenantId}/oauth2/v2.0/token
  activity API    ${emulator.url}/api/v1.0/${emulator.tenantId}/activity/feed/
  faults          ${describeFaults(parsed.faults)}
Ctrl-C to stop.`);
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  await emulator.close();
  return 0;
}
