#!/usr/bin/env node
// `npm run playground`: starts Microsoft 365 Agents Playground (the local Teams-like chat client,
// @microsoft/m365agentsplayground) pointed at the bot, in the msteams channel. Start the bot first
// (`npm start`, demo mode: http://127.0.0.1:3978/api/messages). The Playground sends activities
// without a Bot Framework token and serves the connector API itself (teams-platform.md §1.5, §7.2).
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { parseArgs } from 'node:util';

const HELP = `usage: npm run playground -- [--endpoint URL] [--port N] [--no-browser]

  --endpoint URL   the bot's messaging endpoint (default http://127.0.0.1:3978/api/messages)
  --port N         the Playground's port (default 56150; 0 = any free port)
  --no-browser     do not open a browser window (print the URL only)`;

const { values } = parseArgs({
  options: {
    endpoint: { type: 'string', default: 'http://127.0.0.1:3978/api/messages' },
    port: { type: 'string', default: '56150' },
    'no-browser': { type: 'boolean', default: false },
    help: { type: 'boolean', short: 'h', default: false },
  },
});
if (values.help) {
  console.log(HELP);
  process.exit(0);
}
if (!/^\d{1,5}$/.test(values.port)) {
  console.error(`playground: --port "${values.port}" is not a port number\n\n${HELP}`);
  process.exit(2);
}

await warnWhenBotIsDown(values.endpoint);

const cli = createRequire(import.meta.url).resolve('@microsoft/m365agentsplayground/cli.js');
const child = spawn(
  process.execPath,
  [cli, '--app-endpoint', values.endpoint, '--channel-id', 'msteams', '--port', values.port, '--disable-telemetry'],
  {
    stdio: 'inherit',
    env: {
      ...process.env,
      // Its log goes to ./devTools/ by default; keep it with the other local data (git-ignored).
      M365_AGENTS_PLAYGROUND_LOGFILE: process.env.M365_AGENTS_PLAYGROUND_LOGFILE ?? 'data/m365agentsplayground.log',
      ...(values['no-browser'] ? { TEAMSAPPTESTER_BROWSER: 'none' } : {}),
    },
  },
);
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));

/** The Playground starts either way; a hint now saves a confusing empty chat later. */
async function warnWhenBotIsDown(endpoint) {
  let health;
  try {
    health = new URL('/healthz', endpoint);
  } catch {
    console.error(`playground: --endpoint "${endpoint}" is not a URL`);
    process.exit(2);
  }
  try {
    await fetch(health, { signal: AbortSignal.timeout(2000) });
  } catch {
    console.error(`playground: no bot answers at ${health.origin} yet. Start it in another terminal with: npm start`);
  }
}
