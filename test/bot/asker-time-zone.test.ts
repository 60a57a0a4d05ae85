import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { askerTimeZone } from '../../src/bot/asker-time-zone.ts';

describe('askerTimeZone', () => {
  test('takes the activity localTimezone', () => {
    assert.equal(askerTimeZone({ localTimezone: 'America/New_York' }, 'UTC'), 'America/New_York');
  });

  test('falls back to the clientInfo entity, then to the default', () => {
    assert.equal(askerTimeZone({ entities: [{ type: 'clientInfo', timezone: 'Asia/Tokyo' }] }, 'UTC'), 'Asia/Tokyo');
    assert.equal(askerTimeZone({}, 'Europe/Berlin'), 'Europe/Berlin');
  });

  test('ignores zones that are not IANA names', () => {
    assert.equal(
      askerTimeZone({ localTimezone: 'Mars/Olympus', entities: [{ type: 'clientInfo', timezone: 42 }] }, 'UTC'),
      'UTC',
    );
  });
});
