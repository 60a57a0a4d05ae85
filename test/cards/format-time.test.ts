import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { DateTime } from 'luxon';
import {
  formatClock,
  formatDay,
  formatInstant,
  formatRange,
  formatTime,
  type TimeStyle,
} from '../../src/cards/format-time.ts';

/** The luxon wording the cards have always used: the Intl formatters must say exactly the same. */
function luxonInstant(iso: string, zone: string): string {
  const t = DateTime.fromISO(iso, { zone: 'utc' }).setZone(zone);
  return t.isValid ? t.setLocale('en-GB').toFormat('ccc d LLL yyyy, HH:mm') : iso;
}

function luxonRange(from: string, to: string, zone: string): string {
  const a = DateTime.fromISO(from, { zone: 'utc' }).setZone(zone).setLocale('en-GB');
  const b = DateTime.fromISO(to, { zone: 'utc' }).setZone(zone).setLocale('en-GB');
  if (!a.isValid || !b.isValid) return `${from} – ${to}`;
  return `${a.toFormat('ccc d LLL yyyy, HH:mm')} – ${a.hasSame(b, 'day') ? b.toFormat('HH:mm') : b.toFormat('ccc d LLL yyyy, HH:mm')}`;
}

const ZONES = [
  'Europe/Berlin',
  'UTC',
  'America/New_York',
  'Asia/Kolkata',
  'Pacific/Chatham',
  'America/St_Johns',
  'Australia/Lord_Howe',
];

