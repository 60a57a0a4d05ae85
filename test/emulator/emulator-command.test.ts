import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseEmulatorArgs } from '../../src/cli/commands/emulator.ts';

test('flowwatch emulator reads --port, --seed, --makers, --flows-per-day and --days', () => {
  assert.deepEqual(
    parseEmulatorArgs(['--port', '4100', '--seed', '7', '--makers', '12', '--flows-per-day', '30', '--days', '3']),
    {
      port: 4100,
      seed: 7,
      makers: 12,
      flowsPerDay: 30,
      days: 3,
    },
  );
  assert.deepEqual(parseEmulatorArgs([]), {});
});

test('flowwatch emulator names the option it cannot read', () => {
  assert.throws(() => parseEmulatorArgs(['--colour', 'blue']), /unknown option --colour/);
  assert.throws(() => parseEmulatorArgs(['--port']), /--port needs a whole number, got nothing/);
  assert.throws(() => parseEmulatorArgs(['--seed', '1.5']), /--seed needs a whole number, got 1\.5/);
});
