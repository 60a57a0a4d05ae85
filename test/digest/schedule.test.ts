import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  currentPeriod,
  dueInstant,
  nextOccurrence,
  occurrencesBetween,
  periodForSendDay,
  previousPeriod,
} from '../../src/digest/schedule.ts';

const berlin = { time: '08:00', timeZone: 'Europe/Berlin', days: 'daily' as const };
const newYork = { time: '08:00', timeZone: 'America/New_York', days: 'daily' as const };

describe('digest schedule', () => {
  test('is due at the local time, in UTC by the offset of that day', () => {
    assert.equal(dueInstant('2026-11-24', berlin).toUTC().toISO(), '2026-11-24T07:00:00.000Z');
    assert.equal(dueInstant('2026-07-01', berlin).toUTC().toISO(), '2026-07-01T06:00:00.000Z');
  });

  test('keeps the wall-clock time across the Berlin spring-forward and fall-back days', () => {
    assert.equal(dueInstant('2026-03-28', berlin).toUTC().toISO(), '2026-03-28T07:00:00.000Z');
    assert.equal(dueInstant('2026-03-29', berlin).toUTC().toISO(), '2026-03-29T06:00:00.000Z');
    assert.equal(dueInstant('2026-10-24', berlin).toUTC().toISO(), '2026-10-24T06:00:00.000Z');
    assert.equal(dueInstant('2026-10-25', berlin).toUTC().toISO(), '2026-10-25T07:00:00.000Z');
  });

  test('keeps the wall-clock time across the New York DST days', () => {
    assert.equal(dueInstant('2026-03-07', newYork).toUTC().toISO(), '2026-03-07T13:00:00.000Z');
    assert.equal(dueInstant('2026-03-08', newYork).toUTC().toISO(), '2026-03-08T12:00:00.000Z');
    assert.equal(dueInstant('2026-10-31', newYork).toUTC().toISO(), '2026-10-31T12:00:00.000Z');
    assert.equal(dueInstant('2026-11-01', newYork).toUTC().toISO(), '2026-11-01T13:00:00.000Z');
  });

  test('moves a time skipped by spring-forward past the gap, and takes a repeated time once, at its first occurrence', () => {
    const early = { ...berlin, time: '02:30' };
    assert.equal(dueInstant('2026-03-29', early).toUTC().toISO(), '2026-03-29T01:30:00.000Z'); // 03:30 CEST
    assert.equal(dueInstant('2026-10-25', early).toUTC().toISO(), '2026-10-25T00:30:00.000Z'); // 02:30 CEST, not CET
    const nyEarly = { ...newYork, time: '01:30' };
    assert.equal(dueInstant('2026-11-01', nyEarly).toUTC().toISO(), '2026-11-01T05:30:00.000Z'); // 01:30 EDT
    const around = occurrencesBetween(new Date('2026-10-24T12:00:00Z'), new Date('2026-10-26T12:00:00Z'), early);
    assert.deepEqual(
      around.map((o) => o.dueAt),
      ['2026-10-25T00:30:00.000Z', '2026-10-26T01:30:00.000Z'],
    );
  });

  test('covers the previous local day, 23 hours on spring-forward and 25 on fall-back', () => {
    const spring = periodForSendDay('2026-03-30', berlin);
    assert.deepEqual(spring, {
      key: '2026-03-29',
      from: '2026-03-28T23:00:00.000Z',
      to: '2026-03-29T22:00:00.000Z',
      timeZone: 'Europe/Berlin',
      firstDay: '2026-03-29',
      lastDay: '2026-03-29',
    });
    const fall = periodForSendDay('2026-11-02', newYork);
    assert.equal(fall.from, '2026-11-01T04:00:00.000Z');
    assert.equal(fall.to, '2026-11-02T05:00:00.000Z');
    assert.equal(Date.parse(fall.to) - Date.parse(fall.from), 25 * 3600_000);
  });

  test('weekdays only: Monday covers Friday to Sunday, Tuesday covers Monday, nothing on weekends', () => {
    const weekdays = { ...berlin, days: 'weekdays' as const };
    const monday = periodForSendDay('2026-03-30', weekdays);
    assert.equal(monday.key, '2026-03-27..2026-03-29');
    assert.equal(monday.from, '2026-03-26T23:00:00.000Z');
    assert.equal(monday.to, '2026-03-29T22:00:00.000Z');
    assert.equal(periodForSendDay('2026-03-31', weekdays).key, '2026-03-30');
    const week = occurrencesBetween(new Date('2026-03-26T12:00:00Z'), new Date('2026-04-01T12:00:00Z'), weekdays);
    assert.deepEqual(
      week.map((o) => [o.sendDay, o.period.key]),
      [
        ['2026-03-27', '2026-03-26'],
        ['2026-03-30', '2026-03-27..2026-03-29'],
        ['2026-03-31', '2026-03-30'],
        ['2026-04-01', '2026-03-31'],
      ],
    );
  });

  test('finds the next occurrence strictly after now, skipping the weekend', () => {
    const weekdays = { ...newYork, days: 'weekdays' as const };
    assert.equal(nextOccurrence(new Date('2026-03-06T13:00:00Z'), weekdays).dueAt, '2026-03-09T12:00:00.000Z');
    assert.equal(nextOccurrence(new Date('2026-03-06T12:59:00Z'), weekdays).dueAt, '2026-03-06T13:00:00.000Z');
  });

  test('lists occurrences in (after, until], so the one due exactly at `until` counts once', () => {
    const due = new Date('2026-11-24T07:00:00.000Z');
    assert.equal(occurrencesBetween(new Date(due.getTime() - 1), due, berlin).length, 1);
    assert.equal(occurrencesBetween(due, new Date(due.getTime() + 60_000), berlin).length, 0);
  });

  test('compares with a previous period of the same number of local days', () => {
    const weekend = periodForSendDay('2026-03-30', { timeZone: 'Europe/Berlin', days: 'weekdays' });
    assert.equal(previousPeriod(weekend).key, '2026-03-24..2026-03-26');
    assert.equal(previousPeriod(periodForSendDay('2026-03-30', berlin)).key, '2026-03-28');
    assert.equal(currentPeriod(new Date('2026-03-29T22:30:00Z'), berlin).key, '2026-03-29');
  });

  test('rejects a malformed day, time or zone', () => {
    assert.throws(() => dueInstant('2026-13-01', berlin), RangeError);
    assert.throws(() => dueInstant('2026-03-01', { ...berlin, time: '25:00' }), RangeError);
    assert.throws(() => periodForSendDay('2026-03-01', { timeZone: 'Mars/Base', days: 'daily' }), RangeError);
  });
});
