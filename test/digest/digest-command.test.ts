import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { parseDigestCommand } from '../../src/digest/digest-command.ts';

describe('digest commands', () => {
  test('reads here, off, status and at, in any case', () => {
    assert.deepEqual(parseDigestCommand('digest here'), { kind: 'here' });
    assert.deepEqual(parseDigestCommand('Digest OFF.'), { kind: 'off' });
    assert.deepEqual(parseDigestCommand('digest stop'), { kind: 'off' });
    assert.deepEqual(parseDigestCommand('digest'), { kind: 'status' });
    assert.deepEqual(parseDigestCommand('digest status'), { kind: 'status' });
    assert.deepEqual(parseDigestCommand('digest at 08:00 Europe/Berlin'), {
      kind: 'at',
      time: '08:00',
      timeZone: 'Europe/Berlin',
      days: null,
    });
    assert.deepEqual(parseDigestCommand('digest at 7.5 europe/berlin weekdays'), {
      kind: 'invalid',
      problem: '"7.5" is not a time of day; use HH:MM, e.g. 08:00.',
    });
    assert.deepEqual(parseDigestCommand('digest at 7:05 america/new_york weekdays'), {
      kind: 'at',
      time: '07:05',
      timeZone: 'America/New_York',
      days: 'weekdays',
    });
    assert.deepEqual(parseDigestCommand('digest at 9 every day'), {
      kind: 'at',
      time: '09:00',
      timeZone: null,
      days: 'daily',
    });
    assert.deepEqual(parseDigestCommand('digest at 18:30 UTC daily'), {
      kind: 'at',
      time: '18:30',
      timeZone: 'UTC',
      days: 'daily',
    });
  });

  test('leaves questions alone', () => {
    for (const text of ['new flows today', 'who edited flows this week', 'digests', 'show digest'])
      assert.equal(parseDigestCommand(text), null);
  });

  test('explains what is wrong with a digest command it cannot read', () => {
    assert.equal(parseDigestCommand('digest at 24:00')?.kind, 'invalid');
    assert.match(JSON.stringify(parseDigestCommand('digest at 08:00 Mars/Olympus')), /not a time zone I know/);
    assert.match(JSON.stringify(parseDigestCommand('digest at 08:00 Europe/Berlin on tuesdays')), /could not read/);
    assert.match(JSON.stringify(parseDigestCommand('digest now please')), /I don't know \\"digest now please\\"/);
  });
});
