import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { resolvePeriod, canonicalTimeZone } from '../../src/queries/period.ts';

const hours = (p: { from: string; to: string }) => (Date.parse(p.to) - Date.parse(p.from)) / 3_600_000;

describe('resolvePeriod', () => {
  test('today is the local day in the asked zone, ending at the next local midnight', () => {
    // 23:30 UTC on 26 Nov is already 27 Nov in Berlin.
    const p = resolvePeriod({ kind: 'today' }, 'Europe/Berlin', new Date('2026-11-26T23:30:00Z'));
    assert.deepEqual(p, {
      from: '2026-11-26T23:00:00.000Z',
      to: '2026-11-27T23:00:00.000Z',
      timeZone: 'Europe/Berlin',
      label: 'Fri 27 Nov 2026 (Europe/Berlin)',
    });
  });

  test('yesterday in UTC', () => {
    const p = resolvePeriod({ kind: 'yesterday' }, 'UTC', new Date('2026-11-27T00:00:00Z'));
    assert.equal(p.from, '2026-11-26T00:00:00.000Z');
    assert.equal(p.to, '2026-11-27T00:00:00.000Z');
    assert.equal(p.label, 'Thu 26 Nov 2026 (UTC)');
  });

  describe('daylight-saving days', () => {
    const cases = [
      {
        zone: 'America/New_York',
        date: '2026-03-08',
        from: '2026-03-08T05:00:00.000Z',
        to: '2026-03-09T04:00:00.000Z',
        hours: 23,
      },
      {
        zone: 'America/New_York',
        date: '2026-11-01',
        from: '2026-11-01T04:00:00.000Z',
        to: '2026-11-02T05:00:00.000Z',
        hours: 25,
      },
      {
        zone: 'Europe/Berlin',
        date: '2026-03-29',
        from: '2026-03-28T23:00:00.000Z',
        to: '2026-03-29T22:00:00.000Z',
        hours: 23,
      },
      {
        zone: 'Europe/Berlin',
        date: '2026-10-25',
        from: '2026-10-24T22:00:00.000Z',
        to: '2026-10-25T23:00:00.000Z',
        hours: 25,
      },
    ];
    for (const c of cases) {
      test(`${c.date} in ${c.zone} lasts ${c.hours} hours (on DATE)`, () => {
        const p = resolvePeriod({ kind: 'on', date: c.date }, c.zone, new Date('2026-12-01T12:00:00Z'));
        assert.equal(p.from, c.from);
        assert.equal(p.to, c.to);
        assert.equal(hours(p), c.hours);
      });
      test(`${c.date} in ${c.zone} lasts ${c.hours} hours (today, asked late that evening)`, () => {
        const lateEvening = new Date(Date.parse(c.to) - 30 * 60_000);
        const p = resolvePeriod({ kind: 'today' }, c.zone, lateEvening);
        assert.equal(p.from, c.from);
        assert.equal(p.to, c.to);
      });
      test(`${c.date} in ${c.zone} lasts ${c.hours} hours (yesterday, asked the next morning)`, () => {
        const nextMorning = new Date(Date.parse(c.to) + 60 * 60_000);
        const p = resolvePeriod({ kind: 'yesterday' }, c.zone, nextMorning);
        assert.equal(p.from, c.from);
        assert.equal(p.to, c.to);
      });
    }

    test('a week across the spring change in Berlin is 167 hours', () => {
      const p = resolvePeriod({ kind: 'thisWeek' }, 'Europe/Berlin', new Date('2026-03-27T10:00:00Z'));
      assert.equal(p.from, '2026-03-22T23:00:00.000Z');
      assert.equal(p.to, '2026-03-29T22:00:00.000Z');
      assert.equal(hours(p), 167);
    });

    test('last 3 days across the autumn change in New York are 73 hours of whole local days', () => {
      const p = resolvePeriod({ kind: 'lastDays', days: 3 }, 'America/New_York', new Date('2026-11-02T15:00:00Z'));
      assert.equal(p.from, '2026-10-31T04:00:00.000Z');
      assert.equal(p.to, '2026-11-03T05:00:00.000Z');
      assert.equal(hours(p), 73);
    });
  });

  describe('weeks start on Monday', () => {
    test('this week on a Sunday still starts the Monday before', () => {
      const p = resolvePeriod({ kind: 'thisWeek' }, 'UTC', new Date('2026-11-29T20:00:00Z'));
      assert.equal(p.from, '2026-11-23T00:00:00.000Z');
      assert.equal(p.to, '2026-11-30T00:00:00.000Z');
      assert.equal(p.label, 'Mon 23 Nov 2026 – Sun 29 Nov 2026 (UTC)');
    });
    test('this week on a Monday morning starts that Monday', () => {
      const p = resolvePeriod({ kind: 'thisWeek' }, 'Europe/Berlin', new Date('2026-11-29T23:30:00Z'));
      assert.equal(p.from, '2026-11-29T23:00:00.000Z');
    });
    test('last week is the whole previous Monday–Sunday', () => {
      const p = resolvePeriod({ kind: 'lastWeek' }, 'UTC', new Date('2026-11-25T08:00:00Z'));
      assert.equal(p.from, '2026-11-16T00:00:00.000Z');
      assert.equal(p.to, '2026-11-23T00:00:00.000Z');
      assert.equal(p.label, 'Mon 16 Nov 2026 – Sun 22 Nov 2026 (UTC)');
    });
    test('last week across a year boundary', () => {
      const p = resolvePeriod({ kind: 'lastWeek' }, 'UTC', new Date('2027-01-06T08:00:00Z'));
      assert.equal(p.from, '2026-12-28T00:00:00.000Z');
      assert.equal(p.to, '2027-01-04T00:00:00.000Z');
    });
  });

  describe('months', () => {
    test('this month runs from the 1st to the next 1st in local time', () => {
      const p = resolvePeriod({ kind: 'thisMonth' }, 'America/New_York', new Date('2026-11-15T12:00:00Z'));
      assert.equal(p.from, '2026-11-01T04:00:00.000Z');
      assert.equal(p.to, '2026-12-01T05:00:00.000Z');
      assert.equal(p.label, 'Sun 1 Nov 2026 – Mon 30 Nov 2026 (America/New_York)');
    });
    test('last month in March is February, 28 days in 2026', () => {
      const p = resolvePeriod({ kind: 'lastMonth' }, 'UTC', new Date('2026-03-01T00:00:00Z'));
      assert.equal(p.from, '2026-02-01T00:00:00.000Z');
      assert.equal(p.to, '2026-03-01T00:00:00.000Z');
    });
    test('on the evening of 31 Oct in New York it is already November in UTC but still October locally', () => {
      const now = new Date('2026-11-01T02:00:00Z');
      assert.equal(resolvePeriod({ kind: 'thisMonth' }, 'America/New_York', now).from, '2026-10-01T04:00:00.000Z');
      assert.equal(resolvePeriod({ kind: 'thisMonth' }, 'UTC', now).from, '2026-11-01T00:00:00.000Z');
    });
    test('last month in January is December of the year before', () => {
      const p = resolvePeriod({ kind: 'lastMonth' }, 'Europe/Berlin', new Date('2027-01-10T12:00:00Z'));
      assert.equal(p.from, '2026-11-30T23:00:00.000Z');
      assert.equal(p.to, '2026-12-31T23:00:00.000Z');
    });
  });

  describe('last N days, since and on', () => {
    test('last 1 days is today', () => {
      const now = new Date('2026-11-27T15:00:00Z');
      assert.deepEqual(
        resolvePeriod({ kind: 'lastDays', days: 1 }, 'UTC', now),
        resolvePeriod({ kind: 'today' }, 'UTC', now),
      );
    });
    test('last 7 days is today and the six local days before', () => {
      const p = resolvePeriod({ kind: 'lastDays', days: 7 }, 'UTC', new Date('2026-11-27T15:00:00Z'));
      assert.equal(p.from, '2026-11-21T00:00:00.000Z');
      assert.equal(p.to, '2026-11-28T00:00:00.000Z');
      assert.equal(p.label, 'Sat 21 Nov 2026 – Fri 27 Nov 2026 (UTC)');
    });
    test('a weekday is its most recent local date: today when today is one, else the one before', () => {
      // 2026-11-27 is a Friday; 15:00 UTC is already Saturday 00:30 in Pacific/Kiritimati (UTC+14).
      const friday = new Date('2026-11-27T15:00:00Z');
      assert.equal(resolvePeriod({ kind: 'weekday', day: 5 }, 'UTC', friday).label, 'Fri 27 Nov 2026 (UTC)');
      assert.equal(resolvePeriod({ kind: 'weekday', day: 1 }, 'UTC', friday).label, 'Mon 23 Nov 2026 (UTC)');
      assert.equal(resolvePeriod({ kind: 'weekday', day: 6 }, 'UTC', friday).label, 'Sat 21 Nov 2026 (UTC)');
      const kiritimati = resolvePeriod({ kind: 'weekday', day: 6 }, 'Pacific/Kiritimati', friday);
      assert.equal(kiritimati.label, 'Sat 28 Nov 2026 (Pacific/Kiritimati)');
      assert.throws(() => resolvePeriod({ kind: 'weekday', day: 8 }, 'UTC', friday), RangeError);
    });
    test('last 0 days is refused', () => {
      assert.throws(() => resolvePeriod({ kind: 'lastDays', days: 0 }, 'UTC', new Date()), RangeError);
    });
    test('since a date runs from its local midnight to the end of today', () => {
      const p = resolvePeriod({ kind: 'since', date: '2026-11-01' }, 'Europe/Berlin', new Date('2026-11-20T09:00:00Z'));
      assert.equal(p.from, '2026-10-31T23:00:00.000Z');
      assert.equal(p.to, '2026-11-20T23:00:00.000Z');
      assert.equal(p.label, 'Sun 1 Nov 2026 – Fri 20 Nov 2026 (Europe/Berlin)');
    });
    test('since a future date is an empty period, never a reversed one', () => {
      const p = resolvePeriod({ kind: 'since', date: '2027-02-01' }, 'UTC', new Date('2026-11-20T09:00:00Z'));
      assert.equal(p.from, '2027-02-01T00:00:00.000Z');
      assert.equal(p.to, p.from);
    });
    test('on a date is that local day', () => {
      const p = resolvePeriod({ kind: 'on', date: '2026-11-20' }, 'Asia/Tokyo', new Date('2026-12-01T00:00:00Z'));
      assert.equal(p.from, '2026-11-19T15:00:00.000Z');
      assert.equal(p.to, '2026-11-20T15:00:00.000Z');
      assert.equal(p.label, 'Fri 20 Nov 2026 (Asia/Tokyo)');
    });
    test('an impossible date is refused with the expected form', () => {
      assert.throws(() => resolvePeriod({ kind: 'on', date: '2026-02-30' }, 'UTC', new Date()), /YYYY-MM-DD/);
      assert.throws(() => resolvePeriod({ kind: 'since', date: '20 Nov' }, 'UTC', new Date()), /YYYY-MM-DD/);
    });
  });

  test('asked again, follows the local date: each side of midnight, each zone, each period', () => {
    const beforeMidnight = new Date('2026-11-26T22:59:59.999Z');
    const afterMidnight = new Date('2026-11-26T23:00:00.000Z');
    const first = resolvePeriod({ kind: 'today' }, 'Europe/Berlin', beforeMidnight);
    first.label = 'changed by a caller';
    assert.equal(
      resolvePeriod({ kind: 'today' }, 'Europe/Berlin', beforeMidnight).label,
      'Thu 26 Nov 2026 (Europe/Berlin)',
    );
    assert.equal(
      resolvePeriod({ kind: 'today' }, 'Europe/Berlin', afterMidnight).label,
      'Fri 27 Nov 2026 (Europe/Berlin)',
    );
    assert.equal(resolvePeriod({ kind: 'today' }, 'UTC', afterMidnight).label, 'Thu 26 Nov 2026 (UTC)');
    assert.equal(
      resolvePeriod({ kind: 'lastDays', days: 2 }, 'UTC', afterMidnight).label,
      'Wed 25 Nov 2026 – Thu 26 Nov 2026 (UTC)',
    );
    assert.equal(
      resolvePeriod({ kind: 'lastDays', days: 3 }, 'UTC', afterMidnight).label,
      'Tue 24 Nov 2026 – Thu 26 Nov 2026 (UTC)',
    );
    assert.equal(
      resolvePeriod({ kind: 'on', date: '2026-11-20' }, 'UTC', afterMidnight).label,
      'Fri 20 Nov 2026 (UTC)',
    );
    assert.equal(
      resolvePeriod({ kind: 'on', date: '2026-11-21' }, 'UTC', afterMidnight).label,
      'Sat 21 Nov 2026 (UTC)',
    );
  });

  test('an unknown time zone is refused', () => {
    assert.throws(() => resolvePeriod({ kind: 'today' }, 'Mars/Olympus', new Date()), /IANA/);
  });
});

describe('canonicalTimeZone', () => {
  test('fixes the case of a zone name and rejects non-zones', () => {
    assert.equal(canonicalTimeZone('europe/berlin'), 'Europe/Berlin');
    assert.equal(canonicalTimeZone('utc'), 'UTC');
    assert.equal(canonicalTimeZone('Mars/Olympus'), null);
  });
});