describe('formatTime', () => {
  test('formatInstant says what luxon says on every month, weekday, hour and DST change', () => {
    const instants: string[] = [];
    // Every 9 h 7 min over a year: all weekdays, months and hours, and both DST changes of each zone.
    for (let ms = Date.UTC(2026, 0, 1); ms < Date.UTC(2027, 0, 1); ms += (9 * 60 + 7) * 60_000)
      instants.push(new Date(ms).toISOString());
    instants.push(
      '2026-03-29T00:59:59.999Z',
      '2026-03-29T01:00:00Z',
      '2026-10-25T00:59:00Z',
      '2026-10-25T01:00:00.000Z',
      '2026-12-31T23:00:00Z',
    );
    for (const zone of ZONES) {
      for (const iso of instants) assert.equal(formatInstant(iso, zone), luxonInstant(iso, zone), `${iso} in ${zone}`);
    }
  });

  test('formatInstant says what luxon says every ten minutes around each DST change, half-hour ones included', () => {
    const days = [
      ['2026-03-08', '2026-11-01'], // America/New_York, America/St_Johns
      ['2026-03-29', '2026-10-25'], // Europe/Berlin
      ['2026-04-04', '2026-10-03'], // Australia/Lord_Howe (30 minutes)
      ['2026-04-05', '2026-09-27'], // Pacific/Chatham (+12:45 / +13:45)
    ].flat();
    for (const day of days) {
      const start = Date.parse(`${day}T00:00:00Z`) - 86_400_000;
      for (let ms = start; ms < start + 3 * 86_400_000; ms += 10 * 60_000 + 7_000) {
        const iso = new Date(ms).toISOString();
        for (const zone of ZONES) assert.equal(formatInstant(iso, zone), luxonInstant(iso, zone), `${iso} in ${zone}`);
      }
    }
  });

  test('formatInstant treats odd input as luxon does', () => {
    const odd = [
      '2026-05-04T09:12:44+05:30',
      '2026-05-04T09:12Z',
      '2026-05-04T09:12:44.123456Z',
      '2026-02-30T10:00:00Z',
      '2028-02-29T10:00:00Z',
      '2027-02-29T10:00:00Z',
      '2026-04-31T10:00:00Z',
      '2026-05-04T09:12:44-23:59',
      '2026-13-01T10:00:00Z',
      '2026-11-24T24:00:00Z',
      '2026-05-04',
      '2026-05-04 09:12:44',
      '0999-05-04T09:12:44Z',
      '1000-01-01T00:30:00+05:00',
      'yesterday',
      '',
      // The store's own form (toISOString), which has a fast path of its own.
      '2026-02-30T10:00:00.000Z',
      '2028-02-29T10:00:00.000Z',
      '2027-02-29T10:00:00.000Z',
      '2100-02-29T10:00:00.000Z',
      '2000-02-29T23:59:59.999Z',
      '2026-04-31T10:00:00.000Z',
      '2026-00-10T10:00:00.000Z',
      '2026-11-24T24:00:00.000Z',
      '2026-11-24T23:60:00.000Z',
      '2026-11-24T23:59:60.000Z',
      '1000-01-01T00:30:00.000Z',
      '1001-01-01T00:30:00.000Z',
      '2026-11-24T1a:00:00.000Z',
      '2026-11-24T10:00:00.000+',
      '2026/11/24T10:00:00.000Z',
    ];
    for (const iso of odd)
      assert.equal(formatInstant(iso, 'Europe/Berlin'), luxonInstant(iso, 'Europe/Berlin'), JSON.stringify(iso));
  });

  test('formatInstant uses UTC for a zone luxon does not know', () => {
    assert.equal(formatInstant('2026-05-04T09:12:44Z', 'Mars/Olympus'), 'Mon 4 May 2026, 09:12');
    assert.equal(formatInstant('2026-09-14T22:05:00Z', 'Europe/Berlin'), 'Tue 15 Sept 2026, 00:05');
  });

  test('formatRange: the end time alone on the same local day, else the whole end', () => {
    const cases: Array<[string, string]> = [
      ['2026-05-04T07:00:00Z', '2026-05-04T10:00:00Z'],
      ['2026-05-04T20:00:00Z', '2026-05-04T22:30:00Z'],
      ['2026-05-04T21:00:00Z', '2026-05-05T21:00:00Z'],
      ['2026-05-04T07:00:00Z', 'not a time'],
    ];
    for (const zone of ZONES) {
      for (const [from, to] of cases)
        assert.equal(formatRange({ from, to }, zone), luxonRange(from, to, zone), `${from}..${to} in ${zone}`);
    }
    assert.equal(
      formatRange({ from: '2026-05-04T07:00:00Z', to: '2026-05-04T10:00:00Z' }, 'Europe/Berlin'),
      'Mon 4 May 2026, 09:00 – 12:00',
    );
  });

  test('formatClock: HH:mm:ss in the zone', () => {
    assert.equal(formatClock(new Date('2026-05-04T22:05:09.900Z'), 'Europe/Berlin'), '00:05:09');
    assert.equal(formatClock(new Date('2026-05-04T22:05:09Z'), 'Nowhere/Else'), '22:05:09');
    assert.equal(formatClock(new Date('2026-05-04T22:05:09Z'), 'Asia/Kolkata'), '03:35:09');
  });

  test('every style says what the luxon pattern it replaced says (CLI and digest)', () => {
    const patterns: Record<TimeStyle, string> = {
      dayAndTime: 'ccc d LLL yyyy, HH:mm',
      dayAndTimeNoComma: 'ccc d LLL yyyy HH:mm',
      dayAndTimeNoYear: 'ccc d LLL, HH:mm',
      shortDayAndTime: 'dd LLL HH:mm',
      numeric: 'yyyy-MM-dd HH:mm',
      time: 'HH:mm',
      clock: 'HH:mm:ss',
    };
    for (let ms = Date.UTC(2026, 0, 1); ms < Date.UTC(2027, 0, 1); ms += (37 * 60 + 13) * 60_000 + 7_000) {
      const iso = new Date(ms).toISOString();
      for (const zone of ZONES) {
        const t = DateTime.fromISO(iso, { zone: 'utc' }).setZone(zone).setLocale('en-GB');
        for (const [style, pattern] of Object.entries(patterns))
          assert.equal(formatTime(iso, zone, style as TimeStyle), t.toFormat(pattern), `${style} ${iso} in ${zone}`);
      }
    }
    assert.equal(formatTime('not a time', 'Europe/Berlin', 'numeric'), 'not a time');
  });

  test('formatDay names a calendar day, whatever the zone', () => {
    assert.equal(formatDay('2026-03-29'), 'Sun 29 Mar 2026');
    assert.equal(formatDay('2026-09-01'), 'Tue 1 Sept 2026');
    assert.equal(formatDay('2026-02-30'), '2026-02-30');
    assert.equal(formatDay('2026-03-29T10:00:00Z'), '2026-03-29T10:00:00Z');
  });
});
