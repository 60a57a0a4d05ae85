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

test('flowwatch emulator reads the fault flags, rates as shares or percentages', () => {
  assert.deepEqual(
    parseEmulatorArgs([
      '--throttle-rate',
      '25%',
      '--throttle-status',
      '429',
      '--retry-after',
      '2',
      '--server-error-rate',
      '0.2',
      '--truncate-rate',
      '30%',
      '--slow-ms',
      '15',
      '--seed',
      '3',
    ]),
    {
      seed: 3,
      faults: {
        throttleRate: 0.25,
        throttleStatus: 429,
        retryAfterSeconds: 2,
        serverErrorRate: 0.2,
        truncateRate: 0.3,
        slowMs: 15,
      },
    },
  );
  assert.throws(() => parseEmulatorArgs(['--throttle-rate', '1.5']), /--throttle-rate needs a share between 0 and 1/);
  assert.throws(() => parseEmulatorArgs(['--truncate-rate', '120%']), /--truncate-rate needs a share .* got 120%/);
  assert.throws(() => parseEmulatorArgs(['--server-error-rate']), /got nothing/);
  assert.throws(() => parseEmulatorArgs(['--throttle-status', '500']), /--throttle-status needs 403 or 429, got 500/);
  assert.throws(() => parseEmulatorArgs(['--slow-ms', '-1']), /--slow-ms needs a whole number/);
});
