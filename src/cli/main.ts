/**
 * `flowwatch <command> [args]`: each command lives in src/cli/commands/<name>.ts and exports
 * `run(args: string[]): Promise<number>` (the exit code) and a one-line `summary`.
 */
const COMMANDS: Record<string, () => Promise<{ run(args: string[]): Promise<number>; summary: string }>> = {
  ask: () => import('./commands/ask.ts'),
  backfill: () => import('./commands/backfill.ts'),
  digest: () => import('./commands/digest.ts'),
  emulator: () => import('./commands/emulator.ts'),
  import: () => import('./commands/import.ts'),
  package: () => import('./commands/package.ts'),
  serve: () => import('./commands/serve.ts'),
  sync: () => import('./commands/sync.ts'),
};

function usage(): string {
  return [
    'usage: flowwatch <command> [options]',
    '',
    'commands:',
    ...Object.keys(COMMANDS).map((c) => `  ${c}`),
    '',
    'flowwatch <command> --help for its options',
  ].join('\n');
}

const [name, ...args] = process.argv.slice(2);
if (!name || name === '--help' || name === '-h' || name === 'help') {
  console.log(usage());
  process.exit(name ? 0 : 2);
}
const load = COMMANDS[name];
if (!load) {
  console.error(`flowwatch: unknown command "${name}"\n\n${usage()}`);
  process.exit(2);
}
try {
  const command = await load();
  process.exitCode = await command.run(args);
} catch (error) {
  const e = error as Error;
  console.error(e.name === 'ConfigError' ? `configuration error: ${e.message}` : `flowwatch ${name}: ${e.message}`);
  process.exitCode = 1;
}
